import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, List, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  notificationKeys,
  type NotificationItem,
  type NotificationKind,
} from '../../api/notifications.api.ts';
import { formatDateTime } from '../../shared/format.ts';

const KINDS: Record<NotificationKind, { label: string; color: string }> = {
  reminder: { label: '催报', color: 'orange' },
  manual: { label: '催报', color: 'orange' },
  escalation: { label: '下级逾期', color: 'red' },
  returned: { label: '退回', color: 'red' },
  accepted: { label: '审核通过', color: 'green' },
  unlock: { label: '解锁', color: 'blue' },
  system: { label: '系统', color: 'default' },
};
const PAGE_SIZE = 20;

/** 消息通知: what was sent to the user's units (催报, escalations, review decisions), newest first. */
export default function NotificationsPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: notificationKeys.list(unreadOnly, page),
    queryFn: () => listNotifications(unreadOnly, page, PAGE_SIZE),
    placeholderData: keepPreviousData,
  });
  const refresh = (): Promise<void> => queryClient.invalidateQueries({ queryKey: notificationKeys.all });
  const readOne = useMutation({
    mutationFn: markNotificationRead,
    onSuccess: refresh,
    onError: (e) => {
      message.error(errorMessage(e));
    },
  });
  const readAll = useMutation({
    mutationFn: markAllNotificationsRead,
    onSuccess: async (r) => {
      await refresh();
      message.success(r.marked ? `已将 ${r.marked} 条消息标为已读` : '没有未读消息');
    },
    onError: (e) => {
      message.error(errorMessage(e));
    },
  });

  function open(n: NotificationItem): void {
    if (!n.readAt) readOne.mutate(n.id);
    if (n.link) void navigate(n.link);
  }

  const data = q.data;
  const empty = unreadOnly ? '没有未读消息' : '暂无消息。催报、下级逾期提醒和报表审核结果会显示在这里。';
  return (
    <Card
      title={
        <Space>
          消息通知{data ? <Typography.Text type="secondary">（未读 {data.unread} 条）</Typography.Text> : null}
        </Space>
      }
      extra={
        <Space wrap>
          <Segmented<string>
            options={[
              { label: '全部', value: 'all' },
              { label: '未读', value: 'unread' },
            ]}
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(v) => {
              setUnreadOnly(v === 'unread');
              setPage(1);
            }}
            data-testid="notifications-filter"
          />
          <Button
            onClick={() => {
              readAll.mutate();
            }}
            loading={readAll.isPending}
            disabled={!data?.unread}
          >
            全部标为已读
          </Button>
        </Space>
      }
    >
      {q.isError && <Alert type="error" showIcon title={errorMessage(q.error)} style={{ marginBottom: 16 }} />}
      <List<NotificationItem>
        loading={q.isPending || (q.isFetching && q.isPlaceholderData)}
        dataSource={data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
        pagination={
          data && (unreadOnly ? data.unread : data.total) > PAGE_SIZE
            ? {
                current: page,
                pageSize: PAGE_SIZE,
                total: unreadOnly ? data.unread : data.total,
                onChange: setPage,
                showSizeChanger: false,
              }
            : false
        }
        data-testid="notifications-list"
        renderItem={(n) => (
          <List.Item
            key={n.id}
            actions={[
              ...(n.link
                ? [
                    <Button
                      key="open"
                      type="link"
                      size="small"
                      onClick={() => {
                        open(n);
                      }}
                    >
                      查看
                    </Button>,
                  ]
                : []),
              ...(!n.readAt
                ? [
                    <Button
                      key="read"
                      type="link"
                      size="small"
                      onClick={() => {
                        readOne.mutate(n.id);
                      }}
                    >
                      标为已读
                    </Button>,
                  ]
                : []),
            ]}
          >
            <List.Item.Meta
              title={
                <Space wrap size={6}>
                  {!n.readAt && (
                    <span
                      aria-label="未读"
                      style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 4, background: '#ff4d4f' }}
                    />
                  )}
                  <Tag color={KINDS[n.kind].color}>{KINDS[n.kind].label}</Tag>
                  <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
                </Space>
              }
              description={
                <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-line', marginBottom: 0 }}>
                    {n.body}
                  </Typography.Paragraph>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(n.createdAt)} · 发给 {n.unitName}
                    {n.readAt ? ` · 已读 ${formatDateTime(n.readAt)}` : ''}
                  </Typography.Text>
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
