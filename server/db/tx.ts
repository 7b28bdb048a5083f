import type { Db } from './database.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Repositories accept either the pool-level handle or a transaction. */
export type DbOrTx = Db | Tx;
