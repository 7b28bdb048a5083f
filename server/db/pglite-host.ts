// Child process that owns an embedded PGlite database and serves it over the PostgreSQL wire
// protocol, so the app never runs PGlite on its own event loop (a long query would stall it).
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PgliteWireServer } from './pglite-wire-server.ts';

interface HostRequest {
  pgdata: string;
  socketPath?: string;
}
export type HostMessage =
  { type: 'ready'; socketPath?: string; host?: string; port?: number } | { type: 'error'; message: string };

function send(message: HostMessage): void {
  process.send?.(message);
}

async function main(request: HostRequest): Promise<void> {
  mkdirSync(request.pgdata, { recursive: true });
  // relaxedDurability stays off: every commit reaches the files before the client hears of it.
  const db = await PGlite.create({ dataDir: request.pgdata, relaxedDurability: false });
  const server = new PgliteWireServer(db);
  if (request.socketPath) {
    await server.listen({ path: request.socketPath });
    send({ type: 'ready', socketPath: request.socketPath });
  } else {
    const addr = await server.listen({ host: '127.0.0.1', port: 0 });
    send({ type: 'ready', host: '127.0.0.1', port: typeof addr === 'string' ? 0 : addr.port });
  }
  const shutdown = async (): Promise<void> => {
    await server.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    process.exit(0);
  };
  // The owner going away (even by kill -9) disconnects IPC: close cleanly then.
  process.on('disconnect', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  process.on('message', (m) => {
    if (m === 'stop') void shutdown();
  });
}

process.once('message', (request: HostRequest) => {
  main(request).catch((err: unknown) => {
    send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  });
});
