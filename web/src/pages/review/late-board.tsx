import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { formatDateTime } from '../../shared/format.ts';
import { docNumberText } from '../notices/notice-format.ts';
import { getLateBoard, reportKeys, type LateBoardItem } from '../reports/reports.api.ts';
import { firstPhone, type ContactsTarget } from './unit-contacts-drawer.tsx';

const t = messages.reporting.review;

function Situation({ item }: { item: LateBoardItem }) {
  if (item.overdueDays === null)
    return (
      <Space size={4}>
        <Tag color="orange">{t.lateSubmitted}</Tag>
        <Typography.Text type="secondary">{formatDateTime(item.submittedAt)}</Typography.Text>
      </Space>
    );
  return (
    <Space size={4}>
      <Tag color="red">{t.overdueDays(item.overdueDays)}</Tag>
      {item.status === 'returned' ? t.owedReturned : t.owedNotReported}
    </Space>
  );
}

/** 逾期榜: the whole cascade's overdue units, longest first, with a number to call. */
export function LateBoardTable({
  noticeId,
  onContacts,
}: {
  noticeId: number;
  onContacts: (target: ContactsTarget) => void;
}) {
  const q = useQuery({ queryKey: reportKeys.lateBoard(noticeId), queryFn: () => getLateBoard(noticeId) });
  if (q.isError) return <Alert type="error" showIcon title={errorMessage(q.error)} />;
  const board = q.data;
  const columns: TableColumnsType<LateBoardItem> = [
    { title: t.unit, dataIndex: 'unitName' },
    {
      title: t.noticeColumn,
      key: 'notice',
      render: (_v, r) => (
        <Link to={`/notices/${r.noticeId}/reports`}>
          {r.issuerName} {docNumberText(r.docNumber)}
        </Link>
      ),
    },
    { title: t.deadline, dataIndex: 'deadline', width: 120 },
    { title: t.lateSituation, key: 'situation', width: 240, render: (_v, r) => <Situation item={r} /> },
    {
      title: t.phone,
      key: 'phone',
      width: 150,
      render: (_v, r) => {
        const n = firstPhone(r.contacts);
        return n ? <a href={`tel:${n}`}>{n}</a> : '—';
      },
    },
    {
      title: messages.common.actions,
      key: 'contacts',
      width: 100,
      render: (_v, r) => (
        <Button
          type="link"
          size="small"
          style={{ padding: 0 }}
          onClick={() => {
            onContacts({ unitName: r.unitName, contacts: r.contacts });
          }}
        >
          {t.contacts}
        </Button>
      ),
    },
  ];
  const empty = board && !board.deadlinePassed && board.total === 0 ? t.lateBoardNotYet : t.lateBoardEmpty;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t.lateBoardHint}</Typography.Text>
      {board && board.total > board.items.length && (
        <Alert type="info" showIcon title={t.lateBoardCut(board.items.length, board.total)} />
      )}
      <Table<LateBoardItem>
        rowKey={(r) => `${r.noticeId}:${r.unitId}`}
        size="middle"
        columns={columns}
        dataSource={board?.items ?? []}
        loading={q.isFetching}
        // No empty state while the board loads: 没有逾期的单位 must never flash before the rows.
        locale={{ emptyText: board ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> : ' ' }}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: messages.common.total }}
        data-testid="late-board"
      />
    </Space>
  );
}
