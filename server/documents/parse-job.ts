import type { FormDefinition } from '../../domain/forms/form.ts';
import type { ZipLimits } from './zip-guard.ts';

/** One uploaded document to read in a worker thread (parse-isolated.ts). */
export type ParseJob =
  | { kind: 'statsWorkbook'; buffer: Uint8Array; form: FormDefinition }
  | { kind: 'statsSheets'; buffer: Uint8Array; form: FormDefinition }
  | { kind: 'spreadsheet'; buffer: Uint8Array; fileName: string }
  | { kind: 'notice'; buffer: Uint8Array; fileName: string };

export interface ParseWorkerData {
  entry: string;
  job: ParseJob;
  zip: ZipLimits;
}

export type SerializedError =
  | { type: 'domain'; code: string; details: Record<string, unknown> }
  | { type: 'notice'; message: string }
  | { type: 'other'; message: string };

export type ParseReply = { ok: true; value: unknown } | { ok: false; error: SerializedError };

/** The worker's messages: `ready` once its modules are loaded (the parse time limit starts then), then one reply. */
export type WorkerMessage = { ready: true } | ParseReply;
