import { Alert, App, Button, Drawer, Form, Space } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import type { UnitDetail, UnitView } from '../../api/types.ts';
import { clearDraft, useFormDraft } from '../../auth/form-drafts.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { applyServerError } from '../../shared/form-errors.ts';
import { orNull, UnitFormFields, type UnitFormValues } from './unit-form-fields.tsx';
import { useUnitMutations } from './use-unit-mutations.ts';

const t = messages.units;

interface Props {
  unit: UnitDetail;
  onClose: () => void;
  onSaved: (unit: UnitView) => void;
  /** Refetches the unit after someone else changed it. */
  onReload: () => Promise<UnitDetail | undefined>;
}

function toValues(u: UnitDetail): UnitFormValues {
  return {
    name: u.name,
    kind: u.kind,
    shortName: u.shortName ?? '',
    divisionCode: u.divisionCode ?? '',
    aliases: u.aliases,
    contactPhone: u.contactPhone ?? '',
    contactEmail: u.contactEmail ?? '',
  };
}

export function UnitEditDrawer({ unit, onClose, onSaved, onReload }: Props) {
  const [form] = Form.useForm<UnitFormValues>();
  const [banner, setBanner] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [version, setVersion] = useState(unit.version);
  const { update } = useUnitMutations();
  const { message } = App.useApp();
  const draftKey = `unit-edit:${unit.id}`;
  // The draft (if any) is applied after the initial values below.
  const onValuesChange = useFormDraft(draftKey, form, true);

  useEffect(() => {
    setVersion(unit.version);
  }, [unit.version]);

  async function submit() {
    const values = await form.validateFields();
    setBanner(null);
    try {
      const saved = await update.mutateAsync({
        id: unit.id,
        version,
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
      message.success(t.updated);
      onSaved(saved);
    } catch (error) {
      setStale(error instanceof ApiError && error.code === 'STALE_EDIT');
      setBanner(applyServerError(form, error));
    }
  }

  async function reload() {
    const fresh = await onReload();
    if (!fresh) return;
    clearDraft(draftKey);
    form.setFieldsValue(toValues(fresh));
    setVersion(fresh.version);
    setStale(false);
    setBanner(null);
  }

  function cancel() {
    clearDraft(draftKey);
    onClose();
  }

  return (
    <Drawer
      open
      title={t.editTitle(unit.name)}
      size={480}
      onClose={cancel}
      footer={
        <Space>
          <Button
            type="primary"
            loading={update.isPending}
            onClick={() => {
              submit().catch(() => undefined);
            }}
          >
            {messages.common.save}
          </Button>
          <Button onClick={cancel}>{messages.common.cancel}</Button>
        </Space>
      }
    >
      {banner && (
        <Alert
          type={stale ? 'warning' : 'error'}
          showIcon
          title={banner}
          style={{ marginBottom: 16 }}
          action={
            stale ? (
              <Button
                size="small"
                onClick={() => {
                  void reload();
                }}
              >
                {t.staleReload}
              </Button>
            ) : undefined
          }
        />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={toValues(unit)}
        onValuesChange={onValuesChange}
        onFinish={() => {
          submit().catch(() => undefined);
        }}
      >
        <UnitFormFields />
        <button type="submit" hidden />
      </Form>
    </Drawer>
  );
}
