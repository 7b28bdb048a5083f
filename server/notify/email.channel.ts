import { insertMail, mailAddressesOf } from '../db/repositories/notification.repository.ts';
import type { DbOrTx } from '../db/tx.ts';
import type { DeliveryResult, NotificationChannel, OutgoingMessage } from './channel.ts';

/**
 * Puts an e-mail in the outbox in the caller's transaction; the mail job delivers it (or, without
 * SMTP_URL, logs it). To: the unit's reporters and admins and its contact address; Cc: the same of
 * the copied units. A unit without any address gets no e-mail (its superior, if copied, still does).
 */
export class EmailChannel implements NotificationChannel {
  readonly name = 'email';

  constructor(private readonly publicBaseUrl: string) {}

  async deliver(tx: DbOrTx, m: OutgoingMessage, notificationId: number | null): Promise<DeliveryResult> {
    let to = await mailAddressesOf(tx, m.unitId);
    let cc: string[] = [];
    for (const unitId of m.ccUnitIds ?? []) cc.push(...(await mailAddressesOf(tx, unitId)));
    cc = [...new Set(cc)].filter((a) => !to.includes(a));
    if (to.length === 0) [to, cc] = [cc, []];
    if (to.length === 0) return { queued: 0 };
    const link = m.link ? `${this.publicBaseUrl.replace(/\/$/, '')}${m.link}` : null;
    const body = `${m.body}\n\n${link ? `办理：${link}\n` : ''}（本邮件由质量月活动管理平台自动发送，请勿直接回复。）`;
    await insertMail(tx, {
      notificationId,
      toAddresses: to,
      ccAddresses: cc,
      subject: `【质量月平台】${m.title}`,
      body,
    });
    return { queued: 1 };
  }
}
