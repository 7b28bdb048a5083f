import { Alert, App, Breadcrumb, Button, Card, Descriptions, Empty, Popconfirm, Space, Spin, Tag } from 'antd';
import { ApiError, errorMessage } from '../../api/client.ts';
import type { UnitDetail } from '../../api/types.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { kindLabel, levelLabel } from '../../shared/labels.ts';
import { useUnitMutations } from './use-unit-mutations.ts';

const t = messages.units;

interface Props {
  unit: UnitDetail | undefined;
  loading: boolean;
  error: unknown;
  onAddChild: () => void;
  onEdit: () => void;
  onMove: () => void;
  onActiveChanged: (unit: UnitDetail) => void;
  onReload: () => void;
}

export function UnitDetailPanel({
  unit,
  loading,
  error,
  onAddChild,
  onEdit,
  onMove,
  onActiveChanged,
  onReload,
}: Props) {
  const { setActive } = useUnitMutations();
  const { message } = App.useApp();

  if (loading)
    return (
      <Card>
        <Spin />
      </Card>
    );
  if (error) {
    const stale = error instanceof ApiError && error.code === 'STALE_EDIT';
    return (
      <Card>
        <Alert
          type="error"
          showIcon
          title={errorMessage(error)}
          action={stale ? <Button onClick={onReload}>{messages.common.reload}</Button> : undefined}
        />
      </Card>
    );
  }
  if (!unit)
    return (
      <Card>
        <Empty description={t.selectHint} />
      </Card>
    );

  async function toggleActive(u: UnitDetail) {
    try {
      await setActive.mutateAsync({ id: u.id, version: u.version, active: !u.active });
      message.success(u.active ? t.deactivated : t.reactivated);
      onActiveChanged(u);
    } catch (err) {
      message.error(errorMessage(err));
      if (err instanceof ApiError && err.code === 'STALE_EDIT') onReload();
    }
  }

  const dash = messages.common.none;
  return (
    <Card
      title={<span data-testid="unit-detail-name">{unit.name}</span>}
      extra={
        <Space wrap>
          {unit.can.create_child && unit.active && (
            <Button type="primary" onClick={onAddChild}>
              {t.addChild}
            </Button>
          )}
          {unit.can.update && <Button onClick={onEdit}>{t.edit}</Button>}
          {unit.can.move && <Button onClick={onMove}>{t.move}</Button>}
          {unit.can.deactivate && (
            <Popconfirm
              title={unit.active ? t.deactivateConfirm(unit.name) : t.reactivateConfirm(unit.name)}
              okText={messages.common.confirm}
              cancelText={messages.common.cancel}
              onConfirm={() => toggleActive(unit)}
            >
              <Button danger={unit.active}>{unit.active ? t.deactivate : t.reactivate}</Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      {unit.ancestors.length > 0 && (
        <Breadcrumb style={{ marginBottom: 16 }} items={unit.ancestors.map((a) => ({ title: a.name }))} />
      )}
      <Descriptions column={1} bordered size="small" styles={{ label: { width: 140 } }}>
        <Descriptions.Item label={t.kind}>{kindLabel(unit.kind)}</Descriptions.Item>
        <Descriptions.Item label={t.level}>{levelLabel(unit.level)}</Descriptions.Item>
        <Descriptions.Item label={t.divisionCode}>{unit.divisionCode ?? dash}</Descriptions.Item>
        <Descriptions.Item label={t.shortName}>{unit.shortName ?? dash}</Descriptions.Item>
        <Descriptions.Item label={t.aliases}>
          {unit.aliases.length ? unit.aliases.map((a) => <Tag key={a}>{a}</Tag>) : dash}
        </Descriptions.Item>
        <Descriptions.Item label={t.contactPhone}>{unit.contactPhone ?? dash}</Descriptions.Item>
        <Descriptions.Item label={t.contactEmail}>{unit.contactEmail ?? dash}</Descriptions.Item>
        <Descriptions.Item label={t.status}>
          {unit.active ? <Tag color="green">{messages.common.active}</Tag> : <Tag>{messages.common.inactive}</Tag>}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
