import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { login } from '../api/auth.api.ts';
import { errorMessage } from '../api/client.ts';
import { useSessionQuery, useSetSession } from '../auth/use-session.ts';
import { messages } from '../i18n/zh-CN.ts';
import { safeNext } from '../shared/safe-next.ts';

interface LoginForm {
  username: string;
  password: string;
}

export default function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const setSession = useSetSession();
  const session = useSessionQuery();
  const [form] = Form.useForm<LoginForm>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const next = safeNext(params.get('next'));
  const expired = params.get('expired') === '1';

  useEffect(() => {
    if (expired) setSession(null);
  }, [expired, setSession]);

  if (session.data && !submitting && !expired)
    return <Navigate to={session.data.mustChangePassword ? '/change-password' : next} replace />;

  async function onFinish(values: LoginForm) {
    setSubmitting(true);
    setError(null);
    try {
      const info = await login(values.username.trim(), values.password);
      // Drop anything cached for a previous user before showing the new one's pages.
      setSession(null);
      setSession(info);
      await navigate(info.mustChangePassword ? `/change-password?next=${encodeURIComponent(next)}` : next, {
        replace: true,
      });
    } catch (err) {
      setError(errorMessage(err));
      form.setFieldValue('password', '');
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: '#f0f2f5',
      }}
    >
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: 'center' }}>
          {messages.appName}
        </Typography.Title>
        {expired && !error && (
          <Alert type="warning" showIcon title={messages.auth.sessionExpired} style={{ marginBottom: 16 }} />
        )}
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => {
            void onFinish(v);
          }}
          requiredMark={false}
        >
          <Form.Item
            name="username"
            label={messages.auth.username}
            rules={[{ required: true, whitespace: true, message: messages.auth.usernameRequired }]}
          >
            <Input prefix={<UserOutlined />} autoFocus autoComplete="username" />
          </Form.Item>
          <Form.Item
            name="password"
            label={messages.auth.password}
            rules={[{ required: true, message: messages.auth.passwordRequired }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {messages.auth.login}
          </Button>
        </Form>
        <div style={{ marginTop: 16, textAlign: 'center' }}>
          <Link to="/public" title={messages.auth.publicSiteHint}>
            {messages.auth.publicSite}
          </Link>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {messages.auth.publicSiteHint}
          </Typography.Text>
        </div>
      </Card>
    </div>
  );
}
