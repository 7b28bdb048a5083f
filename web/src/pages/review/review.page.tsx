import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Space, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { listOutbox, noticeKeys, type OutboxItem } from '../../api/notices.api.ts';
import { messages } from '../../i18n/zh-CN.ts';

const t = messages.reporting.review;

/** 审核: the issued notices of the user's units that collect reports, with links to completeness and roll-up. */
export default function ReviewPage() {
  const q = useQuery({ queryKey: noticeKeys.outbox, queryFn: listOutbox });
  const rows = (q.data ?? []).filter((n) => n.status === 'issued' && n.collects);
  const columns: TableColumnsType<OutboxItem> = [
    { title: t.notice, dataIndex: 'title', render: (v: string, n) => <Link to={`/notices/${n.id}`}>{v}</Link> },
    { title: messages.notices.issuer, dataIndex: 'issuerName', width: 220, ellipsis: true },
    {
      title: t.deadline,
      dataIndex: 'deadline',
      width: 110,
      render: (v: string | null) => v ?? messages.notices.noDeadline,
    },
    {
      title: messages.common.actions,
      key: 'links',
      width: 180,
      render: (_v, n) => (
        <Space>
          <Link to={`/notices/${n.id}/reports`}>{t.reports}</Link>
          <Link to={`/notices/${n.id}/rollup`}>{t.rollup}</Link>
        </Space>
      ),
    },
  ];
  return (
    <Card title={t.listTitle}>
      {q.isError && <Alert type="error" showIcon title={errorMessage(q.error)} style={{ marginBottom: 16 }} />}
      <Table<OutboxItem>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={q.isFetching}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.listEmpty} /> }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: messages.common.total }}
        scroll={{ x: 700 }}
        data-testid="review-table"
      />
    </Card>
  );
}
