import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { changePassword, fetchMe } from '../api/auth.api.ts';
import { ApiError, errorMessage } from '../api/client.ts';
import { useSession, useSetSession } from '../auth/use-session.ts';
import { messages } from '../i18n/zh-CN.ts';
import { safeNext } from '../shared/safe-next.ts';

interface ChangeForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}
const t = messages.auth;

export default function ChangePasswordPage() {
  const session = useSession();
  const setSession = useSetSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<ChangeForm>();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function onFinish(values: ChangeForm) {
    setSubmitting(true);
    setError(null);
    try {
      await changePassword(values.currentPassword, values.newPassword);
      setSession(await fetchMe());
      await navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      const msg = errorMessage(err);
      // Put the server's answer next to the field it is about.
      if (err instanceof ApiError && err.code === 'PASSWORD_WRONG')
        form.setFields([{ name: 'currentPassword', errors: [msg] }]);
      else if (err instanceof ApiError && (err.code === 'PASSWORD_TOO_WEAK' || err.code === 'PASSWORD_REUSED'))
        form.setFields([{ name: 'newPassword', errors: [msg] }]);
      else setError(msg);
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
      <Card style={{ width: 440 }}>
        <Typography.Title level={3}>{t.changeTitle}</Typography.Title>
        <Typography.Paragraph type="secondary">
          {session.user.displayName}（{session.user.username}）
        </Typography.Paragraph>
        {session.mustChangePassword && (
          <Alert type="info" showIcon title={t.changeForced} style={{ marginBottom: 16 }} />
        )}
        <Alert type="warning" title={`${t.rulesTitle}：${t.rules}`} style={{ marginBottom: 16 }} />
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
            name="currentPassword"
            label={t.currentPassword}
            rules={[{ required: true, message: t.currentRequired }]}
          >
            <Input.Password autoFocus autoComplete="current-password" />
          </Form.Item>
          <Form.Item name="newPassword" label={t.newPassword} rules={[{ required: true, message: t.newRequired }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t.confirmPassword}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t.confirmRequired },
              ({ getFieldValue }) => ({
                validator: (_r, value) =>
                  !value || getFieldValue('newPassword') === value
                    ? Promise.resolve()
                    : Promise.reject(new Error(t.confirmMismatch)),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={submitting}>
              {t.submitChange}
            </Button>
            {!session.mustChangePassword && (
              <Button
                onClick={() => {
                  void navigate(-1);
                }}
              >
                {messages.common.cancel}
              </Button>
            )}
          </Space>
        </Form>
      </Card>
    </div>
  );
}
