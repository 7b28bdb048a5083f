import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { listAudit, type AuditQuery } from '../../api/audit.api.ts';
import { errorMessage } from '../../api/client.ts';
import type { AuditEntry } from '../../api/types.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { formatDateTime } from '../../shared/format.ts';
import { actionLabel } from '../../shared/labels.ts';

const t = messages.audit;

interface Filters {
  action?: string;
  actor?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

// Day boundaries are Shanghai calendar days (CONTRACTS.md, Dates), whatever the browser's zone.
const dayStart = (d: Dayjs) => `${d.format('YYYY-MM-DD')}T00:00:00+08:00`;
const dayEnd = (d: Dayjs) => `${d.format('YYYY-MM-DD')}T23:59:59.999+08:00`;

function summaryText(summary: unknown): string {
  if (summary === null || summary === undefined) return '';
  return typeof summary === 'string' ? summary : JSON.stringify(summary);
}

export default function AuditPage() {
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Omit<AuditQuery, 'page' | 'pageSize'>>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const query: AuditQuery = { ...filters, page, pageSize };
  const list = useQuery({
    queryKey: ['audit', query],
    queryFn: () => listAudit(query),
    placeholderData: keepPreviousData,
  });

  function apply(v: Filters) {
    const [from, to] = v.range ?? [null, null];
    setFilters({
      action: v.action || undefined,
      actor: v.actor?.trim() || undefined,
      from: from ? dayStart(from) : undefined,
      to: to ? dayEnd(to) : undefined,
    });
    setPage(1);
  }

  const columns: TableColumnsType<AuditEntry> = [
    { title: t.time, dataIndex: 'at', width: 160, render: (v: string) => formatDateTime(v) },
    { title: t.actor, dataIndex: 'actorName', width: 100, render: (v: string | null) => v ?? messages.common.none },
    { title: t.unit, dataIndex: 'unitName', width: 180, ellipsis: true },
    { title: t.action, dataIndex: 'action', width: 100, render: (v: string) => actionLabel(v) },
    {
      title: t.object,
      key: 'object',
      width: 100,
      render: (_v, e) =>
        e.objectType
          ? `${t.objectTypes[e.objectType] ?? e.objectType}${e.objectId !== null ? ` #${String(e.objectId)}` : ''}`
          : '',
    },
    {
      title: t.details,
      dataIndex: 'summary',
      ellipsis: true,
      render: (v: unknown) => (
        <Typography.Text type="secondary" style={{ fontFamily: 'monospace', fontSize: 12 }}>
          {summaryText(v)}
        </Typography.Text>
      ),
    },
    { title: t.ip, dataIndex: 'ip', width: 110 },
    {
      title: t.sealed,
      dataIndex: 'sealed',
      width: 80,
      render: (v: boolean) => (v ? <Tag color="green">{t.sealedYes}</Tag> : <Tag>{t.sealedNo}</Tag>),
    },
  ];

  const actionOptions = Object.entries(t.actions).map(([value, label]) => ({ value, label }));

  return (
    <Card title={t.title}>
      <Form form={form} layout="inline" onFinish={apply} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="action" label={t.action}>
          <Select allowClear placeholder={t.actionFilter} options={actionOptions} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="actor" label={t.actor}>
          <Input allowClear placeholder={t.actorFilter} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="range" label={t.range}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {messages.common.search}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              apply({});
            }}
          >
            {messages.common.reset}
          </Button>
        </Space>
      </Form>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 16 }} />}
      <Table<AuditEntry>
        rowKey="seq"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        locale={{ emptyText: t.empty }}
        scroll={{ x: 1000 }}
        expandable={{
          expandedRowRender: (e) => (
            <pre style={{ margin: 0, whiteSpace: 'pre-wrap', fontSize: 12 }}>{JSON.stringify(e.summary, null, 2)}</pre>
          ),
          rowExpandable: (e) => e.summary !== null && e.summary !== undefined,
        }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: messages.common.total,
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        }}
      />
    </Card>
  );
}
