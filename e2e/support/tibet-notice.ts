import { ApiSession } from './api-session.ts';
import { E2E_DEMO_PASSWORD } from './server.ts';

/** The demo's Tibet regional office and the association below it, with their demo accounts. */
export const TIBET = {
  office: '西藏自治区市场监督管理局',
  association: '西藏自治区质量协会',
  reviewer: 'tibet-reviewer',
  reporter: 'tibet-assoc-reporter',
} as const;

/**
 * The demo campaign is archived (read-only), so the regional office opens a live 2099 campaign and issues
 * a notice requiring the 2024 statistics table to the association (deadline 2099-10-10).
 */
export async function issueTibetNotice(
  baseUrl: string,
  notice: { title: string; docNumber?: string; requiredReports: string[] },
): Promise<{ noticeId: number; associationId: number }> {
  const office = await ApiSession.login(baseUrl, TIBET.reviewer, E2E_DEMO_PASSWORD);
  if (office.user.unitName !== TIBET.office) throw new Error(`${TIBET.reviewer} belongs to ${office.user.unitName}`);
  const found = await office.call<{ items: { id: number; name: string }[] }>(
    'GET',
    `/api/units/search?q=${encodeURIComponent(TIBET.association)}`,
  );
  const association = found.items.find((u) => u.name === TIBET.association);
  if (!association) throw new Error('demo data has no Tibet quality association');
  const campaign = await office.call<{ id: number }>('POST', '/api/campaigns', {
    ownerUnitId: office.user.unitId,
    year: 2099,
    name: '2099年西藏自治区“质量月”活动',
    theme: '质量强区',
  });
  const draft = await office.call<{ id: number; version: number }>('POST', '/api/notices', {
    campaignId: campaign.id,
    issuerUnitId: office.user.unitId,
    deadline: '2099-10-10',
    formCode: 'quality-month-2024',
    recipientUnitIds: [association.id],
    ...notice,
  });
  await office.call('POST', `/api/notices/${draft.id}/issue`, { version: draft.version });
  return { noticeId: draft.id, associationId: association.id };
}
