// A PDF can hide a bomb too: a small Flate stream that decodes to gigabytes, or thousands of pages. Streams are
// decoded here with a running byte counter before pdf.js sees the file; the page count is checked on opening.
import { createInflate } from 'node:zlib';
import { DomainError } from '../../domain/errors/domain-error.ts';

export const PDF_MAX_PAGES = 500;
export const PDF_MAX_STREAM_BYTES = 50 * 1024 * 1024;

const STREAM = Buffer.from('stream');
const END = Buffer.from('endstream');

function tooLarge(details: Record<string, unknown>): DomainError {
  return new DomainError('PDF_TOO_LARGE', details);
}

/** Decoded size of one zlib stream, stopping past the limit; a corrupt stream counts what came out. */
function inflatedSize(data: Buffer, limit: number): Promise<number> {
  return new Promise((resolve) => {
    const inflate = createInflate({ chunkSize: 64 * 1024 });
    let n = 0;
    inflate.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > limit) {
        inflate.destroy();
        resolve(n);
      }
    });
    inflate.on('end', () => resolve(n));
    inflate.on('close', () => resolve(n));
    inflate.on('error', () => resolve(n));
    inflate.end(data);
  });
}

/** Refuses a PDF with a stream (raw or Flate-decoded) over the limit. */
export async function guardPdfStreams(buf: Buffer, limit = PDF_MAX_STREAM_BYTES): Promise<void> {
  let from = 0;
  for (;;) {
    const kw = buf.indexOf(STREAM, from);
    if (kw < 0) return;
    // "endstream" also contains "stream": skip it.
    if (kw >= 3 && buf.toString('latin1', kw - 3, kw) === 'end') {
      from = kw + STREAM.length;
      continue;
    }
    let start = kw + STREAM.length;
    if (buf[start] === 0x0d) start++;
    if (buf[start] === 0x0a) start++;
    const end = buf.indexOf(END, start);
    const stop = end < 0 ? buf.length : end;
    if (stop - start > limit) throw tooLarge({ streamBytes: stop - start, limit: '50 MB' });
    const dict = buf.toString('latin1', Math.max(0, kw - 1024), kw);
    const own = dict.slice(dict.lastIndexOf(' obj') + 1);
    if (/\/FlateDecode|\/Fl\b/.test(own)) {
      const n = await inflatedSize(buf.subarray(start, stop), limit);
      if (n > limit) throw tooLarge({ streamBytes: n, limit: '50 MB' });
    }
    from = stop + END.length;
  }
}

export function checkPdfPages(pages: number): void {
  if (pages > PDF_MAX_PAGES) throw tooLarge({ pages, maxPages: PDF_MAX_PAGES });
}
