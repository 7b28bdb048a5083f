import { CheckCircleFilled, ExclamationCircleOutlined } from '@ant-design/icons';
import { Space, Tag, Typography } from 'antd';
import { messages } from '../../i18n/zh-CN.ts';
import type { ReportView } from './reports.api.ts';

const t = messages.reporting.entry;

/** 本通知要求报送: each part the notice asks for, and whether the report has it yet. */
export function RequiredParts({ parts }: { parts: ReportView['parts'] }) {
  if (parts.length === 0) return null;
  return (
    <div data-testid="required-parts">
      <Space wrap size={[8, 8]}>
        <Typography.Text strong>{t.partsRequired}：</Typography.Text>
        {parts.map((p) => (
          <Tag
            key={`${p.kind}:${p.label}`}
            color={p.done ? 'success' : 'warning'}
            icon={p.done ? <CheckCircleFilled /> : <ExclamationCircleOutlined />}
            title={p.done ? t.partDone : t.partMissing}
            data-done={p.done ? 'yes' : 'no'}
          >
            {p.label}
          </Tag>
        ))}
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 4, marginBottom: 0 }}>
        {t.partsHint}
      </Typography.Paragraph>
    </div>
  );
}
