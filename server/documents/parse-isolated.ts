// Uploaded documents are read in a worker thread of their own, with a heap limit and a time limit, so one bad
// file (an archive bomb, a pathological PDF) cannot hold the event loop or the server's memory; the worker ends
// after each file, which gives its memory back.
import { Worker } from 'node:worker_threads';
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { ErrorCode } from '../../domain/i18n/error-messages.zh-CN.ts';
import type { FormDefinition } from '../../domain/forms/form.ts';
import { NoticeFileError } from './notice-file-reader.ts';
import type { ParseJob, ParseReply, ParseWorkerData, WorkerMessage } from './parse-job.ts';
import type { SheetTable } from './spreadsheet-reader.ts';
import type { StatsImport, StatsSheetImport } from './stats-xlsx-reader.ts';
import type { ZipLimits } from './zip-guard.ts';

export interface ParseLimits {
  zip: ZipLimits;
  timeoutMs: number;
  maxHeapMb: number;
}

/** Loading the readers (tsx compiles them on first use) is not parsing: it gets its own, wider bound. */
const BOOT_TIMEOUT_MS = 60_000;
// The compiled server (build/, `npm start`) has the worker as an entry of its own beside this bundle.
const COMPILED = import.meta.url.endsWith('.js');
const ENTRY = new URL(COMPILED ? './parse-worker.js' : './parse-worker.ts', import.meta.url).href;
// Worker threads do not inherit tsx from the parent's --import: under tsx the worker registers it, then loads the entry.
const BOOT = COMPILED
  ? `const { workerData } = require('node:worker_threads'); import(workerData.entry);`
  : `const { workerData } = require('node:worker_threads');
import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => {
  tsx.register();
  return import(workerData.entry);
});`;

function tooComplex(reason: 'timeout' | 'memory', limits: ParseLimits): DomainError {
  return new DomainError('FILE_TOO_COMPLEX', {
    reason,
    seconds: Math.round(limits.timeoutMs / 1000),
    memoryMb: limits.maxHeapMb,
  });
}

function rebuild(reply: Extract<ParseReply, { ok: false }>['error']): Error {
  if (reply.type === 'domain') return new DomainError(reply.code as ErrorCode, reply.details);
  if (reply.type === 'notice') return new NoticeFileError(reply.message);
  return new DomainError('FILE_UNREADABLE', { reason: '文件无法解析' });
}

function runIsolated(job: ParseJob, limits: ParseLimits): Promise<unknown> {
  return new Promise((resolve, reject) => {
    // A copy of the bytes moves to the worker (transferred, not cloned again).
    const bytes = new Uint8Array(job.buffer);
    const data: ParseWorkerData = { entry: ENTRY, job: { ...job, buffer: bytes }, zip: limits.zip };
    const worker = new Worker(BOOT, {
      eval: true,
      workerData: data,
      transferList: [bytes.buffer],
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: 32 },
    });
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    let timer = setTimeout(
      () => settle(() => reject(new DomainError('FILE_UNREADABLE', { reason: '服务器繁忙，请稍后重试' }))),
      BOOT_TIMEOUT_MS,
    );
    worker.on('message', (message: WorkerMessage) => {
      if ('ready' in message) {
        clearTimeout(timer);
        timer = setTimeout(() => settle(() => reject(tooComplex('timeout', limits))), limits.timeoutMs);
        return;
      }
      settle(() => (message.ok ? resolve(message.value) : reject(rebuild(message.error))));
    });
    worker.on('error', (err: Error & { code?: string }) =>
      settle(() =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? tooComplex('memory', limits)
            : new DomainError('FILE_UNREADABLE', { reason: '文件无法解析' }),
        ),
      ),
    );
    worker.on('exit', () => settle(() => reject(new DomainError('FILE_UNREADABLE', { reason: '文件无法解析' }))));
  });
}

export async function readStatsWorkbookIsolated(
  buffer: Buffer,
  form: FormDefinition,
  limits: ParseLimits,
): Promise<StatsImport> {
  return (await runIsolated({ kind: 'statsWorkbook', buffer, form }, limits)) as StatsImport;
}

export async function readStatsSheetsIsolated(
  buffer: Buffer,
  form: FormDefinition,
  limits: ParseLimits,
): Promise<StatsSheetImport[]> {
  return (await runIsolated({ kind: 'statsSheets', buffer, form }, limits)) as StatsSheetImport[];
}

export async function readSpreadsheetIsolated(
  buffer: Buffer,
  fileName: string,
  limits: ParseLimits,
): Promise<SheetTable[]> {
  return (await runIsolated({ kind: 'spreadsheet', buffer, fileName }, limits)) as SheetTable[];
}

export async function readNoticeBufferIsolated(buffer: Buffer, fileName: string, limits: ParseLimits): Promise<string> {
  return (await runIsolated({ kind: 'notice', buffer, fileName }, limits)) as string;
}
