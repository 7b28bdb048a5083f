import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Empty, Input, List, Space, Spin, Tag, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { useMemo, useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { searchUnits, unitKeys } from '../../api/units.api.ts';
import type { UnitView } from '../../api/types.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { kindLabel } from '../../shared/labels.ts';
import { ROOT_KEY, type UnitTreeState } from './use-unit-tree.ts';

const t = messages.units;

interface Props {
  tree: UnitTreeState;
  selectedId: number | null;
  expandedKeys: number[];
  onExpand: (keys: number[]) => void;
  onSelect: (unit: UnitView, fromSearch: boolean) => void;
  includeInactive: boolean;
  onIncludeInactive: (v: boolean) => void;
}

function nodeTitle(u: UnitView) {
  return (
    <span>
      {u.name}
      {!u.active && <Tag style={{ marginLeft: 6 }}>{messages.common.inactive}</Tag>}
    </span>
  );
}

export function UnitTreePanel({ tree, selectedId, expandedKeys, onExpand, onSelect, includeInactive, onIncludeInactive }: Props) {
  const [term, setTerm] = useState('');
  const q = term.trim();
  const search = useQuery({ queryKey: unitKeys.search(q), queryFn: ({ signal }) => searchUnits(q, signal), enabled: q.length > 0 });

  const byId = useMemo(() => {
    const map = new Map<number, UnitView>();
    for (const list of tree.children.values()) for (const u of list) map.set(u.id, u);
    return map;
  }, [tree.children]);

  const treeData = useMemo(() => {
    const build = (items: UnitView[]): TreeDataNode[] => items.map((u) => {
      const kids = tree.children.get(u.id);
      return {
        key: u.id,
        title: nodeTitle(u),
        isLeaf: u.childCount === 0,
        children: kids ? build(kids) : undefined,
      };
    });
    return build(tree.children.get(ROOT_KEY) ?? []);
  }, [tree.children]);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input.Search
        placeholder={t.searchPlaceholder}
        allowClear
        enterButton={messages.common.search}
        onSearch={(v) => setTerm(v)}
        onChange={(e) => { if (!e.target.value) setTerm(''); }}
        aria-label={t.searchPlaceholder}
      />
      {q ? (
        <div>
          <Space style={{ marginBottom: 8 }}>
            <Typography.Text type="secondary">{t.searchResults(search.data?.length ?? 0)}</Typography.Text>
            <Button type="link" size="small" onClick={() => setTerm('')}>{t.clearSearch}</Button>
          </Space>
          {search.isError ? <Alert type="error" title={errorMessage(search.error)} /> : (
            <List
              size="small"
              bordered
              loading={search.isFetching}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noResults} /> }}
              dataSource={search.data ?? []}
              style={{ maxHeight: 520, overflow: 'auto' }}
              renderItem={(u) => (
                <List.Item
                  onClick={() => onSelect(u, true)}
                  style={{ cursor: 'pointer', background: u.id === selectedId ? '#e6f4ff' : undefined }}
                  data-testid="unit-search-result"
                >
                  <List.Item.Meta title={<a role="button">{u.name}</a>} description={`${kindLabel(u.kind)}${u.divisionCode ? ` · ${u.divisionCode}` : ''}${u.active ? '' : ` · ${messages.common.inactive}`}`} />
                </List.Item>
              )}
            />
          )}
        </div>
      ) : tree.rootsLoading ? <Spin /> : tree.rootsError ? <Alert type="error" title={errorMessage(tree.rootsError)} /> : treeData.length === 0 ? (
        <Empty description={t.treeEmpty} />
      ) : (
        <Tree
          data-testid="unit-tree"
          treeData={treeData}
          height={540}
          blockNode
          selectedKeys={selectedId ? [selectedId] : []}
          expandedKeys={expandedKeys}
          loadedKeys={[...tree.children.keys()].filter((k) => k !== ROOT_KEY)}
          onExpand={(keys) => onExpand(keys.map(Number))}
          loadData={(node) => tree.loadChildren(Number(node.key))}
          onSelect={(_keys, info) => {
            const unit = byId.get(Number(info.node.key));
            if (unit) onSelect(unit, false);
          }}
        />
      )}
      <Checkbox checked={includeInactive} onChange={(e) => onIncludeInactive(e.target.checked)}>{t.showInactive}</Checkbox>
    </Space>
  );
}
