import { api } from './client.ts';

// The public side (no login): shapes of /api/public/* (see the server's OpenAPI description).
export interface PublicCampaignSummary {
  id: number;
  year: number;
  name: string;
}
export interface PublicPoster {
  id: number;
  caption: string | null;
  width: number | null;
  height: number | null;
  url: string;
  thumbUrl: string;
}
export interface PublicCampaign extends PublicCampaignSummary {
  theme: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  slogans: string[];
  posters: PublicPoster[];
  activityCount: number;
}
export interface PublicActivity {
  id: number;
  title: string;
  category: string | null;
  startOn: string | null;
  endOn: string | null;
  region: string | null;
  place: string | null;
  organiser: string | null;
  audience: string | null;
  description: string | null;
  unitName: string;
}
export interface PublicActivityPage {
  campaignId: number;
  items: PublicActivity[];
  total: number;
  page: number;
  pageSize: number;
}
export interface PublicRegion {
  code: string;
  name: string;
  children?: PublicRegion[];
}

export interface PublicActivityQuery {
  campaignId?: number | undefined;
  province?: string | undefined;
  prefecture?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

export const publicKeys = {
  all: ['public'] as const,
  campaigns: ['public', 'campaigns'] as const,
  campaign: (id: number | 'latest') => ['public', 'campaign', id] as const,
  activities: (q: PublicActivityQuery) => ['public', 'activities', q] as const,
  regions: ['public', 'regions'] as const,
};

// A stale staff session must not send a citizen to the login page.
const open = { skipAuthRedirect: true } as const;

export function listPublicCampaigns(): Promise<PublicCampaignSummary[]> {
  return api<PublicCampaignSummary[]>('/api/public/campaigns', open);
}

export function getPublicCampaign(id: number | 'latest'): Promise<PublicCampaign> {
  return api<PublicCampaign>(`/api/public/campaigns/${String(id)}`, open);
}

export function listPublicActivities(q: PublicActivityQuery, signal?: AbortSignal): Promise<PublicActivityPage> {
  return api<PublicActivityPage>('/api/public/activities', { ...open, query: { ...q }, ...(signal && { signal }) });
}

export function listPublicRegions(): Promise<PublicRegion[]> {
  return api<PublicRegion[]>('/api/public/regions', open);
}
