import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Empty, Input, List, Space, Spin, Tag, Tree, Typography } from 'antd';
import type { GetRef, TreeDataNode } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { searchUnits, unitKeys } from '../../api/units.api.ts';
import type { UnitView } from '../../api/types.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { kindLabel } from '../../shared/labels.ts';
import { useViewportHeight } from '../../shared/use-viewport-height.ts';
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

type TreeHandle = GetRef<typeof Tree>;

export function UnitTreePanel({
  tree,
  selectedId,
  expandedKeys,
  onExpand,
  onSelect,
  includeInactive,
  onIncludeInactive,
}: Props) {
  const [input, setInput] = useState('');
  const [term, setTerm] = useState('');
  const q = term.trim();
  const treeRef = useRef<TreeHandle>(null);
  // Header, title, search box and the checkbox take ~290px; the list gets the rest of a 720px laptop screen.
  const listHeight = Math.max(240, useViewportHeight() - 290);
  const search = useQuery({
    queryKey: unitKeys.search(q),
    queryFn: ({ signal }) => searchUnits(q, signal),
    enabled: q.length > 0,
  });

  const byId = useMemo(() => {
    const map = new Map<number, UnitView>();
    for (const list of tree.children.values()) for (const u of list) map.set(u.id, u);
    return map;
  }, [tree.children]);

  const treeData = useMemo(() => {
    const build = (items: UnitView[]): TreeDataNode[] =>
      items.map((u) => {
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

  // The tree is virtualised: bring the selected unit into view once its row exists (after a search pick or a change).
  const selectedInTree = selectedId !== null && byId.has(selectedId);
  useEffect(() => {
    if (selectedId !== null && selectedInTree && !q) treeRef.current?.scrollTo({ key: selectedId, align: 'auto' });
  }, [selectedId, selectedInTree, treeData, q]);

  const clearSearch = () => {
    setInput('');
    setTerm('');
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input.Search
        placeholder={t.searchPlaceholder}
        allowClear
        enterButton={messages.common.search}
        value={input}
        onSearch={(v) => setTerm(v)}
        onChange={(e) => {
          setInput(e.target.value);
          if (!e.target.value) setTerm('');
        }}
        aria-label={t.searchPlaceholder}
      />
      {q ? (
        <div>
          <Space style={{ marginBottom: 8 }}>
            <Typography.Text type="secondary">{t.searchResults(search.data?.length ?? 0)}</Typography.Text>
            <Button type="link" size="small" onClick={clearSearch}>
              {t.clearSearch}
            </Button>
          </Space>
          {search.isError ? (
            <Alert type="error" title={errorMessage(search.error)} />
          ) : (
            <List
              size="small"
              bordered
              loading={search.isFetching}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noResults} /> }}
              dataSource={search.data ?? []}
              style={{ maxHeight: listHeight, overflow: 'auto' }}
              renderItem={(u) => (
                <List.Item
                  onClick={() => onSelect(u, true)}
                  style={{ cursor: 'pointer', background: u.id === selectedId ? '#e6f4ff' : undefined }}
                  data-testid="unit-search-result"
                >
                  <List.Item.Meta
                    title={<a role="button">{u.name}</a>}
                    description={`${kindLabel(u.kind)}${u.divisionCode ? ` · ${u.divisionCode}` : ''}${u.active ? '' : ` · ${messages.common.inactive}`}`}
                  />
                </List.Item>
              )}
            />
          )}
        </div>
      ) : tree.rootsLoading ? (
        <Spin />
      ) : tree.rootsError ? (
        <Alert type="error" title={errorMessage(tree.rootsError)} />
      ) : treeData.length === 0 ? (
        <Empty description={t.treeEmpty} />
      ) : (
        <div data-testid="unit-tree">
          <Tree
            ref={treeRef}
            treeData={treeData}
            height={listHeight}
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
        </div>
      )}
      <Checkbox checked={includeInactive} onChange={(e) => onIncludeInactive(e.target.checked)}>
        {t.showInactive}
      </Checkbox>
    </Space>
  );
}
