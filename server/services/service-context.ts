import type { Actor } from '../../domain/policies/actor.ts';
import type { Database } from '../db/database.ts';
import type { Env } from '../env.ts';
import type { AuditSealer } from '../jobs/audit-sealer.ts';

/** What every service needs from the running app. */
export interface AppDeps {
  database: Database;
  env: Env;
  sealer: AuditSealer;
}

/** Who is asking, and from where. */
export interface RequestCtx {
  actor: Actor;
  ip: string | null;
}
