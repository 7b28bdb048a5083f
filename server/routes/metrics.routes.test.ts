import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.ts';

let t: TestApp;
let lan: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  lan = await createTestApp({ METRICS_ALLOW: '10.0.0.0/8, 192.168.1.7' });
});
afterAll(async () => {
  await t.dispose();
  await lan.dispose();
});

const scrape = (app: TestApp, remoteAddress: string, headers: Record<string, string> = {}) =>
  app.app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });

/** The value of one sample line, e.g. `qm_db_pool_connections{state="max"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics (Prometheus text format)', () => {
  it('answers loopback by default with request latency by route and status, pool, queue, exports, uploads, reminders', async () => {
    await t.app.inject({ method: 'GET', url: '/api/health' });
    await t.app.inject({ method: 'GET', url: '/api/notices/12345' });
    const res = await scrape(t, '127.0.0.1');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(
      sample(text, 'qm_http_request_duration_seconds_count{method="GET",route="/api/health",status_code="200"}'),
    ).toBeGreaterThanOrEqual(1);
    // The route pattern, not the URL, and the 401 of a request without a session.
    expect(
      sample(text, 'qm_http_request_duration_seconds_count{method="GET",route="/api/notices/:id",status_code="401"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('/api/notices/12345');
    expect(sample(text, 'qm_db_pool_connections{state="max"}')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE qm_job_queue_depth gauge');
    expect(text).toContain('# TYPE qm_export_jobs gauge');
    expect(text).toContain('# TYPE qm_export_jobs_finished_total counter');
    expect(text).toContain('# TYPE qm_upload_bytes_total counter');
    expect(text).toContain('# TYPE qm_reminders_sent_total counter');
    expect(text).toContain('qm_process_resident_memory_bytes');
    expect((await scrape(t, '::1')).statusCode).toBe(200);
    expect((await scrape(t, '::ffff:127.0.0.1')).statusCode).toBe(200);
  });

  it('refuses other addresses, and a forged X-Forwarded-For does not help', async () => {
    const res = await scrape(t, '203.0.113.9');
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'METRICS_FORBIDDEN' } });
    expect(res.body).not.toContain('qm_');
    expect((await scrape(t, '203.0.113.9', { 'x-forwarded-for': '127.0.0.1' })).statusCode).toBe(403);
  });

  it('METRICS_ALLOW takes addresses and CIDRs and replaces loopback', async () => {
    expect((await scrape(lan, '10.20.30.40')).statusCode).toBe(200);
    expect((await scrape(lan, '192.168.1.7')).statusCode).toBe(200);
    expect((await scrape(lan, '192.168.1.8')).statusCode).toBe(403);
    expect((await scrape(lan, '127.0.0.1')).statusCode).toBe(403);
  });
});
