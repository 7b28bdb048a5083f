import { api } from './client.ts';
import type { AuditEntry, Page } from './types.ts';

export interface AuditQuery {
  action?: string | undefined;
  actor?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

export function listAudit(q: AuditQuery): Promise<Page<AuditEntry>> {
  return api<Page<AuditEntry>>('/api/audit', { query: { ...q } });
}
