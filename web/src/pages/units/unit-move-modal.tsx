import { Alert, App, Form, Modal, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import type { UnitDetail, UnitView } from '../../api/types.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { UnitPicker } from '../../shared/unit-picker.tsx';
import { useUnitMutations } from './use-unit-mutations.ts';

const t = messages.units;

interface Props {
  unit: UnitDetail;
  onClose: () => void;
  onMoved: (unit: UnitView, from: number | null, to: UnitView | undefined) => void;
}

export function UnitMoveModal({ unit, onClose, onMoved }: Props) {
  const [target, setTarget] = useState<{ id: number; unit: UnitView | undefined } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { move } = useUnitMutations();
  const { message } = App.useApp();

  async function submit() {
    if (!target) {
      setError(t.moveTargetRequired);
      return;
    }
    setError(null);
    try {
      const moved = await move.mutateAsync({ id: unit.id, version: unit.version, parentId: target.id });
      message.success(t.moved);
      onMoved(moved, unit.parentId, target.unit);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <Modal
      open
      title={t.moveTitle(unit.name)}
      okText={messages.common.confirm}
      confirmLoading={move.isPending}
      onOk={() => {
        void submit();
      }}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">{t.moveHint}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form layout="vertical">
        <Form.Item label={t.moveTarget} required>
          <UnitPicker
            autoFocus
            value={target?.id}
            onChange={(id, u) => setTarget({ id, unit: u })}
            // A unit cannot go under itself or its own subtree; the server checks too.
            filter={(u) => !u.path.startsWith(unit.path) && u.id !== unit.parentId}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
