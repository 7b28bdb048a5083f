import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Card, Col, Empty, List, Row, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api/client.ts';
import { listTasks, noticeKeys } from '../api/notices.api.ts';
import { messages } from '../i18n/zh-CN.ts';
import { daysUntil, formatDateTime } from '../shared/format.ts';
import { useTodos } from '../shared/use-todos.ts';
import { ReportStatusTag } from './reports/status-tag.tsx';

const t = messages.dashboard;
const SHOWN = 5;

function DueTag({ date }: { date: string | null }) {
  if (!date) return <Typography.Text type="secondary">{t.noDeadline}</Typography.Text>;
  const days = daysUntil(date);
  return (
    <Tag color={days < 0 ? 'red' : days <= 3 ? 'orange' : 'default'}>
      {date} · {t.dueIn(days)}
    </Tag>
  );
}

interface Row {
  key: string;
  title: ReactNode;
  extra: ReactNode;
}

function TodoCard({
  title,
  rows,
  empty,
  more,
  loading,
  testId,
}: {
  title: string;
  rows: Row[];
  empty: string;
  more: string;
  loading: boolean;
  testId: string;
}) {
  return (
    <Card
      title={
        <>
          {title} <Badge count={rows.length} showZero color={rows.length ? '#fa541c' : '#d9d9d9'} />
        </>
      }
      extra={<Link to={more}>{t.viewAll}</Link>}
      loading={loading}
      style={{ height: '100%' }}
      data-testid={testId}
    >
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />
      ) : (
        <List
          size="small"
          dataSource={rows.slice(0, SHOWN)}
          renderItem={(r) => (
            <List.Item key={r.key} extra={r.extra}>
              {r.title}
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** 待办: notices to sign for, reports to fill in or fix (nearest deadline first), reports to review, overdue tasks. */
export function DashboardTodo() {
  const todos = useTodos();
  const tasks = useQuery({
    queryKey: noticeKeys.tasks(undefined, 'overdue'),
    queryFn: () => listTasks(undefined, 'overdue'),
  });
  const toSign = todos.toSign.map((n): Row => ({
    key: `s${n.id}-${n.recipientUnitId}`,
    title: <Link to={`/notices/${n.id}`}>{n.title}</Link>,
    extra: <DueTag date={n.deadline} />,
  }));
  const toReport = todos.toReport.map((n): Row => ({
    key: `r${n.id}-${n.recipientUnitId}`,
    title: <Link to={`/notices/${n.id}/report/${n.recipientUnitId}`}>{n.title}</Link>,
    extra: (
      <>
        <ReportStatusTag status={n.report?.status ?? 'not_started'} /> <DueTag date={n.deadline} />
      </>
    ),
  }));
  // What came in last first: the count says how many wait, the list leads to the newest arrivals.
  const toReview = [...todos.toReview].reverse().map((r): Row => ({
    key: `v${r.kind}${r.reportId}`,
    title: (
      <Link to={`/notices/${r.noticeId}/report/${r.unitId}`}>
        {r.unitName} · {r.noticeTitle}
      </Link>
    ),
    extra: (
      <>
        {r.kind === 'unlock' && <Tag color="purple">{t.unlockRequest}</Tag>}
        {r.late && <Tag color="red">{t.lateTag}</Tag>}
        <Typography.Text type="secondary">{formatDateTime(r.at).slice(0, 10)}</Typography.Text>
      </>
    ),
  }));
  const overdue = (tasks.data ?? []).map((k): Row => ({
    key: `t${k.noticeId}-${k.arrangementIndex}-${k.unitId}-${k.role}`,
    title: <Link to={`/notices/${k.noticeId}`}>{k.title}</Link>,
    extra: (
      <>
        <Tag>{k.roleLabel}</Tag>
        <DueTag date={k.dueOn} />
      </>
    ),
  }));
  const error = todos.error ?? tasks.error;
  return (
    <>
      {error && <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <TodoCard
            title={t.toSign}
            rows={toSign}
            empty={t.toSignEmpty}
            more="/notices?tab=inbox"
            loading={todos.loading}
            testId="todo-sign"
          />
        </Col>
        <Col xs={24} xl={12}>
          <TodoCard
            title={t.toReport}
            rows={toReport}
            empty={t.toReportEmpty}
            more="/reports"
            loading={todos.loading}
            testId="todo-report"
          />
        </Col>
        <Col xs={24} xl={12}>
          <TodoCard
            title={t.toReview}
            rows={toReview}
            empty={t.toReviewEmpty}
            more="/review"
            loading={todos.loading}
            testId="todo-review"
          />
        </Col>
        <Col xs={24} xl={12}>
          <TodoCard
            title={t.overdueTasks}
            rows={overdue}
            empty={t.overdueTasksEmpty}
            more="/notices?tab=tasks"
            loading={tasks.isLoading}
            testId="todo-tasks"
          />
        </Col>
      </Row>
    </>
  );
}
