import { UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Flex, Row, Typography } from 'antd';
import { errorMessage } from '../../api/client.ts';
import { useState } from 'react';
import { getUnit, unitKeys } from '../../api/units.api.ts';
import type { UnitView } from '../../api/types.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { ImportDialog } from '../import/import-dialog.tsx';
import { UnitCreateModal } from './unit-create-modal.tsx';
import { UnitDetailPanel } from './unit-detail-panel.tsx';
import { UnitEditDrawer } from './unit-edit-drawer.tsx';
import { UnitMoveModal } from './unit-move-modal.tsx';
import { UnitTreePanel } from './unit-tree-panel.tsx';
import { ROOT_KEY, useUnitTree } from './use-unit-tree.ts';

type Dialog = 'create' | 'edit' | 'move' | 'import' | null;

interface UnitImportResult {
  dryRun: boolean;
  rows: number;
  created: number;
}

export default function UnitTreePage() {
  const [includeInactive, setIncludeInactive] = useState(false);
  const tree = useUnitTree(includeInactive);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [expanded, setExpanded] = useState<number[]>([]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const { message } = App.useApp();
  const client = useQueryClient();

  const detail = useQuery({
    queryKey: unitKeys.detail(selectedId ?? 0),
    queryFn: () => getUnit(selectedId ?? 0),
    enabled: selectedId !== null,
  });
  const unit = detail.data;

  /** Opens the path to a unit in the tree (after a search pick or a change), loading each level. */
  async function reveal(target: { id: number }) {
    const d = await getUnit(target.id);
    const opened: number[] = [];
    for (const { id } of d.ancestors) {
      // Ancestors above the user's own top unit are not in the tree; loading them would be refused.
      try {
        await tree.loadChildren(id);
        opened.push(id);
      } catch {
        /* not visible to this user, or failed: leave it closed */
      }
    }
    setExpanded((prev) => [...new Set([...prev, ...opened])]);
  }

  /** Refreshes the tree levels a change touched; a failure is shown, the change itself is saved. */
  function refresh(parentIds: (number | null)[], then?: () => void) {
    tree.reload(parentIds).then(then, (error: unknown) => {
      message.error(errorMessage(error));
    });
  }

  // Import names its parents in the file, so it is offered wherever the user may add units: the selected unit, or a top unit.
  const canImport = unit ? unit.can.create_child : (tree.children.get(ROOT_KEY) ?? []).some((u) => u.can.create_child);

  /** After an import the new units may hang anywhere: refresh every level on screen and forget cached ones. */
  function afterImport() {
    void client.invalidateQueries({ queryKey: unitKeys.all, refetchType: 'active' });
    refresh([...tree.children.keys()].map((k) => (k === ROOT_KEY ? null : k)));
  }

  function select(u: UnitView, fromSearch: boolean) {
    setSelectedId(u.id);
    if (fromSearch) reveal(u).catch(() => undefined);
  }

  return (
    <>
      <Flex justify="space-between" align="baseline">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {messages.units.title}
        </Typography.Title>
        {canImport && (
          <Button icon={<UploadOutlined />} onClick={() => setDialog('import')}>
            {messages.bulkImport.button}
          </Button>
        )}
      </Flex>
      <Row gutter={16} wrap={false}>
        <Col flex="380px" style={{ minWidth: 320 }}>
          <div style={{ background: '#fff', padding: 16, borderRadius: 4 }}>
            <UnitTreePanel
              tree={tree}
              selectedId={selectedId}
              expandedKeys={expanded}
              onExpand={setExpanded}
              onSelect={select}
              includeInactive={includeInactive}
              onIncludeInactive={setIncludeInactive}
            />
          </div>
        </Col>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <UnitDetailPanel
            unit={selectedId === null ? undefined : unit}
            loading={selectedId !== null && detail.isPending}
            error={detail.error}
            onAddChild={() => setDialog('create')}
            onEdit={() => setDialog('edit')}
            onMove={() => setDialog('move')}
            onReload={() => {
              void detail.refetch();
            }}
            onActiveChanged={(u) => {
              refresh([u.parentId]);
              void detail.refetch();
            }}
          />
        </Col>
      </Row>
      {dialog === 'create' && unit && (
        <UnitCreateModal
          parent={unit}
          onClose={() => setDialog(null)}
          onCreated={(created) => {
            setDialog(null);
            // The parent gains a child (and may stop being a leaf), so refresh it and its own parent.
            refresh([unit.id, unit.parentId], () => setExpanded((prev) => [...new Set([...prev, unit.id])]));
            setSelectedId(created.id);
          }}
        />
      )}
      {dialog === 'import' && (
        <ImportDialog<UnitImportResult>
          title={messages.bulkImport.unitsTitle}
          endpoint="/api/units/import"
          templateUrl="/api/units/import-template.xlsx"
          hint={messages.bulkImport.unitsHint}
          onClose={() => setDialog(null)}
          onImported={(result) => {
            setDialog(null);
            message.success(messages.bulkImport.unitsDone(result.created));
            afterImport();
          }}
        />
      )}
      {dialog === 'edit' && unit && (
        <UnitEditDrawer
          unit={unit}
          onClose={() => setDialog(null)}
          onReload={async () => (await detail.refetch()).data}
          onSaved={(saved) => {
            setDialog(null);
            refresh([saved.parentId]);
          }}
        />
      )}
      {dialog === 'move' && unit && (
        <UnitMoveModal
          unit={unit}
          onClose={() => setDialog(null)}
          onMoved={(moved, from, to) => {
            setDialog(null);
            refresh([from, moved.parentId, to?.parentId ?? null], () => {
              reveal(moved).catch(() => undefined);
            });
          }}
        />
      )}
    </>
  );
}
