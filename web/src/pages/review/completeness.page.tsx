import { ArrowLeftOutlined, BarChartOutlined, BellOutlined, UploadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Row, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { getNotice, noticeKeys } from '../../api/notices.api.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { formatDateTime } from '../../shared/format.ts';
import { PageSpinner } from '../../shared/lazy-page.tsx';
import { docNumberText } from '../notices/notice-format.ts';
import { getCompleteness, reportKeys, type BelowNotice, type CompletenessRow } from '../reports/reports.api.ts';
import { ReportStatusTag } from '../reports/status-tag.tsx';
import { RemindDialog, type RemindTarget } from '../notifications/remind-dialog.tsx';
import { BulkImportDialog } from './bulk-import-dialog.tsx';
import { LateBoardTable } from './late-board.tsx';
import { UnitContactsDrawer, type ContactsTarget } from './unit-contacts-drawer.tsx';
import { UnlockRequestsCard } from './unlock-requests.tsx';

/** Units that still owe a report (催报 targets). */
const pending = (r: CompletenessRow) => r.status === 'not_started' || r.status === 'draft' || r.status === 'returned';

const t = messages.reporting.review;
const s = messages.reporting.statuses;

/** The issuer sees what a reviewer may open: everything but drafts (except those it filled in on the unit's behalf) and reports not started. */
const openable = (r: CompletenessRow) =>
  r.status === 'submitted' ||
  r.status === 'returned' ||
  r.status === 'accepted' ||
  (r.status === 'draft' && r.onBehalf);

/** A recipient's own notice below this one: how its recipients stand, and the way down to them. */
function BelowLink({ below }: { below: BelowNotice }) {
  const p = below.progress;
  return (
    <Link to={`/notices/${below.noticeId}/reports`} title={below.title}>
      <Space size={4} wrap>
        <span>{docNumberText(below.docNumber)}</span>
        <span>{t.belowSigned(below.signed, below.recipients)}</span>
        <span>{t.belowProgress(p.submitted + p.accepted, p.expected)}</span>
        {p.overdue > 0 && <Tag color="red">{`${t.overdue} ${p.overdue}`}</Tag>}
      </Space>
    </Link>
  );
}

/** 填报情况: who has reported on a notice and on the notices below it, for its issuer and the offices above. */
export default function CompletenessPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const valid = Number.isInteger(id) && id > 0;
  const notice = useQuery({ queryKey: noticeKeys.detail(id), queryFn: () => getNotice(id), enabled: valid });
  const q = useQuery({ queryKey: reportKeys.completeness(id), queryFn: () => getCompleteness(id), enabled: valid });
  const [remind, setRemind] = useState<RemindTarget | null>(null);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [contacts, setContacts] = useState<ContactsTarget | null>(null);
  const [tab, setTab] = useState('recipients');
  // 催报 is for the issuing office's reviewers and admins: the same people who may revise the issued notice.
  const canRemind = notice.data?.status === 'issued' && notice.data.can.revise;
  if (q.isPending) return <PageSpinner />;
  if (q.isError)
    return (
      <Card>
        <Alert type="error" showIcon title={errorMessage(q.error)} />
      </Card>
    );
  const c = q.data;
  const path = (r: CompletenessRow) => `/notices/${id}/report/${r.unitId}`;

  const columns: TableColumnsType<CompletenessRow> = [
    {
      title: t.unit,
      dataIndex: 'unitName',
      render: (v: string, r) => (openable(r) ? <Link to={path(r)}>{v}</Link> : v),
    },
    {
      title: t.status,
      key: 'status',
      width: 230,
      render: (_v, r) => (
        <Space size={4} wrap>
          <ReportStatusTag status={r.status} />
          {r.overdueDays !== null && <Tag color="red">{t.overdueDays(r.overdueDays)}</Tag>}
          {r.late && <Tag color="orange">{t.lateSubmitted}</Tag>}
          {r.onBehalf && <Tag color="purple">{messages.reporting.onBehalf}</Tag>}
        </Space>
      ),
    },
    { title: t.submittedAt, dataIndex: 'submittedAt', width: 170, render: (v: string | null) => formatDateTime(v) },
    ...(c.rows.some((r) => r.below.length > 0)
      ? [
          {
            title: t.below,
            key: 'below',
            render: (_v: unknown, r: CompletenessRow) => (
              <Space orientation="vertical" size={0}>
                {r.below.map((b) => (
                  <BelowLink key={b.noticeId} below={b} />
                ))}
              </Space>
            ),
          },
        ]
      : []),
    {
      title: messages.common.actions,
      key: 'open',
      width: 140,
      render: (_v, r) => (
        <Space size="small">
          {openable(r) && <Link to={path(r)}>{t.open}</Link>}
          <Button
            type="link"
            size="small"
            style={{ padding: 0 }}
            onClick={() => {
              setContacts({ unitName: r.unitName, contacts: r.contacts });
            }}
          >
            {t.contacts}
          </Button>
        </Space>
      ),
    },
    ...(canRemind
      ? [
          {
            title: t.remind,
            key: 'remind',
            width: 80,
            render: (_v: unknown, r: CompletenessRow) =>
              pending(r) ? (
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0 }}
                  onClick={() => {
                    setRemind({ noticeId: id, deadline: notice.data?.deadline ?? null, units: [r], pendingCount: 1 });
                  }}
                >
                  {t.remind}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];
  const stats: { key: string; title: string; value: number | string; color?: string }[] = [
    { key: 'expected', title: t.expected, value: c.expected },
    { key: 'notStarted', title: s.not_started ?? '', value: c.notStarted },
    { key: 'draft', title: s.draft ?? '', value: c.draft },
    { key: 'submitted', title: s.submitted ?? '', value: c.submitted, color: '#d48806' },
    { key: 'returned', title: s.returned ?? '', value: c.returned, color: '#cf1322' },
    { key: 'accepted', title: s.accepted ?? '', value: c.accepted, color: '#389e0d' },
    { key: 'overdue', title: t.overdue, value: c.overdue, color: c.overdue ? '#cf1322' : undefined },
    { key: 'late', title: t.lateSubmitted, value: c.late, color: c.late ? '#d46b08' : undefined },
    { key: 'rate', title: t.onTimeRate, value: c.onTimeRate === null ? '—' : `${(c.onTimeRate * 100).toFixed(0)}%` },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              aria-label={t.back}
              onClick={() => {
                void navigate(`/notices/${id}`);
              }}
            />
            <span>{t.title}</span>
            {notice.data && <Typography.Text type="secondary">{notice.data.title}</Typography.Text>}
          </Space>
        }
        extra={
          <Space wrap>
            {canRemind && (
              <Button
                icon={<BellOutlined />}
                disabled={!c.rows.some(pending)}
                data-testid="remind-all"
                onClick={() => {
                  setRemind({
                    noticeId: id,
                    deadline: notice.data?.deadline ?? null,
                    units: 'all',
                    pendingCount: c.rows.filter(pending).length,
                  });
                }}
              >
                催报全部未报单位
              </Button>
            )}
            {canRemind && (
              <Button
                icon={<UploadOutlined />}
                onClick={() => {
                  setBulkOpen(true);
                }}
                data-testid="bulk-import"
              >
                批量导入报表
              </Button>
            )}
            <Button
              icon={<BarChartOutlined />}
              onClick={() => {
                void navigate(`/notices/${id}/rollup`);
              }}
            >
              {t.rollup}
            </Button>
          </Space>
        }
      >
        <Row gutter={[16, 16]} data-testid="completeness-counts">
          {stats.map((x) => (
            <Col key={x.key} xs={12} sm={6} lg={{ flex: '11%' }}>
              <Statistic
                title={x.title}
                value={x.value}
                styles={x.color ? { content: { color: x.color } } : undefined}
              />
            </Col>
          ))}
        </Row>
        {c.cascade.notices > 1 && (
          <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }} data-testid="cascade-line">
            {t.cascadeLine(
              c.cascade.notices,
              c.cascade.expected,
              c.cascade.submitted + c.cascade.accepted,
              c.cascade.overdue,
            )}
          </Typography.Paragraph>
        )}
      </Card>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          destroyOnHidden
          items={[
            {
              key: 'recipients',
              label: t.recipientsTab(c.expected),
              children: (
                <Table<CompletenessRow>
                  rowKey="unitId"
                  size="middle"
                  columns={columns}
                  dataSource={c.rows}
                  loading={q.isFetching}
                  locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.empty} /> }}
                  pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: messages.common.total }}
                  data-testid="completeness-table"
                />
              ),
            },
            {
              key: 'late',
              label: (
                <span data-testid="late-board-tab">
                  {t.lateBoardTab}
                  {c.cascade.overdue > 0 && (
                    <Tag color="red" style={{ marginInlineStart: 6 }}>
                      {c.cascade.overdue}
                    </Tag>
                  )}
                </span>
              ),
              children: <LateBoardTable noticeId={id} onContacts={setContacts} />,
            },
          ]}
        />
        <RemindDialog
          target={remind}
          onClose={() => {
            setRemind(null);
          }}
        />
        <UnitContactsDrawer
          target={contacts}
          onClose={() => {
            setContacts(null);
          }}
        />
      </Card>
      <UnlockRequestsCard noticeId={id} />
      {canRemind && (
        <BulkImportDialog
          noticeId={id}
          open={bulkOpen}
          onClose={() => {
            setBulkOpen(false);
          }}
        />
      )}
    </Space>
  );
}
