import { eq, sql } from 'drizzle-orm';
import type { Role } from '../../../domain/policies/actor.ts';
import { roleGrants, sessions, units, users } from '../schema.ts';
import type { Db } from '../database.ts';
import { builtOnce, statementName } from '../database.ts';

export interface SessionWithUser {
  session: { csrfToken: string; lastSeenAt: Date };
  user: {
    id: number;
    username: string;
    displayName: string;
    unitId: number;
    active: boolean;
    mustChangePassword: boolean;
  };
  /** The user's roles on active units. */
  grants: { unitId: number; unitPath: string; role: Role }[];
}

function sessionQuery(db: Db) {
  // Only what a request needs: every row and column read here is parsed on every API call.
  return db
    .select({
      session: { csrfToken: sessions.csrfToken, lastSeenAt: sessions.lastSeenAt },
      user: {
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        unitId: users.unitId,
        active: users.active,
        mustChangePassword: users.mustChangePassword,
      },
      grants: sql<
        SessionWithUser['grants']
      >`(select coalesce(json_agg(json_build_object('unitId', g.unit_id, 'unitPath', gu.path, 'role', g.role)), '[]'::json)
      from ${roleGrants} g join ${units} gu on gu.id = g.unit_id where g.user_id = ${users.id} and gu.active)`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder('id')))
    .limit(1)
    .prepare(statementName(db, 'session_with_user'));
}

const prepared = new WeakMap<Db, ReturnType<typeof sessionQuery>>();

/** A session with its user and the user's grants: every authenticated request asks this, so it is one prepared round trip. */
export async function findSessionWithUser(db: Db, id: string): Promise<SessionWithUser | undefined> {
  return (await builtOnce(prepared, db, sessionQuery).execute({ id }))[0];
}
