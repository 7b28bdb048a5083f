import type { DbOrTx } from '../db/tx.ts';

export type NotificationKind = 'reminder' | 'escalation' | 'manual' | 'returned' | 'accepted' | 'unlock' | 'system';

/** One message to one unit; channels record it inside the caller's transaction. */
export interface OutgoingMessage {
  unitId: number;
  kind: NotificationKind;
  title: string;
  body: string;
  noticeId: number | null;
  /** The unit the message is about when it is not the addressee (an escalation names the late unit). */
  subjectUnitId?: number | null;
  createdBy?: number | null;
  /** Units copied by e-mail (the superior of a late unit). */
  ccUnitIds?: number[];
  /** Path in the web app the message points to, e.g. /notices/12/report/34. */
  link?: string | null;
}

export interface DeliveryResult {
  /** The in-app notification row, once a channel has written it. */
  notificationId?: number;
  /** Messages queued on this channel (e-mails in the outbox); 0 when the unit has no address. */
  queued: number;
}

/**
 * A way to reach a unit. In-app and e-mail exist; SMS, 政务微信 or 钉钉 are further implementations
 * (record the message in the transaction, deliver it from a job afterwards, as e-mail does).
 */
export interface NotificationChannel {
  readonly name: string;
  deliver(tx: DbOrTx, message: OutgoingMessage, notificationId: number | null): Promise<DeliveryResult>;
}
