// Runs in a worker thread (see parse-isolated.ts): guards the archive, then reads the document.
import { parentPort, workerData } from 'node:worker_threads';
import { DomainError } from '../../domain/errors/domain-error.ts';
import type { ParseJob, ParseWorkerData, SerializedError, WorkerMessage } from './parse-job.ts';
import { guardZip } from './zip-guard.ts';

async function run({ job, zip }: ParseWorkerData): Promise<unknown> {
  const buffer = Buffer.from(job.buffer.buffer, job.buffer.byteOffset, job.buffer.byteLength);
  await guardZip(
    buffer,
    zip,
    job.kind === 'notice' ? '文件已损坏或不是有效的 Word 文档（.docx）' : '文件已损坏或不是有效的 .xlsx 工作簿',
  );
  return read(job, buffer);
}

// Each reader is loaded only for its kind of job: a worker starts for every file.
async function read(job: ParseJob, buffer: Buffer): Promise<unknown> {
  switch (job.kind) {
    case 'statsWorkbook':
      return (await import('./stats-xlsx-reader.ts')).readStatsWorkbook(buffer, job.form);
    case 'statsSheets':
      return (await import('./stats-xlsx-reader.ts')).readStatsSheets(buffer, job.form);
    case 'spreadsheet':
      return (await import('./spreadsheet-reader.ts')).readSpreadsheet(buffer, job.fileName);
    case 'notice':
      return (await import('./notice-file-reader.ts')).readNoticeBuffer(buffer, job.fileName);
  }
}

function serialize(err: unknown): SerializedError {
  if (err instanceof DomainError) return { type: 'domain', code: err.code, details: err.details };
  // By name: importing the class would load the .docx reader into every worker.
  if (err instanceof Error && err.name === 'NoticeFileError') return { type: 'notice', message: err.message };
  return { type: 'other', message: err instanceof Error ? err.message : String(err) };
}

const reply = (r: WorkerMessage): void => parentPort?.postMessage(r);
reply({ ready: true });
run(workerData as ParseWorkerData).then(
  (value) => reply({ ok: true, value }),
  (err: unknown) => reply({ ok: false, error: serialize(err) }),
);
