import { ApartmentOutlined, AuditOutlined, KeyOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useAccess } from '../auth/use-access.ts';
import { useSession } from '../auth/use-session.ts';
import { messages } from '../i18n/zh-CN.ts';
import { DashboardTodo } from './dashboard-todo.tsx';

const t = messages.dashboard;

export default function DashboardPage() {
  const { user } = useSession();
  const access = useAccess();
  const navigate = useNavigate();
  const go = (path: string) => () => {
    void navigate(path);
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t.welcome(user.displayName)}
        </Typography.Title>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t.unit}>{user.unitName}</Descriptions.Item>
          <Descriptions.Item label={t.roles}>
            {user.roles.length === 0
              ? t.noRoles
              : user.roles.map((r) => (
                  <Tag key={`${r.unitId}-${r.role}`} color="blue">
                    {messages.roles[r.role]}
                    {r.unitId !== user.unitId ? `（${r.unitName}）` : ''}
                  </Tag>
                ))}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <DashboardTodo />
      <Card title={t.quickLinks}>
        <Space wrap>
          {access.canViewUnits && (
            <Button icon={<ApartmentOutlined />} onClick={go('/units')}>
              {t.linkUnits}
            </Button>
          )}
          {access.canManageUsers && (
            <Button icon={<TeamOutlined />} onClick={go('/users')}>
              {t.linkUsers}
            </Button>
          )}
          {access.canViewAudit && (
            <Button icon={<AuditOutlined />} onClick={go('/audit')}>
              {t.linkAudit}
            </Button>
          )}
          <Button icon={<KeyOutlined />} onClick={go('/change-password')}>
            {t.linkPassword}
          </Button>
        </Space>
      </Card>
      <Card title={t.campaignTitle}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>{t.campaignIntro}</Typography.Paragraph>
      </Card>
    </Space>
  );
}
