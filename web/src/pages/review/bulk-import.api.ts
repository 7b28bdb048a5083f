import { ApiError, getCsrfToken } from '../../api/client.ts';
import { messages } from '../../i18n/zh-CN.ts';

export type BulkOutcome =
  'imported' | 'submitted' | 'unit_unknown' | 'not_recipient' | 'table_error' | 'locked' | 'duplicate';
export interface BulkImportRow {
  file: string;
  sheet: string | null;
  unitName: string | null;
  unitId: number | null;
  outcome: BulkOutcome;
  message: string;
  problems: { cell: string; message: string }[];
  reportId: number | null;
  status: string | null;
}
export interface BulkImportResult {
  rows: BulkImportRow[];
  imported: number;
  submitted: number;
  failed: number;
}

/** Uploads several statistics tables at once (multipart: files…, submit). */
export async function bulkImportReports(noticeId: number, files: File[], submit: boolean): Promise<BulkImportResult> {
  const body = new FormData();
  if (submit) body.append('submit', 'true');
  for (const f of files) body.append('files', f, f.name);
  let response: Response;
  try {
    response = await fetch(`/api/notices/${noticeId}/reports/bulk-xlsx`, {
      method: 'POST',
      headers: { accept: 'application/json', 'x-csrf-token': getCsrfToken() ?? '' },
      credentials: 'same-origin',
      body,
    });
  } catch {
    throw new ApiError('NETWORK_ERROR', messages.common.networkError, {}, 0);
  }
  const parsed: unknown = await response.json().catch(() => null);
  if (response.ok) return parsed as BulkImportResult;
  const err =
    typeof parsed === 'object' && parsed !== null
      ? (parsed as { error?: { code?: unknown; message?: unknown } }).error
      : undefined;
  throw new ApiError(
    typeof err?.code === 'string' ? err.code : 'UNKNOWN',
    typeof err?.message === 'string' ? err.message : messages.common.unknownError,
    {},
    response.status,
  );
}
