import { insertNotification } from '../db/repositories/notification.repository.ts';
import type { DbOrTx } from '../db/tx.ts';
import type { DeliveryResult, NotificationChannel, OutgoingMessage } from './channel.ts';

/** The notification row the unit's users see under the bell. */
export class InAppChannel implements NotificationChannel {
  readonly name = 'in-app';

  async deliver(tx: DbOrTx, m: OutgoingMessage): Promise<DeliveryResult> {
    const row = await insertNotification(tx, {
      unitId: m.unitId,
      kind: m.kind,
      title: m.title,
      body: m.body,
      noticeId: m.noticeId,
      subjectUnitId: m.subjectUnitId ?? null,
      createdBy: m.createdBy ?? null,
    });
    return { notificationId: row.id, queued: 1 };
  }
}
