// Archive bombs (.xlsx and .docx are zips): a few MB can unpack to gigabytes. Two guards run before any
// library opens the file: the central directory's declared sizes, then a real inflate with a running byte
// counter — declared sizes can lie, the counter cannot.
import { createInflateRaw } from 'node:zlib';
import { DomainError } from '../../domain/errors/domain-error.ts';

export interface ZipLimits {
  /** Total unpacked bytes of all entries. */
  maxTotalBytes: number;
  maxEntries: number;
  /** Unpacked / packed, for entries over RATIO_MIN_BYTES. */
  maxRatio: number;
}

const RATIO_MIN_BYTES = 1024 * 1024;
const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const mb = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

function tooLarge(details: Record<string, unknown>): DomainError {
  return new DomainError('ARCHIVE_TOO_LARGE', details);
}

const CORRUPT_REASON = '文件已损坏或不是有效的 .xlsx 工作簿';

/** A directory we cannot read is refused (a laxer reader might still unpack it), in the reader's words. */
class CorruptZip extends Error {}
const corrupt = (): CorruptZip => new CorruptZip('corrupt zip');

function u64(buf: Buffer, at: number): number {
  return Number(buf.readBigUInt64LE(at));
}

/** The central directory: every entry with its declared sizes (zip64 included). */
export function readCentralDirectory(buf: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt();
  let count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  if ((count === 0xffff || offset === 0xffffffff) && eocd >= 20 && buf.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) {
    const at = u64(buf, eocd - 20 + 8);
    if (at + 56 > buf.length || buf.readUInt32LE(at) !== ZIP64_EOCD) throw corrupt();
    count = u64(buf, at + 32);
    offset = u64(buf, at + 48);
  }
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw corrupt();
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let compressedSize = buf.readUInt32LE(p + 20);
    let size = buf.readUInt32LE(p + 24);
    let localOffset = buf.readUInt32LE(p + 42);
    // zip64 extra field (0x0001): the 8-byte values of the fields that read 0xFFFFFFFF, in this order.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = buf.readUInt16LE(e);
      const len = buf.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        const end = e + 4 + len;
        if (size === 0xffffffff && q + 8 <= end) {
          size = u64(buf, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff && q + 8 <= end) {
          compressedSize = u64(buf, q);
          q += 8;
        }
        if (localOffset === 0xffffffff && q + 8 <= end) localOffset = u64(buf, q);
      }
      e += 4 + len;
    }
    entries.push({
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      method: buf.readUInt16LE(p + 10),
      compressedSize,
      size,
      localOffset,
    });
    p = extraEnd + commentLen;
    // A directory that claims more entries than the file could hold is a lie told to a reader.
    if (entries.length > 1_000_000) throw corrupt();
  }
  return entries;
}

/** Refuses before inflating anything: declared total, entry count, compression ratio. */
export function checkDeclared(entries: ZipEntry[], limits: ZipLimits): void {
  if (entries.length > limits.maxEntries)
    throw tooLarge({
      stage: 'directory',
      entries: entries.length,
      maxEntries: limits.maxEntries,
      limit: mb(limits.maxTotalBytes),
    });
  const total = entries.reduce((s, e) => s + e.size, 0);
  if (total > limits.maxTotalBytes)
    throw tooLarge({ stage: 'directory', declaredBytes: total, limit: mb(limits.maxTotalBytes) });
  for (const e of entries) {
    if (e.size > RATIO_MIN_BYTES && e.size > limits.maxRatio * Math.max(1, e.compressedSize))
      throw tooLarge({
        stage: 'directory',
        entry: e.name,
        ratio: Math.round(e.size / Math.max(1, e.compressedSize)),
        limit: mb(limits.maxTotalBytes),
      });
  }
}

/** Inflates one raw-deflate entry, discarding the output, and stops as soon as the budget is spent. */
function inflateCounted(data: Buffer, budget: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
    let n = 0;
    let over = false;
    inflate.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > budget && !over) {
        over = true;
        inflate.destroy();
        resolve(n);
      }
    });
    inflate.on('end', () => resolve(n));
    inflate.on('close', () => resolve(n));
    inflate.on('error', () => (over ? resolve(n) : reject(corrupt())));
    inflate.end(data);
  });
}

/**
 * Inflates every entry as a reader would (from its local header, by the central directory's packed size) and
 * counts the bytes that really come out; stops at the limit. Returns the bytes unpacked.
 */
export async function inflateWithinLimit(buf: Buffer, entries: ZipEntry[], limits: ZipLimits): Promise<number> {
  let total = 0;
  for (const e of entries) {
    const at = e.localOffset;
    if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOCAL) throw corrupt();
    const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
    const data = buf.subarray(start, Math.min(buf.length, start + e.compressedSize));
    const budget = limits.maxTotalBytes - total;
    if (e.method === 0) total += data.length;
    else if (e.method === 8) total += await inflateCounted(data, budget);
    else throw new DomainError('FILE_UNREADABLE', { reason: `不支持的压缩方式（${e.method}）` });
    if (total > limits.maxTotalBytes)
      throw tooLarge({
        stage: 'inflate',
        stoppedAtBytes: total,
        limitBytes: limits.maxTotalBytes,
        limit: mb(limits.maxTotalBytes),
      });
  }
  return total;
}

/** Both guards; a file that is not a zip passes untouched (the readers name what it is). */
export async function guardZip(buf: Buffer, limits: ZipLimits, corruptReason = CORRUPT_REASON): Promise<void> {
  if (buf.length < 4 || buf.readUInt32LE(0) !== LOCAL) return;
  try {
    const entries = readCentralDirectory(buf);
    checkDeclared(entries, limits);
    await inflateWithinLimit(buf, entries, limits);
  } catch (err) {
    if (err instanceof CorruptZip || err instanceof RangeError)
      throw new DomainError('FILE_UNREADABLE', { reason: corruptReason });
    throw err;
  }
}
