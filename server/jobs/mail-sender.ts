import nodemailer from 'nodemailer';
import type { SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';
import { claimDueMail, finishMail, type MailRow } from '../db/repositories/notification.repository.ts';
import type { AppDeps } from '../services/service-context.ts';

/** Attempts per e-mail; after the last failure the row stays `failed` for an administrator to look at. */
export const MAIL_MAX_ATTEMPTS = 5;
/** Back-off base: attempts wait 0, 1, 3, 7, 15 minutes after the e-mail was queued. */
export const MAIL_BACKOFF_SECONDS = 60;
const BATCH = 50;

export interface MailLog {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}
export interface MailRunResult {
  sent: number;
  logged: number;
  failed: number;
}

type Transport = ReturnType<typeof smtpTransport>;
const smtpTransport = (options: SMTPTransportOptions) => nodemailer.createTransport(options);
const transports = new Map<string, Transport>();

function transportFor(url: string): Transport {
  let t = transports.get(url);
  if (!t) {
    // Bounded waits: a claimed row becomes due again after the first back-off step (a minute).
    t = smtpTransport({ url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 20_000 });
    transports.set(url, t);
  }
  return t;
}

/**
 * Delivers the outbox rows that are due: through SMTP when SMTP_URL is set, else writes them to the
 * log and marks them `logged` (CONTRACTS.md). Safe to run on several nodes at once: rows are claimed
 * with SKIP LOCKED and the claim counts the attempt.
 */
export async function deliverDueMail(
  deps: Pick<AppDeps, 'database' | 'env'>,
  log: MailLog,
  now: Date = new Date(),
): Promise<MailRunResult> {
  const { db } = deps.database;
  const result: MailRunResult = { sent: 0, logged: 0, failed: 0 };
  for (;;) {
    const rows = await claimDueMail(db, now, {
      maxAttempts: MAIL_MAX_ATTEMPTS,
      backoffSeconds: MAIL_BACKOFF_SECONDS,
      limit: BATCH,
    });
    for (const row of rows) await deliverOne(deps, log, row, result);
    if (rows.length < BATCH) return result;
  }
}

async function deliverOne(
  deps: Pick<AppDeps, 'database' | 'env'>,
  log: MailLog,
  row: MailRow,
  result: MailRunResult,
): Promise<void> {
  const { db } = deps.database;
  const url = deps.env.SMTP_URL;
  if (!url) {
    log.info(
      { mailId: row.id, to: row.toAddresses, cc: row.ccAddresses, subject: row.subject, body: row.body },
      '邮件（未配置 SMTP_URL，仅记录）',
    );
    await finishMail(db, row.id, { status: 'logged', error: null, sentAt: new Date() });
    result.logged++;
    return;
  }
  try {
    const info = await transportFor(url).sendMail({
      from: deps.env.MAIL_FROM,
      to: row.toAddresses,
      cc: row.ccAddresses,
      subject: row.subject,
      text: row.body,
    });
    await finishMail(db, row.id, { status: 'sent', error: null, messageId: info.messageId, sentAt: new Date() });
    result.sent++;
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    await finishMail(db, row.id, { status: 'failed', error: error.slice(0, 1000) });
    log.warn(
      { mailId: row.id, attempts: row.attempts, error },
      row.attempts >= MAIL_MAX_ATTEMPTS ? '邮件发送失败，已达重试上限' : '邮件发送失败，稍后重试',
    );
    result.failed++;
  }
}
