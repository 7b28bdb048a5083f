import { useQueries, useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { listInbox, noticeKeys, type InboxItem } from '../../api/notices.api.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { getReport, type ReportView } from './reports.api.ts';
import { ReportStatusTag } from './status-tag.tsx';

const t = messages.reporting.list;

interface Row {
  item: InboxItem;
  report: ReportView;
}
const entryPath = (r: Row) => `/notices/${r.item.id}/report/${r.item.recipientUnitId}`;

/** 填报: the notices addressed to the user's units that require the statistics form, with each report's status. */
export default function MyReportsPage() {
  const navigate = useNavigate();
  const inbox = useQuery({ queryKey: noticeKeys.inbox, queryFn: listInbox });
  const items = inbox.data ?? [];
  // The inbox does not say which notices require a form: asking for the report answers both (REPORT_NOT_REQUIRED otherwise).
  const reports = useQueries({
    queries: items.map((item) => ({
      queryKey: ['reports', 'list', item.id, item.recipientUnitId],
      queryFn: () => getReport(item.id, item.recipientUnitId),
      retry: false,
    })),
  });
  const loading = inbox.isPending || reports.some((r) => r.isPending);
  const rows: Row[] = items.flatMap((item, i) => {
    const report = reports[i]?.data;
    return report ? [{ item, report }] : [];
  });

  const columns: TableColumnsType<Row> = [
    { title: t.notice, key: 'title', render: (_v, r) => <Link to={entryPath(r)}>{r.item.title}</Link> },
    { title: t.unit, key: 'unit', width: 200, ellipsis: true, render: (_v, r) => r.report.unitName },
    { title: t.issuer, key: 'issuer', width: 220, ellipsis: true, render: (_v, r) => r.item.issuerName },
    {
      title: t.deadline,
      key: 'deadline',
      width: 110,
      render: (_v, r) => r.item.deadline ?? <Typography.Text type="secondary">{t.noDeadline}</Typography.Text>,
    },
    {
      title: t.status,
      key: 'status',
      width: 150,
      render: (_v, r) => (
        <Space size={4}>
          <ReportStatusTag status={r.report.id === null ? 'not_started' : r.report.status} />
          {r.report.late && <Tag color="red">{messages.reporting.late}</Tag>}
        </Space>
      ),
    },
  ];

  return (
    <Card title={t.title}>
      {inbox.isError && <Alert type="error" showIcon title={errorMessage(inbox.error)} style={{ marginBottom: 16 }} />}
      <Table<Row>
        rowKey={(r) => `${r.item.id}-${r.item.recipientUnitId}`}
        columns={columns}
        dataSource={rows}
        loading={loading}
        onRow={(r) => ({
          onClick: (e) => {
            if (!(e.target as HTMLElement).closest('a')) void navigate(entryPath(r));
          },
          style: { cursor: 'pointer' },
        })}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.empty} /> }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: messages.common.total }}
        scroll={{ x: 800 }}
        data-testid="my-reports-table"
      />
    </Card>
  );
}
