import {
  CopyOutlined,
  EditOutlined,
  InboxOutlined,
  PaperClipOutlined,
  PlusOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Drawer, Empty, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { listCampaigns, noticeKeys, updateCampaign, type CampaignView } from '../../api/notices.api.ts';
import { useSession } from '../../auth/use-session.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { AttachmentList } from '../../shared/attachment-list.tsx';
import { staffUnitOf } from '../notices/notice-format.ts';
import { CampaignCloneModal } from './campaign-clone-modal.tsx';
import { CampaignFormModal } from './campaign-form-modal.tsx';

const t = messages.campaigns;

type Dialog = { kind: 'create' } | { kind: 'edit' | 'clone' | 'files'; campaign: CampaignView } | null;

const periodText = (c: CampaignView) =>
  c.periodStart || c.periodEnd ? (
    `${c.periodStart ?? ''} 至 ${c.periodEnd ?? ''}`
  ) : (
    <Typography.Text type="secondary">{t.noPeriod}</Typography.Text>
  );

/** 活动管理: the campaigns, newest year first; create, edit, archive, clone, posters and files. */
export default function CampaignsPage() {
  const { user } = useSession();
  const staff = staffUnitOf(user);
  const { message } = App.useApp();
  const client = useQueryClient();
  const q = useQuery({ queryKey: noticeKeys.campaigns, queryFn: listCampaigns });
  const [dialog, setDialog] = useState<Dialog>(null);
  const archive = useMutation({
    mutationFn: (c: CampaignView) => updateCampaign(c.id, c.version, { archived: !c.archived }),
    onSuccess: async (c) => {
      message.success(c.archived ? t.archivedDone(c.name) : t.unarchivedDone(c.name));
      await client.invalidateQueries({ queryKey: noticeKeys.campaigns });
    },
    onError: (e) => {
      message.error(errorMessage(e));
    },
  });
  const rows = [...(q.data ?? [])].sort((a, b) => b.year - a.year || b.id - a.id);

  const columns: TableColumnsType<CampaignView> = [
    { title: t.year, dataIndex: 'year', width: 80 },
    {
      title: t.name,
      dataIndex: 'name',
      width: 300,
      render: (v: string, c) => (
        <Space size={4}>
          {v}
          {c.archived ? <Tag>{t.archived}</Tag> : <Tag color="green">{t.active}</Tag>}
        </Space>
      ),
    },
    { title: t.theme, dataIndex: 'theme', ellipsis: true, render: (v: string | null) => v ?? '' },
    { title: t.period, key: 'period', width: 220, render: (_v, c) => periodText(c) },
    {
      title: messages.common.actions,
      key: 'actions',
      width: 330,
      render: (_v, c) => (
        <Space size={0} wrap>
          <Button
            type="link"
            size="small"
            icon={<PaperClipOutlined />}
            onClick={() => setDialog({ kind: 'files', campaign: c })}
          >
            {t.files}
          </Button>
          {c.can.edit && !c.archived && (
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              onClick={() => setDialog({ kind: 'edit', campaign: c })}
            >
              {t.edit}
            </Button>
          )}
          {c.can.clone && (
            <Button
              type="link"
              size="small"
              icon={<CopyOutlined />}
              onClick={() => setDialog({ kind: 'clone', campaign: c })}
            >
              {t.clone}
            </Button>
          )}
          {c.can.edit && (
            <Popconfirm
              title={c.archived ? t.unarchiveConfirm(c.name) : t.archiveConfirm(c.name)}
              okText={messages.common.confirm}
              cancelText={messages.common.cancel}
              onConfirm={() => archive.mutateAsync(c).catch(() => undefined)}
            >
              <Button type="link" size="small" icon={c.archived ? <UndoOutlined /> : <InboxOutlined />}>
                {c.archived ? t.unarchive : t.archive}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t.title}
      extra={
        staff && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
            {t.create}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      {q.isError && <Alert type="error" showIcon title={errorMessage(q.error)} style={{ marginBottom: 16 }} />}
      <Table
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={q.isLoading}
        pagination={false}
        data-testid="campaigns-table"
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={staff ? t.emptyStaff : t.empty} />,
        }}
      />
      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && staff && (
        <CampaignFormModal
          campaign={dialog.kind === 'edit' ? dialog.campaign : null}
          ownerUnitId={staff.unitId}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'clone' && <CampaignCloneModal source={dialog.campaign} onClose={() => setDialog(null)} />}
      <Drawer
        open={dialog?.kind === 'files'}
        width={720}
        title={dialog?.kind === 'files' ? `${t.files} — ${dialog.campaign.name}` : ''}
        onClose={() => setDialog(null)}
        destroyOnHidden
      >
        {dialog?.kind === 'files' && (
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            <div>
              <Typography.Title level={5}>{t.posters}</Typography.Title>
              <AttachmentList
                ownerType="campaign"
                ownerId={dialog.campaign.id}
                roles={['poster']}
                editable={!dialog.campaign.archived}
                hint={t.postersHint}
                emptyText={t.noPosters}
                data-testid="campaign-posters"
              />
            </div>
            <div>
              <Typography.Title level={5}>{t.otherFiles}</Typography.Title>
              <AttachmentList
                ownerType="campaign"
                ownerId={dialog.campaign.id}
                roles={['file']}
                editable={!dialog.campaign.archived}
                hint={t.otherFilesHint}
                emptyText={t.noFiles}
                data-testid="campaign-files"
              />
            </div>
          </Space>
        )}
      </Drawer>
    </Card>
  );
}
