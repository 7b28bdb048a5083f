import { Alert, App, Form, Modal } from 'antd';
import { useState } from 'react';
import type { UnitView } from '../../api/types.ts';
import { clearDraft, useFormDraft } from '../../auth/form-drafts.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { applyServerError } from '../../shared/form-errors.ts';
import { orNull, UnitFormFields, type UnitFormValues } from './unit-form-fields.tsx';
import { useUnitMutations } from './use-unit-mutations.ts';

const t = messages.units;

interface Props {
  /** Mounted only while open, so every opening starts from a fresh form. */
  parent: UnitView;
  onClose: () => void;
  onCreated: (unit: UnitView) => void;
}

export function UnitCreateModal({ parent, onClose, onCreated }: Props) {
  const [form] = Form.useForm<UnitFormValues>();
  const [banner, setBanner] = useState<string | null>(null);
  const { create } = useUnitMutations();
  const { message } = App.useApp();
  const draftKey = `unit-create:${parent.id}`;
  const onValuesChange = useFormDraft(draftKey, form, true);

  async function submit() {
    const values = await form.validateFields();
    setBanner(null);
    try {
      const unit = await create.mutateAsync({
        parentId: parent.id,
        input: {
          name: values.name.trim(),
          kind: values.kind,
          shortName: orNull(values.shortName),
          divisionCode: orNull(values.divisionCode),
          aliases: values.aliases ?? [],
          contactPhone: orNull(values.contactPhone),
          contactEmail: orNull(values.contactEmail),
        },
      });
      clearDraft(draftKey);
      message.success(t.created);
      onCreated(unit);
    } catch (error) {
      setBanner(applyServerError(form, error));
    }
  }

  function cancel() {
    clearDraft(draftKey);
    onClose();
  }

  return (
    <Modal
      open
      title={t.createTitle(parent.name)}
      okText={messages.common.save}
      onOk={() => {
        submit().catch(() => {
          /* field errors are shown on the form */
        });
      }}
      confirmLoading={create.isPending}
      onCancel={cancel}
    >
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'office', aliases: [] }}
        onValuesChange={onValuesChange}
        onFinish={() => {
          submit().catch(() => undefined);
        }}
      >
        <UnitFormFields />
        {/* Enter in a text box submits the form. */}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
