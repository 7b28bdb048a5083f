import { Alert, Button } from 'antd';
import { ApiError } from '../../api/client.ts';
import { messages } from '../../i18n/zh-CN.ts';
import { narrativeLabels } from './narrative-labels.ts';

/** The form field a NARRATIVE_INVALID answer names (details.field), mapped to the form's own field names. */
export function fieldOfProblem(error: unknown, rename: Record<string, string> = {}): string | null {
  if (!(error instanceof ApiError) || error.code !== 'NARRATIVE_INVALID') return null;
  const field = typeof error.details.field === 'string' ? error.details.field : null;
  return field ? (rename[field] ?? field) : null;
}

/** A failed save: a stale edit offers to reload (the list brings the new version), anything else is shown as is. */
export function NarrativeStaleAlert({ error, onReload }: { error: ApiError | string | null; onReload: () => void }) {
  if (!error) return null;
  const stale = error instanceof ApiError && error.code === 'STALE_EDIT';
  const text = typeof error === 'string' ? error : stale ? `${narrativeLabels.stale}：${error.message}` : error.message;
  return (
    <Alert
      type={stale ? 'warning' : 'error'}
      showIcon
      title={text}
      style={{ marginBottom: 16 }}
      action={
        stale ? (
          <Button size="small" onClick={onReload}>
            {messages.common.reload}
          </Button>
        ) : undefined
      }
    />
  );
}
