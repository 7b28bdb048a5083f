import type { Actor } from '../../domain/policies/actor.ts';
import type { Database } from '../db/database.ts';
import type { Env } from '../env.ts';
import type { Storage } from '../storage/storage.ts';

/** What services ask of the audit sealer (implemented in server/jobs/audit-sealer.ts). */
export interface AuditNudge {
  /** Seal soon: called after a commit that wrote audit entries. */
  nudge(): void;
}

/** What services ask of the job queue (implemented in server/jobs/queue.ts); jobs call services, not the reverse. */
export interface JobSignals {
  /** Deliver the outbox soon: called after a commit that queued e-mails. */
  nudgeMail(): void;
  stop(): Promise<void>;
}

/** What every service needs from the running app. */
export interface AppDeps {
  database: Database;
  env: Env;
  sealer: AuditNudge;
  /** File contents (uploads, thumbnails): local disk under DATA_DIR/files. */
  storage: Storage;
  /** The job queue, when started (server; tests that need it start it themselves). */
  queue?: JobSignals | undefined;
}

/** Who is asking, and from where. */
export interface RequestCtx {
  actor: Actor;
  ip: string | null;
}
