import { FileSearchOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import {
  ARRANGEMENT_ROLES,
  listInbox,
  listOutbox,
  listTasks,
  noticeKeys,
  TASK_STATES,
  type ArrangementRole,
  type InboxItem,
  type OutboxItem,
  type TaskState,
  type TaskView,
} from '../../api/notices.api.ts';
import { useSession } from '../../auth/use-session.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { ReportStatusTag } from '../reports/status-tag.tsx';
import { docNumberText, staffUnitOf } from './notice-format.ts';

const t = messages.notices;
// The statistics table column of the inbox.
const REPORT_COLUMN = '统计表';
const REPORT_FILL = '填报';
const REPORT_VIEW = '查看';
const REPORT_NONE = '无需填报';
type TabKey = 'inbox' | 'outbox' | 'tasks';
const TABS: readonly TabKey[] = ['inbox', 'outbox', 'tasks'];

const empty = (text: string) => <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} />;
const titleLink = (id: number, title: string) => <Link to={`/notices/${id}`}>{title}</Link>;
const docCell = (v: string | null) => (v ? v : <Typography.Text type="secondary">{t.noDocNumber}</Typography.Text>);
const deadlineCell = (v: string | null) => (v ? v : <Typography.Text type="secondary">{t.noDeadline}</Typography.Text>);

function InboxTab() {
  const q = useQuery({ queryKey: noticeKeys.inbox, queryFn: listInbox });
  const columns: TableColumnsType<InboxItem> = [
    { title: t.docTitle, dataIndex: 'title', render: (v: string, r) => titleLink(r.id, v) },
    { title: t.docNumber, dataIndex: 'docNumber', width: 190, render: docCell },
    { title: t.issuer, dataIndex: 'issuerName', width: 220, ellipsis: true },
    { title: t.issuedOn, dataIndex: 'issuedOn', width: 110, render: (v: string | null) => v ?? '' },
    { title: t.deadline, dataIndex: 'deadline', width: 110, render: deadlineCell },
    {
      title: t.status,
      key: 'status',
      width: 150,
      render: (_v, r) => (
        <Space size={4} wrap>
          {r.signed ? (
            <Tag color="green">{t.signed}</Tag>
          ) : r.read ? (
            <Tag>{t.read}</Tag>
          ) : (
            <Tag color="blue">{t.unread}</Tag>
          )}
          {r.forwarded && <Tag color="purple">{t.forwarded}</Tag>}
          {r.recordedBy !== null && (
            <Tag color="gold" title={t.recordedBy(r.recordedBy)} data-testid={`recorded-${r.id}`}>
              {t.recordedTag}
            </Tag>
          )}
          {r.archived && <Tag>{messages.campaigns.archived}</Tag>}
        </Space>
      ),
    },
    {
      title: REPORT_COLUMN,
      key: 'report',
      width: 150,
      render: (_v, r) =>
        r.collects ? (
          <Space size={4} wrap>
            <ReportStatusTag status={r.report?.status ?? 'not_started'} />
            {r.report?.late && <Tag color="red">{messages.reporting.late}</Tag>}
            <Link to={`/notices/${r.id}/report/${r.recipientUnitId}`} data-testid={`fill-${r.id}`}>
              {r.report && r.report.status !== 'draft' && r.report.status !== 'returned' ? REPORT_VIEW : REPORT_FILL}
            </Link>
          </Space>
        ) : (
          <Typography.Text type="secondary">{REPORT_NONE}</Typography.Text>
        ),
    },
  ];
  return (
    <>
      {q.isError && <Alert type="error" showIcon title={errorMessage(q.error)} style={{ marginBottom: 16 }} />}
      <Table<InboxItem>
        rowKey={(r) => `${r.id}-${r.recipientUnitId}`}
        size="middle"
        columns={columns}
        dataSource={q.data ?? []}
        loading={q.isFetching}
        locale={{ emptyText: empty(t.inboxEmpty) }}
        scroll={{ x: 1050 }}
        pagination={{ pageSize: 20, showTotal: messages.common.total, hideOnSinglePage: true }}
        data-testid="inbox-table"
      />
    </>
  );
}

function OutboxTab() {
  const q = useQuery({ queryKey: noticeKeys.outbox, queryFn: listOutbox });
  const columns: TableColumnsType<OutboxItem> = [
    {
      title: t.docTitle,
      dataIndex: 'title',
      render: (v: string, r) => (
        <Space size={4}>
          {r.status === 'draft' && <Tag color="orange">{t.draft}</Tag>}
          {r.recordedBy !== null && (
            <Tag color="gold" title={t.recordedBy(r.recordedBy)} data-testid={`recorded-${r.id}`}>
              {t.recordedTag}
            </Tag>
          )}
          {titleLink(r.id, v)}
        </Space>
      ),
    },
    { title: t.kind, dataIndex: 'kind', width: 100, render: (v: string) => t.kinds[v] ?? v },
    { title: t.docNumber, dataIndex: 'docNumber', width: 190, render: docCell },
    {
      title: t.issuedOn,
      dataIndex: 'issuedOn',
      width: 110,
      render: (v: string | null, r) =>
        r.status === 'draft' ? <Typography.Text type="secondary">{t.notIssued}</Typography.Text> : (v ?? ''),
    },
    { title: t.deadline, dataIndex: 'deadline', width: 110, render: deadlineCell },
    {
      title: t.signedCount,
      key: 'signed',
      width: 90,
      render: (_v, r) => (r.status === 'draft' ? '' : `${r.signedCount}/${r.recipientCount}`),
    },
  ];
  return (
    <>
      {q.isError && <Alert type="error" showIcon title={errorMessage(q.error)} style={{ marginBottom: 16 }} />}
      <Table<OutboxItem>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={q.data ?? []}
        loading={q.isFetching}
        locale={{ emptyText: empty(t.outboxEmpty) }}
        scroll={{ x: 900 }}
        pagination={{ pageSize: 20, showTotal: messages.common.total, hideOnSinglePage: true }}
        data-testid="outbox-table"
      />
    </>
  );
}

function TasksTab() {
  const [params, setParams] = useSearchParams();
  const role = ARRANGEMENT_ROLES.find((r) => r === params.get('role'));
  const state = TASK_STATES.find((s) => s === params.get('state'));
  const q = useQuery({ queryKey: noticeKeys.tasks(role, state), queryFn: () => listTasks(role, state) });
  const setFilter = (key: 'role' | 'state', value: string | undefined) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  };
  const stateColor: Record<TaskState, string> = { open: 'blue', overdue: 'red', closed: 'default' };
  const columns: TableColumnsType<TaskView> = [
    { title: t.task, dataIndex: 'title' },
    { title: t.role, dataIndex: 'role', width: 80, render: (v: ArrangementRole) => t.roles[v] },
    {
      title: t.sourceNotice,
      key: 'notice',
      render: (_v, r) => (
        <Space orientation="vertical" size={0}>
          {titleLink(r.noticeId, r.noticeTitle)}
          <Typography.Text type="secondary">
            {r.issuerName} · {docNumberText(r.docNumber)}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t.dueOn, dataIndex: 'dueOn', width: 110, render: deadlineCell },
    {
      title: t.taskState,
      dataIndex: 'state',
      width: 90,
      render: (v: TaskState) => <Tag color={stateColor[v]}>{t.taskStates[v]}</Tag>,
    },
  ];
  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <Select<ArrangementRole>
          allowClear
          placeholder={t.allRoles}
          aria-label={t.role}
          value={role}
          style={{ width: 140 }}
          options={ARRANGEMENT_ROLES.map((r) => ({ value: r, label: t.roles[r] }))}
          onChange={(v) => setFilter('role', v)}
        />
        <Select<TaskState>
          allowClear
          placeholder={t.allStates}
          aria-label={t.taskState}
          value={state}
          style={{ width: 140 }}
          options={TASK_STATES.map((s) => ({ value: s, label: t.taskStates[s] }))}
          onChange={(v) => setFilter('state', v)}
        />
      </Space>
      {q.isError && <Alert type="error" showIcon title={errorMessage(q.error)} style={{ marginBottom: 16 }} />}
      <Table<TaskView>
        rowKey={(r) => `${r.noticeId}-${r.arrangementIndex}-${r.unitId}-${r.role}`}
        size="middle"
        columns={columns}
        dataSource={q.data ?? []}
        loading={q.isFetching}
        locale={{ emptyText: empty(role || state ? t.tasksEmptyFiltered : t.tasksEmpty) }}
        scroll={{ x: 900 }}
        pagination={{ pageSize: 20, showTotal: messages.common.total, hideOnSinglePage: true }}
        data-testid="tasks-table"
      />
    </>
  );
}

export default function NoticesPage() {
  const { user } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((k) => k === params.get('tab')) ?? 'inbox';
  const canIssue = staffUnitOf(user) !== null;

  return (
    <Card
      title={t.title}
      extra={
        <Space>
          <Button
            icon={<FileSearchOutlined />}
            onClick={() => {
              void navigate('/notices/import');
            }}
          >
            {messages.noticeImport.entry}
          </Button>
          {canIssue && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                void navigate('/notices/new');
              }}
            >
              {t.create}
            </Button>
          )}
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'inbox', label: t.tabInbox, children: <InboxTab /> },
          { key: 'outbox', label: t.tabOutbox, children: <OutboxTab /> },
          { key: 'tasks', label: t.tabTasks, children: <TasksTab /> },
        ]}
      />
    </Card>
  );
}
