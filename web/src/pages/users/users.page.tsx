import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import type { UserView } from '../../api/types.ts';
import { listUsers, resetPassword, unlockUser, updateUser, userKeys } from '../../api/users.api.ts';
import { useAccess } from '../../auth/use-access.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { ImportDialog } from '../import/import-dialog.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { ImportedPasswordsModal, type CreatedAccount } from './imported-passwords-modal.tsx';
import { PasswordRevealModal } from './password-reveal-modal.tsx';
import { UserCreateModal } from './user-create-modal.tsx';
import { UserEditModal } from './user-edit-modal.tsx';

const t = messages.users;

interface Reveal {
  title: string;
  text: string;
  password: string;
}
interface UserImportResult {
  dryRun: boolean;
  rows: number;
  created: CreatedAccount[];
}

export default function UsersPage() {
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserView | null>(null);
  const [reveal, setReveal] = useState<Reveal | null>(null);
  const [importing, setImporting] = useState(false);
  const [imported, setImported] = useState<CreatedAccount[] | null>(null);
  const access = useAccess();
  const client = useQueryClient();
  const { message } = App.useApp();

  const query = { q: q || undefined, page, pageSize };
  const list = useQuery({
    queryKey: userKeys.list(query),
    queryFn: () => listUsers(query),
    placeholderData: keepPreviousData,
  });
  const refresh = () => client.invalidateQueries({ queryKey: userKeys.all });

  const action = useMutation({
    mutationFn: async ({ kind, user }: { kind: 'reset' | 'unlock' | 'toggle'; user: UserView }) => {
      switch (kind) {
        case 'reset': {
          const res = await resetPassword(user.id);
          setReveal({
            title: t.tempPasswordTitle,
            text: t.tempPasswordText(user.username),
            password: res.temporaryPassword,
          });
          return;
        }
        case 'unlock':
          await unlockUser(user.id);
          message.success(t.unlocked);
          return;
        case 'toggle':
          await updateUser(user.id, user.version, { active: !user.active });
          message.success(t.statusChanged);
          return;
      }
    },
    onError: (error) => {
      message.error(errorMessage(error));
    },
    onSettled: refresh,
  });
  const run = (kind: 'reset' | 'unlock' | 'toggle', user: UserView) =>
    action.mutateAsync({ kind, user }).catch(() => undefined);

  const columns: TableColumnsType<UserView> = [
    { title: t.username, dataIndex: 'username', width: 150 },
    { title: t.displayName, dataIndex: 'displayName', width: 120 },
    { title: t.unit, dataIndex: 'unitName', ellipsis: true },
    {
      title: t.roles,
      dataIndex: 'roles',
      width: 180,
      render: (_v, u) => u.roles.map((r) => <Tag key={r}>{messages.roles[r]}</Tag>),
    },
    {
      title: t.status,
      key: 'status',
      width: 150,
      render: (_v, u) => (
        <Space size={4} wrap>
          {u.active ? <Tag color="green">{messages.common.active}</Tag> : <Tag>{messages.common.inactive}</Tag>}
          {u.lockedSources > 0 && <Tag color="red">{t.locked}</Tag>}
          {u.mustChangePassword && <Tag color="orange">{t.mustChange}</Tag>}
        </Space>
      ),
    },
    {
      title: t.lastLogin,
      dataIndex: 'lastLoginAt',
      width: 170,
      render: (v: string | null) =>
        v ? formatDateTime(v) : <Typography.Text type="secondary">{t.never}</Typography.Text>,
    },
    {
      title: messages.common.actions,
      key: 'actions',
      width: 240,
      render: (_v, u) => (
        <Space size={0} wrap>
          {u.can.update && (
            <Button type="link" size="small" onClick={() => setEditing(u)}>
              {t.edit}
            </Button>
          )}
          {u.can.reset_password && (
            <Popconfirm
              title={t.resetConfirm(u.username)}
              okText={messages.common.confirm}
              cancelText={messages.common.cancel}
              onConfirm={() => run('reset', u)}
            >
              <Button type="link" size="small">
                {t.resetPassword}
              </Button>
            </Popconfirm>
          )}
          {u.can.unlock && u.lockedSources > 0 && (
            <Button
              type="link"
              size="small"
              onClick={() => {
                void run('unlock', u);
              }}
            >
              {t.unlock}
            </Button>
          )}
          {u.can.deactivate && (
            <Popconfirm
              title={u.active ? t.deactivateConfirm(u.username) : t.reactivateConfirm(u.username)}
              okText={messages.common.confirm}
              cancelText={messages.common.cancel}
              onConfirm={() => run('toggle', u)}
            >
              <Button type="link" size="small" danger={u.active}>
                {u.active ? t.deactivate : t.reactivate}
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
        <Space>
          {access.canManageUsers && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              {messages.bulkImport.button}
            </Button>
          )}
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t.create}
          </Button>
        </Space>
      }
    >
      <Input.Search
        placeholder={t.searchPlaceholder}
        allowClear
        enterButton={messages.common.search}
        style={{ maxWidth: 360, marginBottom: 16 }}
        onSearch={(v) => {
          setQ(v.trim());
          setPage(1);
        }}
        aria-label={t.searchPlaceholder}
      />
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 16 }} />}
      <Table<UserView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        locale={{ emptyText: t.empty }}
        scroll={{ x: 1000 }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: messages.common.total,
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        }}
      />
      {creating && (
        <UserCreateModal
          onClose={() => setCreating(false)}
          onCreated={(user, initialPassword) => {
            setCreating(false);
            if (initialPassword)
              setReveal({
                title: t.initialPasswordTitle,
                text: t.initialPasswordText(user.username),
                password: initialPassword,
              });
          }}
        />
      )}
      {editing && <UserEditModal user={editing} onClose={() => setEditing(null)} />}
      {reveal && <PasswordRevealModal {...reveal} onClose={() => setReveal(null)} />}
      {importing && (
        <ImportDialog<UserImportResult>
          title={messages.bulkImport.usersTitle}
          endpoint="/api/users/import"
          templateUrl="/api/users/import-template.xlsx"
          hint={messages.bulkImport.usersHint}
          onClose={() => setImporting(false)}
          onImported={(result) => {
            setImporting(false);
            message.success(messages.bulkImport.usersDone(result.created.length));
            void refresh();
            setImported(result.created);
          }}
        />
      )}
      {imported && <ImportedPasswordsModal accounts={imported} onClose={() => setImported(null)} />}
    </Card>
  );
}
