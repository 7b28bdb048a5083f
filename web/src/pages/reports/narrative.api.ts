import { api } from '../../api/client.ts';

// Activities (活动登记), typical cases (典型案例) and progress reports (进展情况) of a unit on a notice, and the
// digest of the children's activities (see the server's OpenAPI description).

export interface NarrativeCan {
  edit: boolean;
  recommend: boolean;
}

export interface ActivityFields {
  title: string;
  category: string | null;
  startOn: string | null;
  endOn: string | null;
  region: string | null;
  place: string | null;
  organiser: string | null;
  coOrganisers: string[];
  audience: string | null;
  participants: number | null;
  isPublic: boolean;
  description: string | null;
}
export interface Activity extends ActivityFields {
  id: number;
  noticeId: number;
  unitId: number;
  sortOrder: number;
  version: number;
  updatedAt: string;
}
export interface ActivityList {
  noticeId: number;
  unitId: number;
  unitName: string;
  categories: string[];
  can: NarrativeCan;
  items: Activity[];
}

export interface CaseFields {
  title: string;
  category: string | null;
  html: string;
}
export interface TypicalCase extends CaseFields {
  id: number;
  noticeId: number;
  unitId: number;
  unitName?: string;
  version: number;
  updatedAt: string;
  recommended: { byUnitId: number; at: string | null } | null;
  can: { recommend: boolean };
}
export interface CaseList {
  noticeId: number;
  unitId: number;
  unitName: string;
  categories: string[];
  can: NarrativeCan;
  items: TypicalCase[];
  recommended: TypicalCase[];
}

export interface ProgressFields {
  reportedOn: string;
  progress: string;
  results: string;
  problems: string;
  suggestions: string;
}
export interface ProgressReport extends ProgressFields {
  id: number;
  noticeId: number;
  unitId: number;
  version: number;
  updatedAt: string;
}
export interface ProgressList {
  noticeId: number;
  unitId: number;
  unitName: string;
  can: NarrativeCan;
  items: ProgressReport[];
}

export type DigestKind = 'regions' | 'departments';

export const narrativeKeys = {
  all: ['narrative'] as const,
  activities: (noticeId: number, unitId: number) => ['narrative', 'activities', noticeId, unitId] as const,
  cases: (noticeId: number, unitId: number) => ['narrative', 'cases', noticeId, unitId] as const,
  progress: (noticeId: number, unitId: number) => ['narrative', 'progress', noticeId, unitId] as const,
};

const base = (noticeId: number, unitId: number) => `/api/notices/${noticeId}/units/${unitId}`;

export const listActivities = (noticeId: number, unitId: number): Promise<ActivityList> =>
  api<ActivityList>(`${base(noticeId, unitId)}/activities`);
export const createActivity = (noticeId: number, unitId: number, input: ActivityFields): Promise<Activity> =>
  api<Activity>(`${base(noticeId, unitId)}/activities`, { method: 'POST', body: input });
export const updateActivity = (id: number, version: number, input: Partial<ActivityFields>): Promise<Activity> =>
  api<Activity>(`/api/activities/${id}`, { method: 'PATCH', body: { version, ...input } });
export const deleteActivity = (id: number, version: number): Promise<void> =>
  api<undefined>(`/api/activities/${id}`, { method: 'DELETE', query: { version } });

export const listCases = (noticeId: number, unitId: number): Promise<CaseList> =>
  api<CaseList>(`${base(noticeId, unitId)}/cases`);
export const createCase = (noticeId: number, unitId: number, input: CaseFields): Promise<TypicalCase> =>
  api<TypicalCase>(`${base(noticeId, unitId)}/cases`, { method: 'POST', body: input });
export const updateCase = (id: number, version: number, input: Partial<CaseFields>): Promise<TypicalCase> =>
  api<TypicalCase>(`/api/cases/${id}`, { method: 'PATCH', body: { version, ...input } });
export const deleteCase = (id: number, version: number): Promise<void> =>
  api<undefined>(`/api/cases/${id}`, { method: 'DELETE', query: { version } });
export const setRecommended = (id: number, on: boolean): Promise<TypicalCase> =>
  api<TypicalCase>(`/api/cases/${id}/recommend`, { method: on ? 'POST' : 'DELETE' });

export const listProgress = (noticeId: number, unitId: number): Promise<ProgressList> =>
  api<ProgressList>(`${base(noticeId, unitId)}/progress`);
export const createProgress = (noticeId: number, unitId: number, input: ProgressFields): Promise<ProgressReport> =>
  api<ProgressReport>(`${base(noticeId, unitId)}/progress`, { method: 'POST', body: input });
export const updateProgress = (id: number, version: number, input: Partial<ProgressFields>): Promise<ProgressReport> =>
  api<ProgressReport>(`/api/progress/${id}`, { method: 'PATCH', body: { version, ...input } });
export const deleteProgress = (id: number, version: number): Promise<void> =>
  api<undefined>(`/api/progress/${id}`, { method: 'DELETE', query: { version } });

export const digestDocxUrl = (noticeId: number, kind: DigestKind): string =>
  `/api/notices/${noticeId}/digest.docx?kind=${kind}`;
