import {
  ApartmentOutlined,
  AuditOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  EditOutlined,
  FlagOutlined,
  KeyOutlined,
  LogoutOutlined,
  NotificationOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { App, Badge, Button, Layout, Menu, Space, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { Suspense } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { logout } from '../api/auth.api.ts';
import { errorMessage } from '../api/client.ts';
import { useAccess } from '../auth/use-access.ts';
import { useSession, useSetSession } from '../auth/use-session.ts';
import { messages } from '../i18n/zh-CN.ts';
import { PageSpinner } from '../shared/lazy-page.tsx';
import { NotificationBell } from '../pages/notifications/notification-bell.tsx';
import { useTodos } from '../shared/use-todos.ts';

const { Header, Sider, Content } = Layout;
const m = messages.menu;

export default function AppLayout() {
  const session = useSession();
  const access = useAccess();
  const navigate = useNavigate();
  const location = useLocation();
  const setSession = useSetSession();
  const { message } = App.useApp();

  const todos = useTodos();
  // Counts of what waits: the same lists as the 工作台's.
  const counted = (label: string, n: number, testId: string) => (
    <span data-testid={testId}>
      {label} {n > 0 && <Badge count={n} size="small" offset={[4, -2]} />}
    </span>
  );
  const items: NonNullable<MenuProps['items']> = [
    { key: '/', icon: <DashboardOutlined />, label: m.dashboard },
    { key: '/campaigns', icon: <FlagOutlined />, label: m.campaigns },
    { key: '/notices', icon: <NotificationOutlined />, label: counted(m.notices, todos.toSign.length, 'menu-notices') },
    { key: '/reports', icon: <EditOutlined />, label: counted(m.reports, todos.toReport.length, 'menu-reports') },
    { key: '/review', icon: <CheckSquareOutlined />, label: counted(m.review, todos.toReview.length, 'menu-review') },
    ...(access.canViewUnits ? [{ key: '/units', icon: <ApartmentOutlined />, label: m.units }] : []),
    ...(access.canManageUsers ? [{ key: '/users', icon: <TeamOutlined />, label: m.users }] : []),
    ...(access.canViewAudit ? [{ key: '/audit', icon: <AuditOutlined />, label: m.audit }] : []),
  ];
  const selected = '/' + (location.pathname.split('/')[1] ?? '');

  async function onLogout() {
    try {
      await logout();
    } catch (error) {
      // The session may already be gone; leaving is still what the user wants.
      message.warning(errorMessage(error));
    }
    setSession(null);
    await navigate('/login', { replace: true });
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider width={200} breakpoint="lg" collapsedWidth={64} theme="dark">
        <div
          style={{
            color: '#fff',
            fontWeight: 600,
            padding: '16px 16px',
            whiteSpace: 'nowrap',
            overflow: 'hidden',
            textOverflow: 'ellipsis',
          }}
        >
          {messages.appName}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selected]}
          items={items}
          onClick={(e) => {
            void navigate(e.key);
          }}
        />
      </Sider>
      <Layout>
        <Header
          style={{
            background: '#fff',
            padding: '0 24px',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Space size="middle">
            <NotificationBell />
            <span data-testid="current-user">
              <UserOutlined /> <Typography.Text strong>{session.user.displayName}</Typography.Text>
              <Typography.Text type="secondary"> · {session.user.unitName}</Typography.Text>
            </span>
            <Button
              type="text"
              icon={<KeyOutlined />}
              onClick={() => {
                void navigate('/change-password');
              }}
            >
              {messages.auth.changePassword}
            </Button>
            <Button
              type="text"
              icon={<LogoutOutlined />}
              onClick={() => {
                void onLogout();
              }}
            >
              {messages.auth.logout}
            </Button>
          </Space>
        </Header>
        <Content style={{ padding: 24, minWidth: 0 }}>
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
