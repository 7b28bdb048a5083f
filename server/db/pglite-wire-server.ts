import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

/**
 * A PostgreSQL wire-protocol front for one PGlite. PGlite has one session, so a connection owns it
 * from its first message until a Sync or simple Query leaves no transaction open; other connections
 * wait their turn. (Interleaving single messages of extended-protocol exchanges, as a per-message
 * multiplexer does, mixes up unnamed statements and portals between connections.)
 */
export class PgliteWireServer {
  private readonly server: net.Server;
  private owner: net.Socket | null = null;
  private readonly waiting: { socket: net.Socket; resume: () => void }[] = [];
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly db: PGlite) {
    this.server = net.createServer((socket) => this.serve(socket));
  }

  listen(target: { path: string } | { host: string; port: number }): Promise<net.AddressInfo | string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      const done = (): void => {
        const a = this.server.address();
        resolve(a ?? '');
      };
      if ('path' in target) this.server.listen(target.path, done);
      else this.server.listen(target.port, target.host, done);
    });
  }

  /** Stops listening and drops the clients (pooled connections would otherwise keep it open). */
  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    return closed;
  }

  private acquire(socket: net.Socket): Promise<void> {
    if (this.owner === socket) return Promise.resolve();
    if (this.owner === null) {
      this.owner = socket;
      return Promise.resolve();
    }
    return new Promise((resume) =>
      this.waiting.push({
        socket,
        resume: () => {
          this.owner = socket;
          resume();
        },
      }),
    );
  }

  private release(socket: net.Socket): void {
    if (this.owner !== socket) return;
    this.owner = null;
    const next = this.waiting.shift();
    next?.resume();
  }

  private serve(socket: net.Socket): void {
    this.sockets.add(socket);
    let buffer = Buffer.alloc(0);
    let started = false;
    let chain: Promise<void> = Promise.resolve();
    // A copy: PGlite may hand out views of memory it reuses, and a busy socket sends later than write() returns.
    const write = (data: Uint8Array): void => {
      if (socket.writable) socket.write(Buffer.from(data));
    };

    const handle = async (message: Buffer, type: string | null): Promise<void> => {
      await this.acquire(socket);
      await this.db.execProtocolRawStream(new Uint8Array(message), { onRawData: write });
      // Startup, Sync, simple Query and Terminate end an exchange; the session is free unless a transaction is open.
      if ((type === null || type === 'S' || type === 'Q' || type === 'X') && !this.db.isInTransaction())
        this.release(socket);
    };

    socket.on('data', (data) => {
      buffer = Buffer.concat([buffer, data]);
      for (;;) {
        if (!started) {
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          const code = buffer.readInt32BE(4);
          if (length === 8 && code === SSL_REQUEST) {
            write(Buffer.from('N'));
            buffer = buffer.subarray(8);
            continue;
          }
          if (length === 16 && code === CANCEL_REQUEST) {
            buffer = buffer.subarray(16);
            socket.end();
            return;
          }
          if (code !== PROTOCOL_3 || buffer.length < length) return;
          const message = buffer.subarray(0, length);
          buffer = buffer.subarray(length);
          started = true;
          chain = chain.then(() => handle(message, null));
          continue;
        }
        if (buffer.length < 5) return;
        const length = 1 + buffer.readInt32BE(1);
        if (buffer.length < length) return;
        const message = buffer.subarray(0, length);
        const type = String.fromCharCode(message[0] ?? 0);
        buffer = buffer.subarray(length);
        chain = chain.then(() => handle(message, type));
      }
    });

    const cleanUp = (): void => {
      this.sockets.delete(socket);
      this.waiting.splice(0, this.waiting.length, ...this.waiting.filter((w) => w.socket !== socket));
      chain = chain.then(async () => {
        // A client that vanished mid-transaction must not hold the database.
        if (this.owner === socket && this.db.isInTransaction()) await this.db.exec('ROLLBACK').catch(() => undefined);
        this.release(socket);
      });
      chain.catch(() => this.release(socket));
    };
    socket.on('close', cleanUp);
    socket.on('error', () => socket.destroy());
  }
}
