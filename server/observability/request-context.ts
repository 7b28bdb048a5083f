import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface RequestContext {
  requestId: string;
}

// The request id travels with the request's async work, so an audit entry written deep in a service
// carries the same id as the request's log lines without threading it through every call.
const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

/** The current request's id, or null outside a request (jobs, CLI, demo loader). */
export function currentRequestId(): string | null {
  return storage.getStore()?.requestId ?? null;
}

const ACCEPTABLE = /^[A-Za-z0-9._-]{8,64}$/;

/** A proxy's X-Request-Id when it looks like one (nginx's $request_id), else a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && ACCEPTABLE.test(header) ? header : randomUUID();
}
