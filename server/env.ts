import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { addressListProblem } from './http/address-allow.ts';

// The only module that reads process.env (CONTRACTS.md, Environment).
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

// proxy-addr's named ranges, accepted beside addresses and CIDRs.
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyEntry(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [addr = '', prefix, ...rest] = entry.split('/');
  const family = isIP(addr);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
  return bits >= 0 && bits <= (family === 4 ? 32 : 128);
}

/** unset = trust no proxy; "2" = trust two hops; "10.0.0.1, 10.1.0.0/16" = trust these proxies. */
const trustProxySchema = optionalString.transform((v, ctx): false | number | string[] => {
  if (v === undefined) return false;
  const text = v.trim();
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops < 1 || hops > 10) ctx.addIssue({ code: 'custom', message: 'hop count must be 1–10' });
    return hops;
  }
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !isProxyEntry(e));
  if (!entries.length || bad.length) {
    ctx.addIssue({ code: 'custom', message: `not a hop count or addresses/CIDRs: ${bad.join(', ') || text}` });
  }
  return entries;
});

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres://')
      .optional(),
  ),
  PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
  ADMIN_PASSWORD: optionalString,
  DEMO_PASSWORD: optionalString,
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SMTP_URL: optionalString.pipe(
    z
      .string()
      .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
      .optional(),
  ),
  MAIL_FROM: z.string().min(3).default('质量月平台 <noreply@localhost>'),
  UPLOAD_MAX_IMAGE_MB: z.coerce.number().positive().max(1024).default(20),
  UPLOAD_MAX_VIDEO_MB: z.coerce
    .number()
    .positive()
    .max(100 * 1024)
    .default(2048),
  TRUST_PROXY: trustProxySchema,
  // Archive bombs: an uploaded .xlsx/.docx may unpack to at most this much, with at most this many entries,
  // and no entry over 1 MB packed tighter than this ratio.
  UPLOAD_MAX_UNZIPPED_MB: z.coerce.number().positive().max(2048).default(100),
  UPLOAD_MAX_ZIP_ENTRIES: z.coerce.number().int().positive().max(1_000_000).default(10_000),
  UPLOAD_MAX_ZIP_RATIO: z.coerce.number().positive().max(100_000).default(100),
  AUDIT_HASH: z.enum(['sha256', 'sm3']).default('sha256'),
  DEMO_DATA: z.enum(['on', 'off']).default('on'),
  METRICS_ALLOW: z
    .string()
    .default('127.0.0.1/8,::1')
    .superRefine((v, ctx) => {
      const problem = addressListProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema> & {
  /** Absolute DATA_DIR. */
  dataDir: string;
  /** Whether the passwords were generated here (and must be printed once). */
  generatedPasswords: { admin: boolean; demo: boolean };
  adminPassword: string;
  demoPassword: string;
};

export class EnvError extends Error {}

function generatePassword(): string {
  // 16 chars from three classes, so it passes the password rules.
  const base = randomBytes(12).toString('base64url').replace(/[-_]/g, 'x');
  return `Qm${base}7`;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new EnvError(`环境变量无效 (invalid environment):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    ...e,
    dataDir: path.resolve(e.DATA_DIR),
    generatedPasswords: { admin: !e.ADMIN_PASSWORD, demo: !e.DEMO_PASSWORD },
    adminPassword: e.ADMIN_PASSWORD ?? generatePassword(),
    demoPassword: e.DEMO_PASSWORD ?? generatePassword(),
  };
}

let cached: Env | undefined;

export function loadEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
