import { BellOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Tooltip } from 'antd';
import { useNavigate } from 'react-router';
import { notificationCounts, notificationKeys } from '../../api/notifications.api.ts';

/** The header bell: unread notifications of the user's units, refreshed every minute. */
export function NotificationBell() {
  const navigate = useNavigate();
  const q = useQuery({
    queryKey: notificationKeys.count,
    queryFn: notificationCounts,
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
  const unread = q.data?.unread ?? 0;
  const label = unread ? `消息通知（${unread} 条未读）` : '消息通知';
  return (
    <Tooltip title={label}>
      <Badge count={unread} size="small" overflowCount={99} offset={[-4, 4]}>
        <Button
          type="text"
          icon={<BellOutlined />}
          aria-label={label}
          data-testid="notification-bell"
          onClick={() => {
            void navigate('/notifications');
          }}
        />
      </Badge>
    </Tooltip>
  );
}
