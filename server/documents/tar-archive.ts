import type { Readable, Writable } from 'node:stream';

// A minimal ustar writer and reader for backup archives: regular files only, names up to 255 bytes
// (prefix + name), sizes past 8 GB in the GNU base-256 form. Any `tar` can list and extract the result.

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function splitName(name: string): { prefix: string; base: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', base: name };
  const cut = name.lastIndexOf('/', 155);
  const prefix = name.slice(0, cut);
  const base = name.slice(cut + 1);
  if (cut <= 0 || Buffer.byteLength(prefix) > 155 || Buffer.byteLength(base) > 100)
    throw new Error(`name too long for the archive: ${name}`);
  return { prefix, base };
}

function header(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK);
  const { prefix, base } = splitName(name);
  h.write(base, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  if (size < 8 ** 11) h.write(octal(size, 12), 124, 'ascii');
  else {
    h[124] = 0x80; // base-256: the size big-endian in the last 8 bytes
    h.writeBigUInt64BE(BigInt(size), 128);
  }
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

function write(out: Writable, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(chunk, (err) => (err ? reject(err) : resolve()));
  });
}

/** Writes entries one after another into a stream (which the caller ends). */
export class TarWriter {
  constructor(private readonly out: Writable) {}

  /** Adds one file whose size is known in advance; the body must yield exactly that many bytes. */
  async add(name: string, size: number, body: Readable | Buffer, mtime = new Date()): Promise<void> {
    await write(this.out, header(name, size, mtime));
    let written = 0;
    if (Buffer.isBuffer(body)) {
      await write(this.out, body);
      written = body.length;
    } else {
      for await (const chunk of body) {
        const buf = chunk as Buffer;
        written += buf.length;
        await write(this.out, buf);
      }
    }
    if (written !== size) throw new Error(`${name}: expected ${size} bytes, got ${written}`);
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad) await write(this.out, Buffer.alloc(pad));
  }

  /** The two zero blocks that end an archive. */
  async finish(): Promise<void> {
    await write(this.out, Buffer.alloc(BLOCK * 2));
  }
}

function readSize(h: Buffer): number {
  if ((h[124] ?? 0) & 0x80) return Number(h.readBigUInt64BE(128));
  return parseInt(h.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
}

function readName(h: Buffer): string {
  const field = (start: number, len: number) =>
    h
      .subarray(start, start + len)
      .toString('utf8')
      .replace(/\0.*$/s, '');
  const prefix = field(345, 155);
  const base = field(0, 100);
  return prefix ? `${prefix}/${base}` : base;
}

function checksumOk(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (h[i] ?? 0);
  return parseInt(h.subarray(148, 156).toString('ascii').replace(/\0.*$/s, '').trim(), 8) === sum;
}

/**
 * Reads the entries of an archive in order, handing each entry's bytes to `onEntry` as an async
 * iterable of chunks (which must be consumed before the next entry is read).
 */
export async function readTar(
  input: Readable,
  onEntry: (name: string, size: number, body: AsyncIterable<Buffer>) => Promise<void>,
): Promise<void> {
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let buffered: Buffer = Buffer.alloc(0);
  let ended = false;
  const fill = async (n: number): Promise<boolean> => {
    while (buffered.length < n && !ended) {
      const next = await iterator.next();
      if (next.done) ended = true;
      else buffered = buffered.length ? Buffer.concat([buffered, next.value]) : next.value;
    }
    return buffered.length >= n;
  };
  const take = (n: number): Buffer => {
    const out = buffered.subarray(0, n);
    buffered = buffered.subarray(n);
    return out;
  };
  for (;;) {
    if (!(await fill(BLOCK))) throw new Error('archive ends without its closing blocks');
    const h = take(BLOCK);
    if (h.every((b) => b === 0)) return;
    if (!checksumOk(h)) throw new Error('archive header checksum mismatch');
    const name = readName(h);
    const size = readSize(h);
    let left = size;
    async function* body(): AsyncGenerator<Buffer> {
      while (left > 0) {
        if (buffered.length === 0 && !(await fill(1))) throw new Error(`archive truncated in ${name}`);
        const chunk = take(Math.min(left, buffered.length));
        left -= chunk.length;
        yield chunk;
      }
    }
    await onEntry(name, size, body());
    // Whatever the handler left unread, then the padding.
    for await (const chunk of body()) void chunk;
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad) {
      if (!(await fill(pad))) throw new Error(`archive truncated after ${name}`);
      take(pad);
    }
  }
}
