import { Alert, App, Checkbox, Form, Input, Modal } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ROLES, type Role, type UserView } from '../../api/types.ts';
import { createUser, userKeys } from '../../api/users.api.ts';
import { clearDraft, useFormDraft } from '../../auth/form-drafts.ts';
import { useSession } from '../../auth/use-session.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { applyServerError } from '../../shared/form-errors.ts';
import { UnitPicker } from '../../shared/unit-picker.tsx';

const t = messages.users;
const DRAFT = 'user-create';

interface Values {
  username: string;
  displayName: string;
  unitId: number;
  roles: Role[];
  phone?: string;
  email?: string;
}

interface Props {
  onClose: () => void;
  onCreated: (user: UserView, initialPassword: string | undefined) => void;
}

export function UserCreateModal({ onClose, onCreated }: Props) {
  const { user: me } = useSession();
  const [form] = Form.useForm<Values>();
  const [banner, setBanner] = useState<string | null>(null);
  const [unitName, setUnitName] = useState<{ id: number; name: string }>({ id: me.unitId, name: me.unitName });
  const client = useQueryClient();
  const { message } = App.useApp();
  const onValuesChange = useFormDraft(DRAFT, form, true);
  const create = useMutation({
    mutationFn: createUser,
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.all }),
  });

  async function submit() {
    const v = await form.validateFields();
    setBanner(null);
    try {
      const res = await create.mutateAsync({
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        unitId: v.unitId,
        roles: v.roles,
        phone: v.phone?.trim() || null,
        email: v.email?.trim() || null,
      });
      clearDraft(DRAFT);
      message.success(t.createTitle);
      onCreated(res.user, res.initialPassword);
    } catch (error) {
      setBanner(applyServerError(form, error));
    }
  }

  return (
    <Modal
      open
      title={t.createTitle}
      okText={messages.common.save}
      confirmLoading={create.isPending}
      onOk={() => {
        submit().catch(() => undefined);
      }}
      onCancel={() => {
        clearDraft(DRAFT);
        onClose();
      }}
    >
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ unitId: me.unitId, roles: ['reporter'] }}
        onValuesChange={onValuesChange}
        onFinish={() => {
          submit().catch(() => undefined);
        }}
      >
        <Form.Item
          name="username"
          label={t.username}
          rules={[
            { required: true, whitespace: true, message: t.usernameRequired },
            { pattern: /^[A-Za-z0-9._-]{2,64}$/, message: t.usernameFormat },
          ]}
        >
          <Input autoFocus autoComplete="off" maxLength={64} />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t.displayName}
          rules={[{ required: true, whitespace: true, message: t.displayNameRequired }, { max: 40 }]}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="unitId" label={t.unit} rules={[{ required: true, message: t.unitRequired }]}>
          <UnitPicker
            initial={unitName}
            onChange={(id, u) => {
              if (u) setUnitName({ id, name: u.name });
            }}
          />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t.roles}
          rules={[{ required: true, type: 'array', min: 1, message: t.rolesRequired }]}
        >
          <Checkbox.Group options={ROLES.map((r) => ({ value: r, label: messages.roles[r] }))} />
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
