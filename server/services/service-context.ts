import type { Actor } from '../../domain/policies/actor.ts';
import type { Database } from '../db/database.ts';
import type { Env } from '../env.ts';
import type { AuditSealer } from '../jobs/audit-sealer.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Storage } from '../storage/storage.ts';

/** What every service needs from the running app. */
export interface AppDeps {
  database: Database;
  env: Env;
  sealer: AuditSealer;
  /** File contents (uploads, thumbnails): local disk under DATA_DIR/files. */
  storage: Storage;
  /** The job queue, when started (server; tests that need it start it themselves). */
  queue?: JobQueue | undefined;
}

/** Who is asking, and from where. */
export interface RequestCtx {
  actor: Actor;
  ip: string | null;
}
