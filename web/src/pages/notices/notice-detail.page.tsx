import { ApartmentOutlined, ArrowLeftOutlined, DownloadOutlined, EditOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, List, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import {
  ARRANGEMENT_ROLES,
  docxUrl,
  getNotice,
  issueNotice,
  listCampaigns,
  noticeKeys,
  signNotice,
  type NoticeArrangement,
  type NoticeRecipient,
  type NoticeView,
} from '../../api/notices.api.ts';
import { useSession } from '../../auth/use-session.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { formatDateTime } from '../../shared/format.ts';
import { PageSpinner } from '../../shared/lazy-page.tsx';
import { AttachmentList } from '../../shared/attachment-list.tsx';
import { ActivitiesLinks } from '../reports/activities-links.tsx';
import { ReportLinks } from '../review/report-links.tsx';
import { deadlineText, docNumberText } from './notice-format.ts';

const t = messages.notice;
const tn = messages.notices;

function Actions({ notice }: { notice: NoticeView }) {
  const { user } = useSession();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const mine = notice.recipients.filter((r) => user.roles.some((g) => g.unitId === r.unitId));
  const signedByMe = mine.find((r) => r.signedAt);
  const refresh = () => client.invalidateQueries({ queryKey: noticeKeys.all });
  const sign = useMutation({
    mutationFn: () => signNotice(notice.id),
    onSuccess: (n) => {
      client.setQueryData(noticeKeys.detail(n.id), n);
      message.success(t.signedOk);
      void refresh();
    },
    onError: (e) => {
      message.error(errorMessage(e));
    },
  });
  const issue = useMutation({
    mutationFn: () => issueNotice(notice.id, notice.version),
    onSuccess: (n) => {
      client.setQueryData(noticeKeys.detail(n.id), n);
      message.success(t.issuedOk);
      void refresh();
    },
    onError: (e) => {
      message.error(errorMessage(e));
    },
  });

  return (
    <Space wrap>
      {notice.can.sign && !signedByMe && (
        <Button
          type="primary"
          loading={sign.isPending}
          onClick={() => {
            sign.mutate();
          }}
        >
          {t.sign}
        </Button>
      )}
      {signedByMe?.signedAt && <Tag color="green">{t.signedAtMine(formatDateTime(signedByMe.signedAt))}</Tag>}
      {notice.can.forward && (
        <>
          <Button
            icon={<SendOutlined />}
            onClick={() => {
              void navigate(`/notices/${notice.id}/forward?kind=forward`);
            }}
          >
            {t.forward}
          </Button>
          <Button
            onClick={() => {
              void navigate(`/notices/${notice.id}/forward?kind=plan`);
            }}
          >
            {t.plan}
          </Button>
        </>
      )}
      {notice.status === 'draft' && notice.can.edit && (
        <Button
          icon={<EditOutlined />}
          onClick={() => {
            void navigate(`/notices/${notice.id}/edit`);
          }}
        >
          {t.edit}
        </Button>
      )}
      {notice.status === 'draft' && notice.can.issue && (
        <Popconfirm
          title={t.issueConfirm}
          okText={t.issue}
          cancelText={messages.common.cancel}
          onConfirm={() => issue.mutateAsync().catch(() => undefined)}
        >
          <Button type="primary" loading={issue.isPending}>
            {t.issue}
          </Button>
        </Popconfirm>
      )}
      <Button icon={<DownloadOutlined />} href={docxUrl(notice.id)} download>
        {t.downloadWord}
      </Button>
      <Button
        icon={<ApartmentOutlined />}
        onClick={() => {
          void navigate(`/notices/${notice.id}/tree`);
        }}
      >
        {t.tree}
      </Button>
      <ReportLinks notice={notice} />
      <ActivitiesLinks notice={notice} />
    </Space>
  );
}

const unitNames = (refs: { name: string }[]) => refs.map((r) => r.name).join('、');

function Arrangements({ items }: { items: NoticeArrangement[] }) {
  const columns: TableColumnsType<NoticeArrangement & { key: number }> = [
    {
      title: t.arrangementTitle,
      dataIndex: 'title',
      render: (v: string, a) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{v}</Typography.Text>
          {a.content && <Typography.Text type="secondary">{a.content}</Typography.Text>}
        </Space>
      ),
    },
    ...ARRANGEMENT_ROLES.map((role) => ({
      title: tn.roles[role],
      key: role,
      width: 150,
      render: (_v: unknown, a: NoticeArrangement) => unitNames(a[role]),
    })),
    { title: tn.dueOn, dataIndex: 'dueOn', width: 110, render: (v: string | null) => v ?? '' },
  ];
  return (
    <Table
      size="small"
      pagination={false}
      columns={columns}
      dataSource={items.map((a, i) => ({ ...a, key: i }))}
      scroll={{ x: 800 }}
    />
  );
}

function Recipients({ items }: { items: NoticeRecipient[] }) {
  const columns: TableColumnsType<NoticeRecipient> = [
    { title: t.recipients, dataIndex: 'unitName' },
    {
      title: t.readAt,
      dataIndex: 'readAt',
      width: 180,
      render: (v: string | null) =>
        v ? formatDateTime(v) : <Typography.Text type="secondary">{t.notRead}</Typography.Text>,
    },
    {
      title: t.signedAt,
      dataIndex: 'signedAt',
      width: 180,
      render: (v: string | null) =>
        v ? formatDateTime(v) : <Typography.Text type="secondary">{t.notSigned}</Typography.Text>,
    },
  ];
  return (
    <Table
      rowKey="unitId"
      size="small"
      columns={columns}
      dataSource={items}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      data-testid="recipients-table"
    />
  );
}

/** 收文登记: the notice is the recording unit's transcript of a received document, not the issuer's own. */
function RecordedNotice({ notice }: { notice: NoticeView }) {
  const { user } = useSession();
  const recorder = notice.recordedBy;
  if (!recorder) return null;
  const issuerSide =
    user.roles.some((g) => g.unitId === notice.issuerUnitId) && !user.roles.some((g) => g.unitId === recorder.unitId);
  return (
    <Alert
      type="warning"
      showIcon
      title={t.recorded(recorder.unitName)}
      description={issuerSide ? t.recordedForIssuer : undefined}
      style={{ marginBottom: 16 }}
      data-testid="notice-recorded"
    />
  );
}

export default function NoticeDetailPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const q = useQuery({
    queryKey: noticeKeys.detail(id),
    queryFn: () => getNotice(id),
    enabled: Number.isInteger(id) && id > 0,
  });
  const campaigns = useQuery({ queryKey: noticeKeys.campaigns, queryFn: listCampaigns });
  if (q.isPending) return <PageSpinner />;
  if (q.isError) {
    return (
      <Card>
        <Alert
          type="error"
          showIcon
          title={errorMessage(q.error)}
          action={
            <Button
              onClick={() => {
                void navigate('/notices');
              }}
            >
              {t.back}
            </Button>
          }
        />
      </Card>
    );
  }
  const n = q.data;
  const campaign = campaigns.data?.find((c) => c.id === n.campaignId);
  const slogans = n.slogans.length ? n.slogans : [];

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
                void navigate('/notices');
              }}
            />
            <span data-testid="notice-title">{n.title}</span>
            {n.status === 'draft' ? <Tag color="orange">{tn.draft}</Tag> : <Tag color="green">{tn.issued}</Tag>}
            {n.kind !== 'notice' && <Tag>{tn.kinds[n.kind]}</Tag>}
            {n.recordedBy && (
              <Tag color="purple" data-testid="notice-recorded-tag">
                {t.recordedTag}
              </Tag>
            )}
            {n.revision > 1 && <Tag color="red">{t.revision(n.revision)}</Tag>}
          </Space>
        }
      >
        <RecordedNotice notice={n} />
        {n.revision > 1 && n.changeNote && (
          <Alert type="warning" showIcon title={`${t.changeNote}：${n.changeNote}`} style={{ marginBottom: 16 }} />
        )}
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          style={{ marginBottom: 16 }}
          items={[
            { key: 'issuer', label: tn.issuer, children: n.issuerName },
            { key: 'doc', label: tn.docNumber, children: docNumberText(n.docNumber) },
            { key: 'issued', label: tn.issuedOn, children: n.issuedOn ?? (n.status === 'draft' ? tn.notIssued : '') },
            { key: 'deadline', label: tn.deadline, children: deadlineText(n.deadline) },
            ...(campaign
              ? [
                  {
                    key: 'campaign',
                    label: t.campaign,
                    children: `${campaign.name}${campaign.theme ? `（${campaign.theme}）` : ''}`,
                  },
                ]
              : []),
            ...(n.theme ? [{ key: 'theme', label: t.theme, children: n.theme }] : []),
            ...(slogans.length
              ? [{ key: 'slogans', label: t.slogans, span: 'filled' as const, children: slogans.join('；') }]
              : []),
            ...(n.coIssuers.length
              ? [{ key: 'co', label: t.coIssuers, span: 'filled' as const, children: n.coIssuers.join('、') }]
              : []),
            ...(n.parent
              ? [
                  {
                    key: 'parent',
                    label: t.parent,
                    span: 'filled' as const,
                    children: (
                      <Link to={`/notices/${n.parent.id}`}>
                        {n.parent.title}（{docNumberText(n.parent.docNumber)}）
                      </Link>
                    ),
                  },
                ]
              : []),
            ...(n.requiredReports.length || n.formCode
              ? [
                  {
                    key: 'reports',
                    label: t.requiredReports,
                    span: 'filled' as const,
                    children: (
                      <Space size={4} wrap>
                        {n.formCode && (
                          <Tag color="blue">
                            {t.formCode} {n.formCode}
                          </Tag>
                        )}
                        {n.requiredReports.map((r) => (
                          <Tag key={r}>{r}</Tag>
                        ))}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
        <Actions notice={n} />
      </Card>

      <Card title={t.sections} size="small">
        {n.note && <Alert type="info" title={`${t.note}：${n.note}`} style={{ marginBottom: 12 }} />}
        {n.sections.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noBody} />
        ) : (
          <div className="notice-body" data-testid="notice-body">
            {n.sections.map((s, i) => (
              <section key={i} style={{ marginBottom: 12 }}>
                {(s.number || s.heading) && (
                  <Typography.Title level={5}>
                    {s.number ? `${s.number}、` : ''}
                    {s.heading}
                  </Typography.Title>
                )}
                {/* The server sanitises section HTML before storing it. */}
                <div dangerouslySetInnerHTML={{ __html: s.html }} />
              </section>
            ))}
          </div>
        )}
      </Card>

      {n.arrangements.length > 0 && (
        <Card title={t.arrangements} size="small">
          <Arrangements items={n.arrangements} />
        </Card>
      )}

      {(n.contacts.length > 0 || n.attachments.length > 0) && (
        <Card size="small">
          {n.contacts.length > 0 && (
            <Descriptions
              size="small"
              title={t.contacts}
              column={1}
              style={{ marginBottom: 12 }}
              items={n.contacts.map((c, i) => ({
                key: i,
                label: c.name ?? t.contacts,
                children: [
                  c.phone.length ? `${t.phone} ${c.phone.join('、')}` : '',
                  c.fax.length ? `${t.fax} ${c.fax.join('、')}` : '',
                  c.email.length ? `${t.email} ${c.email.join('、')}` : '',
                  c.address ? `${t.address} ${c.address}` : '',
                ]
                  .filter(Boolean)
                  .join('；'),
              }))}
            />
          )}
          {n.attachments.length > 0 && (
            <List
              size="small"
              header={<Typography.Text strong>{t.attachments}</Typography.Text>}
              dataSource={n.attachments}
              renderItem={(a) => (
                <List.Item>
                  {t.attachment(a.number)}：{a.title}
                </List.Item>
              )}
            />
          )}
        </Card>
      )}

      <Card title="附件文件" size="small" data-testid="notice-files">
        <AttachmentList
          ownerType="notice"
          ownerId={n.id}
          roles={['attachment', 'original']}
          hint="草稿可上传附件（PDF、Word、Excel、图片）；印发后不能更改。"
          emptyText="暂无附件文件"
        />
      </Card>

      {n.can.view_signatures && n.recipients.length > 0 && (
        <Card title={t.recipients} size="small">
          <Recipients items={n.recipients} />
        </Card>
      )}
    </Space>
  );
}
