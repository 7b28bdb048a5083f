import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Modal, Space, Spin, Table, Tag, Typography, Upload } from 'antd';
import type { TableColumnsType, UploadFile } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { reportKeys } from '../reports/reports.api.ts';
import { bulkImportReports, type BulkImportResult, type BulkImportRow, type BulkOutcome } from './bulk-import.api.ts';

// Page-local labels: importing tables collected offline.
const t = {
  title: '批量导入报表',
  hint: '上传各单位线下填写的统计表：每个单位一个 .xlsx 文件，或一个工作簿中每个单位一个工作表。系统按表中“填报单位”一栏（没有时按工作表名或文件名）匹配本通知的填报单位，导入为代填报草稿。',
  drop: '点击或拖入 .xlsx 文件（可多选）',
  submit: '直接提交（导入后即提交，等待本单位审核）',
  start: '开始导入',
  importing: '正在导入，请稍候…',
  summary: (r: BulkImportResult) =>
    `共 ${r.rows.length} 份：成功 ${r.imported + r.submitted} 份${r.submitted ? `（已提交 ${r.submitted} 份）` : ''}，未导入 ${r.failed} 份`,
  again: '继续导入',
  close: '关闭',
  file: '文件 / 工作表',
  unit: '单位',
  outcome: '结果',
  message: '说明',
  wrongType: (name: string) => `“${name}”不是 .xlsx 文件，已忽略`,
  none: '请先选择文件',
};
const OUTCOMES: Record<BulkOutcome, { label: string; color: string }> = {
  imported: { label: '成功', color: 'green' },
  submitted: { label: '成功（已提交）', color: 'green' },
  unit_unknown: { label: '单位无法识别', color: 'orange' },
  not_recipient: { label: '不是本通知的填报单位', color: 'orange' },
  table_error: { label: '表格错误', color: 'red' },
  locked: { label: '已通过不能覆盖', color: 'default' },
  duplicate: { label: '重复', color: 'default' },
};

const columns: TableColumnsType<BulkImportRow> = [
  { title: t.file, key: 'file', width: 220, render: (_v, r) => (r.sheet ? `${r.file}（${r.sheet}）` : r.file) },
  { title: t.unit, dataIndex: 'unitName', width: 200, render: (v: string | null) => v ?? '—' },
  {
    title: t.outcome,
    dataIndex: 'outcome',
    width: 170,
    render: (v: BulkOutcome) => <Tag color={OUTCOMES[v].color}>{OUTCOMES[v].label}</Tag>,
  },
  {
    title: t.message,
    key: 'message',
    render: (_v, r) => (
      <Space orientation="vertical" size={0}>
        <span>{r.message}</span>
        {r.problems.map((p) => (
          <Typography.Text key={`${p.cell}${p.message}`} type="danger">
            {p.message}
          </Typography.Text>
        ))}
      </Space>
    ),
  },
];

/** Upload tables of many units at once and see what became of each (the issuing office). */
export function BulkImportDialog({
  noticeId,
  open,
  onClose,
}: {
  noticeId: number;
  open: boolean;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [submit, setSubmit] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<BulkImportResult | null>(null);

  const reset = () => {
    setFiles([]);
    setResult(null);
    setError(null);
    setSubmit(false);
  };
  const close = () => {
    if (!busy) {
      reset();
      onClose();
    }
  };

  async function start(): Promise<void> {
    const chosen = files.flatMap((f) => (f.originFileObj ? [f.originFileObj as File] : []));
    if (chosen.length === 0) {
      setError(t.none);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setResult(await bulkImportReports(noticeId, chosen, submit));
      await client.invalidateQueries({ queryKey: reportKeys.all });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const footer = result
    ? [
        <Button key="again" onClick={reset}>
          {t.again}
        </Button>,
        <Button key="close" type="primary" onClick={close}>
          {t.close}
        </Button>,
      ]
    : [
        <Button key="cancel" onClick={close} disabled={busy}>
          {messages.common.cancel}
        </Button>,
        <Button
          key="start"
          type="primary"
          loading={busy}
          disabled={files.length === 0}
          onClick={() => {
            void start();
          }}
          data-testid="bulk-import-start"
        >
          {t.start}
        </Button>,
      ];

  return (
    <Modal
      open={open}
      title={t.title}
      onCancel={close}
      footer={footer}
      width={result ? 960 : 640}
      destroyOnHidden
      maskClosable={!busy}
      data-testid="bulk-import-dialog"
    >
      {result ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert
            type={result.failed ? 'warning' : 'success'}
            showIcon
            title={t.summary(result)}
            data-testid="bulk-import-summary"
          />
          <Table<BulkImportRow>
            rowKey={(r) => `${r.file}:${r.sheet ?? ''}:${r.unitName ?? ''}`}
            size="small"
            columns={columns}
            dataSource={result.rows}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 860 }}
            data-testid="bulk-import-result"
          />
        </Space>
      ) : (
        <Spin spinning={busy} tip={t.importing}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Paragraph type="secondary">{t.hint}</Typography.Paragraph>
            <Upload.Dragger
              multiple
              accept=".xlsx"
              fileList={files}
              data-testid="bulk-import-files"
              beforeUpload={(file) => {
                if (!file.name.toLowerCase().endsWith('.xlsx')) {
                  setError(t.wrongType(file.name));
                  return Upload.LIST_IGNORE;
                }
                return false;
              }}
              onChange={({ fileList }) => {
                setFiles(fileList);
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t.drop}</p>
            </Upload.Dragger>
            <Checkbox
              checked={submit}
              onChange={(e) => {
                setSubmit(e.target.checked);
              }}
              data-testid="bulk-import-submit"
            >
              {t.submit}
            </Checkbox>
            {error && <Alert type="error" showIcon title={error} />}
          </Space>
        </Spin>
      )}
    </Modal>
  );
}
