import { Tag } from 'antd';
import { messages } from '../../i18n/zh-CN.ts';
import type { CompletenessStatus } from './reports.api.ts';

const COLORS: Record<CompletenessStatus, string | undefined> = {
  not_started: undefined,
  draft: 'blue',
  submitted: 'gold',
  returned: 'red',
  accepted: 'green',
};

export function ReportStatusTag({ status }: { status: CompletenessStatus }) {
  return (
    <Tag color={COLORS[status]} data-testid="report-status">
      {messages.reporting.statuses[status] ?? status}
    </Tag>
  );
}
