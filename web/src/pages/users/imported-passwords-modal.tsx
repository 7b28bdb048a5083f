import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Popconfirm, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { messages } from '../../i18n/zh-CN.ts';
import { downloadCsv, toCsv, toTsv } from '../../shared/csv-download.ts';

const t = messages.bulkImport;
const u = messages.users;

export interface CreatedAccount {
  username: string;
  displayName: string;
  initialPassword: string;
}

const columns: TableColumnsType<CreatedAccount> = [
  { title: u.username, dataIndex: 'username', width: 180 },
  { title: u.displayName, dataIndex: 'displayName', width: 140 },
  {
    title: t.initialPassword,
    dataIndex: 'initialPassword',
    render: (v: string) => (
      <Typography.Text code copyable={{ text: v }} data-testid="imported-password">
        {v}
      </Typography.Text>
    ),
  },
];

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}`;
}

/** The initial passwords of freshly imported accounts, shown once: copy them all or save them as .csv. */
export function ImportedPasswordsModal({ accounts, onClose }: { accounts: CreatedAccount[]; onClose: () => void }) {
  const { message } = App.useApp();
  const [kept, setKept] = useState(false);
  const table = [
    [u.username, u.displayName, t.initialPassword],
    ...accounts.map((a) => [a.username, a.displayName, a.initialPassword]),
  ];

  async function copyAll() {
    try {
      await navigator.clipboard.writeText(toTsv(table));
      setKept(true);
      message.success(t.copiedAll(accounts.length));
    } catch {
      message.warning(messages.common.copyFailed);
    }
  }

  function download() {
    downloadCsv(`${t.csvName}-${stamp(new Date())}.csv`, toCsv(table));
    setKept(true);
  }

  const close = kept ? (
    <Button type="primary" onClick={onClose}>
      {t.passwordsSaved}
    </Button>
  ) : (
    <Popconfirm
      title={t.closeUnsaved}
      okText={messages.common.confirm}
      cancelText={messages.common.cancel}
      onConfirm={onClose}
    >
      <Button type="primary">{t.passwordsSaved}</Button>
    </Popconfirm>
  );

  return (
    <Modal
      open
      title={t.passwordsTitle(accounts.length)}
      width={680}
      // Only the button closes it, so the passwords are not lost to a stray click or Esc.
      closable={false}
      maskClosable={false}
      keyboard={false}
      footer={
        <Space>
          <Button
            icon={<CopyOutlined />}
            onClick={() => {
              void copyAll();
            }}
          >
            {t.copyAll}
          </Button>
          <Button icon={<DownloadOutlined />} onClick={download}>
            {t.downloadCsv}
          </Button>
          {close}
        </Space>
      }
    >
      <Alert
        type="warning"
        showIcon
        title={t.passwordsWarning}
        description={t.passwordsText}
        style={{ marginBottom: 16 }}
      />
      <Table<CreatedAccount>
        rowKey="username"
        size="small"
        columns={columns}
        dataSource={accounts}
        pagination={accounts.length > 10 ? { pageSize: 10, size: 'small' } : false}
      />
    </Modal>
  );
}
