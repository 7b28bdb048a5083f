import { Alert, App, Button, Checkbox, Form, Input, Modal } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { ROLES, type Role, type UserView } from '../../api/types.ts';
import { updateUser, userKeys } from '../../api/users.api.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { applyServerError } from '../../shared/form-errors.ts';

const t = messages.users;

interface Values {
  displayName: string;
  roles: Role[];
  phone?: string;
  email?: string;
}

export function UserEditModal({ user, onClose }: { user: UserView; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const [banner, setBanner] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const client = useQueryClient();
  const { message } = App.useApp();
  const update = useMutation({
    mutationFn: (v: Values) =>
      updateUser(user.id, user.version, {
        displayName: v.displayName.trim(),
        phone: v.phone?.trim() || null,
        email: v.email?.trim() || null,
        ...(user.can.change_roles ? { roles: v.roles } : {}),
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.all }),
  });

  async function submit() {
    const v = await form.validateFields();
    setBanner(null);
    try {
      await update.mutateAsync(v);
      message.success(t.updated);
      onClose();
    } catch (error) {
      setStale(error instanceof ApiError && error.code === 'STALE_EDIT');
      setBanner(applyServerError(form, error));
    }
  }

  return (
    <Modal
      open
      title={t.editTitle(user.username)}
      okText={messages.common.save}
      confirmLoading={update.isPending}
      onOk={() => {
        submit().catch(() => undefined);
      }}
      onCancel={onClose}
    >
      {banner && (
        <Alert
          type={stale ? 'warning' : 'error'}
          showIcon
          title={banner}
          style={{ marginBottom: 16 }}
          // The list refetch brings the new version; reopening edits the fresh copy.
          action={
            stale ? (
              <Button
                size="small"
                onClick={() => {
                  void client.invalidateQueries({ queryKey: userKeys.all });
                  onClose();
                }}
              >
                {messages.common.reload}
              </Button>
            ) : undefined
          }
        />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={() => {
          submit().catch(() => undefined);
        }}
        initialValues={{
          displayName: user.displayName,
          roles: user.roles,
          phone: user.phone ?? '',
          email: user.email ?? '',
        }}
      >
        <Form.Item
          name="displayName"
          label={t.displayName}
          rules={[{ required: true, whitespace: true, message: t.displayNameRequired }, { max: 40 }]}
        >
          <Input autoFocus maxLength={40} />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t.roles}
          rules={[{ required: true, type: 'array', min: 1, message: t.rolesRequired }]}
        >
          <Checkbox.Group
            disabled={!user.can.change_roles}
            options={ROLES.map((r) => ({ value: r, label: messages.roles[r] }))}
          />
        </Form.Item>
        <Form.Item name="phone" label={t.phone} rules={[{ max: 40 }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="email" label={t.email} rules={[{ type: 'email', message: messages.units.emailFormat }]}>
          <Input maxLength={120} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
