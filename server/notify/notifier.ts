import type { DbOrTx } from '../db/tx.ts';
import type { Env } from '../env.ts';
import type { NotificationChannel, OutgoingMessage } from './channel.ts';
import { EmailChannel } from './email.channel.ts';
import { InAppChannel } from './in-app.channel.ts';

export interface NotifyResult {
  notificationId: number | null;
  emails: number;
}

/** Sends one message through every channel: in-app first (its row is what e-mails refer to), then the others. */
export class Notifier {
  constructor(
    private readonly inApp: NotificationChannel,
    private readonly others: NotificationChannel[],
  ) {}

  /** `inAppOnly`: no e-mail etc., e.g. for an escalation whose superior is already copied on the unit's e-mail. */
  async notify(tx: DbOrTx, message: OutgoingMessage, options: { inAppOnly?: boolean } = {}): Promise<NotifyResult> {
    const own = await this.inApp.deliver(tx, message, null);
    const notificationId = own.notificationId ?? null;
    let emails = 0;
    for (const channel of options.inAppOnly ? [] : this.others) {
      const r = await channel.deliver(tx, message, notificationId);
      if (channel.name === 'email') emails += r.queued;
    }
    return { notificationId, emails };
  }
}

export function notifierFor(env: Pick<Env, 'PUBLIC_BASE_URL'>): Notifier {
  return new Notifier(new InAppChannel(), [new EmailChannel(env.PUBLIC_BASE_URL)]);
}
