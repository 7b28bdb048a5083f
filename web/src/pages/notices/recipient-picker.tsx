import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Space, Spin, Tag, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import type { UnitKind, UnitView } from '../../api/types.ts';
import { listUnits, unitKeys } from '../../api/units.api.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { kindLabel } from '../../shared/labels.ts';

const t = messages.recipientPicker;

interface Props {
  /** The issuing unit: recipients are picked from the units below it. */
  root: { id: number; kind: UnitKind | undefined };
  value?: number[];
  onChange?: (ids: number[]) => void;
  /** Names of units already chosen before this picker loaded them (e.g. a saved draft). */
  knownNames?: ReadonlyMap<number, string>;
  id?: string;
}

/** A lazily loaded checklist of the units below the issuer, with shortcuts for whole groups. */
export function RecipientPicker({ root, value, onChange, knownNames, id }: Props) {
  const client = useQueryClient();
  const { message } = App.useApp();
  const selected = useMemo(() => value ?? [], [value]);
  const [children, setChildren] = useState<Map<number, UnitView[]>>(new Map());
  const [busy, setBusy] = useState(false);

  const fetchChildren = useCallback(
    (parentId: number) =>
      client.fetchQuery({
        queryKey: unitKeys.children(parentId, false),
        queryFn: () => listUnits(parentId),
        staleTime: 30_000,
      }),
    [client],
  );

  const top = useQuery({ queryKey: unitKeys.children(root.id, false), queryFn: () => listUnits(root.id) });
  useEffect(() => {
    if (top.data) setChildren((prev) => new Map(prev).set(root.id, top.data));
  }, [top.data, root.id]);

  const names = useMemo(() => {
    const map = new Map<number, string>(knownNames);
    for (const list of children.values()) for (const u of list) map.set(u.id, u.name);
    return map;
  }, [children, knownNames]);

  const treeData = useMemo(() => {
    const build = (items: UnitView[]): TreeDataNode[] =>
      items.map((u) => {
        const kids = children.get(u.id);
        return {
          key: u.id,
          title: (
            <span>
              {u.name}{' '}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {kindLabel(u.kind)}
              </Typography.Text>
            </span>
          ),
          isLeaf: u.childCount === 0,
          children: kids ? build(kids) : undefined,
        };
      });
    return build(children.get(root.id) ?? []);
  }, [children, root.id]);

  const setSelected = (ids: number[]) => onChange?.([...new Set(ids)]);
  const toggle = (unitId: number) =>
    setSelected(selected.includes(unitId) ? selected.filter((x) => x !== unitId) : [...selected, unitId]);

  async function addGroup(kind: 'office' | 'department' | 'members') {
    setBusy(true);
    try {
      const direct = children.get(root.id) ?? (await fetchChildren(root.id));
      let picked: UnitView[];
      if (kind === 'members') {
        const associations =
          root.kind === 'association' ? [{ id: root.id }] : direct.filter((u) => u.kind === 'association');
        const lists = await Promise.all(associations.map(async (a) => [a.id, await fetchChildren(a.id)] as const));
        setChildren((prev) => {
          const next = new Map(prev);
          for (const [k, v] of lists) next.set(k, v);
          return next;
        });
        picked = lists.flatMap(([, v]) => v);
      } else {
        picked = direct.filter((u) => u.kind === kind);
      }
      if (picked.length === 0) message.info(t.noneOfKind);
      else {
        setSelected([...selected, ...picked.map((u) => u.id)]);
        message.success(t.added(picked.length));
      }
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  if (top.isPending) return <Spin />;
  if (top.isError) return <Alert type="error" showIcon title={errorMessage(top.error)} />;
  if (top.data.length === 0) return <Alert type="warning" showIcon title={t.empty} />;

  return (
    <div id={id} data-testid="recipient-picker">
      <Space wrap style={{ marginBottom: 8 }}>
        <Button
          size="small"
          loading={busy}
          onClick={() => {
            void addGroup('office');
          }}
        >
          {t.offices}
        </Button>
        <Button
          size="small"
          loading={busy}
          onClick={() => {
            void addGroup('department');
          }}
        >
          {t.departments}
        </Button>
        <Button
          size="small"
          loading={busy}
          onClick={() => {
            void addGroup('members');
          }}
        >
          {t.members}
        </Button>
        <Button size="small" type="link" disabled={selected.length === 0} onClick={() => setSelected([])}>
          {t.clear}
        </Button>
      </Space>
      <div style={{ border: '1px solid #f0f0f0', borderRadius: 4, padding: 4 }} data-testid="recipient-tree">
        <Tree
          checkable
          checkStrictly
          blockNode
          height={280}
          treeData={treeData}
          checkedKeys={{ checked: selected, halfChecked: [] }}
          selectedKeys={[]}
          loadedKeys={[...children.keys()]}
          loadData={async (node) => {
            const unitId = Number(node.key);
            if (children.has(unitId)) return;
            const items = await fetchChildren(unitId);
            setChildren((prev) => new Map(prev).set(unitId, items));
          }}
          onCheck={(checked) => {
            const keys = Array.isArray(checked) ? checked : checked.checked;
            setSelected(keys.map(Number));
          }}
          onSelect={(_keys, info) => toggle(Number(info.node.key))}
        />
      </div>
      <div style={{ marginTop: 8, maxHeight: 96, overflow: 'auto' }} data-testid="recipient-selected">
        {selected.length === 0 ? (
          <Typography.Text type="secondary">{t.none}</Typography.Text>
        ) : (
          <>
            <Typography.Text type="secondary" style={{ marginRight: 8 }}>
              {t.selected(selected.length)}
            </Typography.Text>
            {selected.map((unitId) => (
              <Tag
                key={unitId}
                closable
                onClose={(e) => {
                  e.preventDefault();
                  toggle(unitId);
                }}
              >
                {names.get(unitId) ?? `#${unitId}`}
              </Tag>
            ))}
          </>
        )}
      </div>
    </div>
  );
}
