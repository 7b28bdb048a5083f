import { useQueryClient } from '@tanstack/react-query';
import { Card, Tabs } from 'antd';
import { useEffect } from 'react';
import { ActivitiesPanel } from './activities-panel.tsx';
import { CasesPanel } from './cases-panel.tsx';
import { narrativeLabels } from './narrative-labels.ts';
import { narrativeKeys } from './narrative.api.ts';
import { ProgressPanel } from './progress-panel.tsx';

/** 活动登记 / 典型案例 / 进展情况 of a unit's report: editable while the report is open, read-only for reviewers. */
export function ActivitiesSection({ noticeId, unitId, status }: { noticeId: number; unitId: number; status?: string }) {
  const client = useQueryClient();
  // Submitting, returning or accepting the report changes who may edit: ask again.
  useEffect(() => {
    void client.invalidateQueries({ queryKey: narrativeKeys.all });
  }, [client, status]);
  return (
    <Card size="small" title={narrativeLabels.sectionTitle} data-testid="narrative-section">
      <Tabs
        destroyOnHidden
        items={[
          {
            key: 'activities',
            label: narrativeLabels.tabs.activities,
            children: <ActivitiesPanel noticeId={noticeId} unitId={unitId} />,
          },
          {
            key: 'cases',
            label: narrativeLabels.tabs.cases,
            children: <CasesPanel noticeId={noticeId} unitId={unitId} />,
          },
          {
            key: 'progress',
            label: narrativeLabels.tabs.progress,
            children: <ProgressPanel noticeId={noticeId} unitId={unitId} />,
          },
        ]}
      />
    </Card>
  );
}
