import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Input, Space, Tag, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { useDeferredValue, useMemo, useState, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { getCascadeTree, noticeKeys, type CascadeNode } from '../../api/notices.api.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { PageSpinner } from '../../shared/lazy-page.tsx';
import { useViewportHeight } from '../../shared/use-viewport-height.ts';
import { deadlineText, docNumberText } from './notice-format.ts';

const t = messages.cascade;

/** The text a search looks through, per node. */
const haystack = (n: CascadeNode): string =>
  `${n.unitName}\n${n.issuerName}\n${n.docNumber ?? messages.notices.noDocNumber}\n${n.title}`.toLowerCase();

function highlight(text: string, term: string): ReactNode {
  if (!term) return text;
  const at = text.toLowerCase().indexOf(term);
  if (at < 0) return text;
  return (
    <>
      {text.slice(0, at)}
      <mark style={{ padding: 0, background: '#ffe58f' }}>{text.slice(at, at + term.length)}</mark>
      {text.slice(at + term.length)}
    </>
  );
}

function NodeTitle({ node, term }: { node: CascadeNode; term: string }) {
  return (
    <span data-testid="cascade-node" style={{ display: 'flex', gap: 12, whiteSpace: 'nowrap', minWidth: 0 }}>
      <Typography.Text strong style={{ flex: 'none' }}>
        {highlight(node.unitName || node.issuerName, term)}
      </Typography.Text>
      <span style={{ flex: 'none' }}>{highlight(docNumberText(node.docNumber), term)}</span>
      {/* Long titles are cut, not the deadline and signatures after them; the full title is the tooltip. */}
      <span style={{ flex: '0 1 auto', minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' }} title={node.title}>
        {highlight(node.title, term)}
      </span>
      <Typography.Text type="secondary" style={{ flex: 'none' }}>
        {t.deadline} {deadlineText(node.deadline)}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ flex: 'none' }}>
        {t.signed} {node.signed}/{node.recipients}
      </Typography.Text>
      {node.progress && (
        <Typography.Text type="secondary" style={{ flex: 'none' }}>
          {t.reported} {node.progress.reported}/{node.progress.expected}
        </Typography.Text>
      )}
      {node.progress && node.progress.overdue > 0 && (
        <Tag color="red" style={{ flex: 'none' }}>
          {t.overdue(node.progress.overdue)}
        </Tag>
      )}
      {node.status === 'draft' && (
        <Tag color="orange" style={{ flex: 'none' }}>
          {t.draft}
        </Tag>
      )}
      {node.recordedBy !== null && (
        <Tag color="purple" style={{ flex: 'none' }} title={t.recordedBy(node.recordedBy)}>
          {t.recordedTag}
        </Tag>
      )}
    </span>
  );
}

export default function CascadeTreePage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const q = useQuery({
    queryKey: noticeKeys.tree(id),
    queryFn: () => getCascadeTree(id),
    enabled: Number.isInteger(id) && id > 0,
  });
  const [input, setInput] = useState('');
  const term = useDeferredValue(input.trim().toLowerCase());
  const [collapsed, setCollapsed] = useState<Set<number>>(new Set());
  const height = Math.max(300, useViewportHeight() - 280);

  const index = useMemo(() => {
    const nodes = q.data ?? [];
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const kids = new Map<number | null, CascadeNode[]>();
    for (const n of nodes) {
      const parent = n.parentId !== null && byId.has(n.parentId) ? n.parentId : null;
      const list = kids.get(parent);
      if (list) list.push(n);
      else kids.set(parent, [n]);
    }
    return { nodes, byId, kids, text: new Map(nodes.map((n) => [n.id, haystack(n)])) };
  }, [q.data]);

  // While searching: the matches and their ancestors, all expanded.
  const shown = useMemo(() => {
    if (!term) return null;
    const keep = new Set<number>();
    let matches = 0;
    for (const n of index.nodes) {
      if (!(index.text.get(n.id) ?? '').includes(term)) continue;
      matches++;
      for (
        let cur: CascadeNode | undefined = n;
        cur && !keep.has(cur.id);
        cur = cur.parentId === null ? undefined : index.byId.get(cur.parentId)
      )
        keep.add(cur.id);
    }
    return { keep, matches };
  }, [index, term]);

  const treeData = useMemo(() => {
    const build = (parent: number | null): TreeDataNode[] =>
      (index.kids.get(parent) ?? [])
        .filter((n) => !shown || shown.keep.has(n.id))
        .map((n) => {
          const children = build(n.id);
          return { key: n.id, title: <NodeTitle node={n} term={term} />, children, isLeaf: children.length === 0 };
        });
    return build(null);
  }, [index, shown, term]);

  const parentIds = useMemo(() => [...index.kids.keys()].filter((k): k is number => k !== null), [index]);
  const expandedKeys = shown ? [...shown.keep] : parentIds.filter((k) => !collapsed.has(k));

  if (q.isPending) return <PageSpinner />;

  return (
    <Card
      title={
        <Space>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            aria-label={messages.notice.back}
            onClick={() => {
              void navigate(`/notices/${id}`);
            }}
          />
          <span>{t.title}</span>
          {q.data && (
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              {t.count(q.data.length)}
            </Typography.Text>
          )}
        </Space>
      }
    >
      {q.isError ? (
        <Alert type="error" showIcon title={errorMessage(q.error)} />
      ) : (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <Input.Search
              allowClear
              placeholder={t.search}
              aria-label={t.search}
              value={input}
              onChange={(e) => setInput(e.target.value)}
              style={{ width: 320 }}
            />
            {shown && <Typography.Text type="secondary">{t.matches(shown.matches)}</Typography.Text>}
            <Button size="small" disabled={!!shown} onClick={() => setCollapsed(new Set())}>
              {t.expandAll}
            </Button>
            <Button size="small" disabled={!!shown} onClick={() => setCollapsed(new Set(parentIds))}>
              {t.collapseAll}
            </Button>
          </Space>
          {treeData.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noMatch} />
          ) : (
            <div data-testid="cascade-tree" className="cascade-tree">
              <Tree
                // The virtual list keeps rendered titles by key; a new search term needs fresh rows for its highlights.
                key={term}
                treeData={treeData}
                height={height}
                virtual
                blockNode
                showLine
                expandedKeys={expandedKeys}
                selectedKeys={[]}
                onExpand={(_keys, info) => {
                  if (shown) return;
                  const key = Number(info.node.key);
                  setCollapsed((prev) => {
                    const next = new Set(prev);
                    if (info.expanded) next.delete(key);
                    else next.add(key);
                    return next;
                  });
                }}
                onSelect={(_keys, info) => {
                  void navigate(`/notices/${String(info.node.key)}`);
                }}
              />
            </div>
          )}
        </>
      )}
    </Card>
  );
}
