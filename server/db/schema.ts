import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { FormDefinition } from '../../domain/forms/form.ts';
import type { NoticeArrangementLike } from '../../domain/notices/notice-content.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

/** Units of the administrative tree: offices, departments, associations, sections, enterprises. */
export const units = pgTable(
  'units',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    parentId: integer('parent_id').references((): AnyPgColumn => units.id),
    // Materialised path of ids, '/1/34/567/'; subtree = path LIKE prefix || '%'.
    // Filled by the units_set_path trigger on insert; moves rewrite the subtree's paths.
    path: text('path').notNull().default(''),
    depth: integer('depth').notNull().default(0),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    divisionCode: text('division_code'),
    level: text('level'),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    contactPhone: text('contact_phone'),
    contactEmail: text('contact_email'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('units_parent_name_uq').on(sql`coalesce(${t.parentId}, 0)`, t.name),
    uniqueIndex('units_division_code_uq').on(t.divisionCode),
    index('units_path_idx').on(t.path.op('text_pattern_ops')),
    index('units_parent_idx').on(t.parentId, t.sortOrder),
    check('units_kind_ck', sql`${t.kind} in ('office','department','association','section','enterprise')`),
    check('units_level_ck', sql`${t.level} is null or ${t.level} in ('national','province','prefecture','county')`),
  ],
);

/** Other names a unit issues documents under (e.g. a 领导小组办公室 housed in a bureau). */
export const unitAliases = pgTable(
  'unit_aliases',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('unit_aliases_name_uq').on(t.name), index('unit_aliases_unit_idx').on(t.unitId)],
);

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    // The unit the account belongs to; its admins manage it.
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    active: boolean('active').notNull().default(true),
    phone: text('phone'),
    email: text('email'),
    version: integer('version').notNull().default(1),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true, mode: 'date' }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_username_uq').on(sql`lower(${t.username})`), index('users_unit_idx').on(t.unitId)],
);

/** Roles are always scoped to one unit; they reach the unit's subtree where the policy says so. */
export const roleGrants = pgTable(
  'role_grants',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    role: text('role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.unitId, t.role] }),
    index('role_grants_unit_idx').on(t.unitId),
    check('role_grants_role_ck', sql`${t.role} in ('admin','reporter','reviewer','viewer')`),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    // sha256 of the cookie token; the token itself is never stored.
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Failed logins per (username, source): the lockout never reaches other sources. */
export const loginThrottle = pgTable(
  'login_throttle',
  {
    username: text('username').notNull(),
    source: text('source').notNull(),
    failures: integer('failures').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.username, t.source] })],
);

/** Failed logins per account and minute from any source: the per-account limit across addresses. */
export const loginAccountFailures = pgTable(
  'login_account_failures',
  {
    username: text('username').notNull(),
    minute: timestamp('minute', { withTimezone: true, mode: 'date' }).notNull(),
    failures: integer('failures').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.username, t.minute] }), index('login_account_failures_minute_idx').on(t.minute)],
);

/** An account locked for every source except those it recently signed in from (login_known_sources). */
export const loginAccountLocks = pgTable('login_account_locks', {
  username: text('username').primaryKey(),
  lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }).notNull(),
  createdAt: createdAt(),
});

/** Where an account last signed in from: these sources stay open while the account is locked for others. */
export const loginKnownSources = pgTable(
  'login_known_sources',
  {
    username: text('username').notNull(),
    source: text('source').notNull(),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.username, t.source] })],
);

/**
 * Append-only audit log. Writers only insert (seq comes from the identity inside their own
 * transaction); a sealer later assigns chain_no in seq order and the hash chain, so the chain
 * never serialises the writers. Triggers in the migration forbid any other update or delete.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true, mode: 'date' })
      .notNull()
      .default(sql`date_trunc('milliseconds', clock_timestamp())`),
    actorUserId: integer('actor_user_id'),
    actorName: text('actor_name').notNull(),
    unitId: integer('unit_id'),
    action: text('action').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id'),
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull().default({}),
    ip: text('ip'),
    // The request that wrote the entry (the reqId of its log line); null for jobs, the CLI and the demo loader.
    requestId: text('request_id'),
    chainNo: bigint('chain_no', { mode: 'number' }),
    prevHash: text('prev_hash'),
    hash: text('hash'),
    hashAlgorithm: text('hash_algorithm'),
  },
  (t) => [
    uniqueIndex('audit_log_chain_uq').on(t.chainNo),
    index('audit_log_unsealed_idx')
      .on(t.seq)
      .where(sql`${t.chainNo} is null`),
    index('audit_log_at_idx').on(t.at),
    index('audit_log_object_idx').on(t.objectType, t.objectId),
  ],
);

/** Small key/value facts about this installation (e.g. when the demo data was loaded). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
});

/** One year's campaign (2024年全国"质量月"); archived campaigns are read-only and send no reminders. */
export const campaigns = pgTable(
  'campaigns',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    year: integer('year').notNull(),
    name: text('name').notNull(),
    theme: text('theme'),
    periodStart: date('period_start', { mode: 'string' }),
    periodEnd: date('period_end', { mode: 'string' }),
    slogans: jsonb('slogans').$type<string[]>().notNull().default([]),
    ownerUnitId: integer('owner_unit_id')
      .notNull()
      .references(() => units.id),
    archived: boolean('archived').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('campaigns_owner_name_uq').on(t.ownerUnitId, t.name)],
);

export interface NoticeSection {
  number: string | null;
  heading: string;
  html: string;
}
export interface NoticeContact {
  name: string | null;
  phone: string[];
  fax: string[];
  email: string[];
  address: string | null;
}
export type NoticeArrangement = NoticeArrangementLike;

/**
 * A notice or work plan. parent_id links a forward (转发) or implementing plan (印发方案) to the notice
 * it answers; path is the materialised chain of notice ids, so a cascade is path LIKE prefix%.
 */
export const notices = pgTable(
  'notices',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id),
    parentId: integer('parent_id').references((): AnyPgColumn => notices.id),
    path: text('path').notNull().default(''),
    depth: integer('depth').notNull().default(0),
    kind: text('kind').notNull(),
    status: text('status').notNull().default('draft'),
    issuerUnitId: integer('issuer_unit_id')
      .notNull()
      .references(() => units.id),
    issuerName: text('issuer_name').notNull(),
    docNumber: text('doc_number'),
    title: text('title').notNull(),
    issuedOn: date('issued_on', { mode: 'string' }),
    deadline: date('deadline', { mode: 'string' }),
    theme: text('theme'),
    slogans: jsonb('slogans').$type<string[]>().notNull().default([]),
    coIssuers: jsonb('co_issuers').$type<string[]>().notNull().default([]),
    cites: jsonb('cites').$type<{ docNumber: string | null; title: string | null }[]>().notNull().default([]),
    sections: jsonb('sections').$type<NoticeSection[]>().notNull().default([]),
    arrangements: jsonb('arrangements').$type<NoticeArrangement[]>().notNull().default([]),
    requiredReports: jsonb('required_reports').$type<string[]>().notNull().default([]),
    formCode: text('form_code'),
    /** The issuer refuses submissions after the deadline (default: allowed, marked late). */
    blockLate: boolean('block_late').notNull().default(false),
    contacts: jsonb('contacts').$type<NoticeContact[]>().notNull().default([]),
    attachments: jsonb('attachments').$type<{ number: string | null; title: string }[]>().notNull().default([]),
    /** Shown instead of a body when the text is not in the system (e.g. a stub for a cited notice). */
    note: text('note'),
    /**
     * 收文登记: the unit that recorded a notice it received from outside the platform (e-mail, paper) under
     * the name of the unit that issued it; null for a notice its issuer wrote here. Only its staff correct it.
     */
    recordedByUnitId: integer('recorded_by_unit_id').references(() => units.id),
    revision: integer('revision').notNull().default(1),
    changeNote: text('change_note'),
    issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'date' }),
    createdBy: integer('created_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('notices_issuer_doc_uq').on(t.issuerUnitId, t.docNumber),
    index('notices_path_idx').on(t.path.op('text_pattern_ops')),
    index('notices_parent_idx').on(t.parentId),
    index('notices_issuer_idx').on(t.issuerUnitId),
    index('notices_campaign_idx').on(t.campaignId),
    check('notices_kind_ck', sql`${t.kind} in ('notice','forward','plan')`),
    check('notices_status_ck', sql`${t.status} in ('draft','issued')`),
  ],
);

/** Who a notice is addressed to, and when they read and signed for it (签收). */
export const noticeRecipients = pgTable(
  'notice_recipients',
  {
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
    signedAt: timestamp('signed_at', { withTimezone: true, mode: 'date' }),
    signedBy: integer('signed_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.unitId] }), index('notice_recipients_unit_idx').on(t.unitId)],
);

/** Earlier texts of an issued notice: a correction is a new revision, the old one stays readable. */
export const noticeRevisions = pgTable(
  'notice_revisions',
  {
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id),
    revision: integer('revision').notNull(),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    changeNote: text('change_note'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.revision] })],
);

/** Statistics forms as data, versioned; a version is immutable once a report uses it. */
export const forms = pgTable(
  'forms',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    definition: jsonb('definition').$type<FormDefinition>().notNull(),
    builtin: boolean('builtin').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('forms_code_version_uq').on(t.code, t.version)],
);

/** Figures as numeric[] with blanks kept as null (the stock numeric column turns null into 0 or NaN). */
const figuresArray = customType<{ data: (number | null)[]; driverData: unknown }>({
  dataType: () => 'numeric[]',
  toDriver: (value) => value,
  fromDriver: (value) => {
    const items: unknown[] = Array.isArray(value)
      ? value
      : typeof value === 'string' && value.length > 2
        ? value.slice(1, -1).split(',')
        : [];
    return items.map((v) => (v === null || v === 'NULL' ? null : Number(v)));
  },
});

export interface ReportSignature {
  reporter: string | null;
  reviewer: string | null;
  phone: string | null;
  date: string | null;
}

/**
 * A unit's own figures (本级) for one notice addressed to it, as one numeric array in the order of its
 * form version's indicators (DESIGN.md §5); totals are never stored, so nothing is counted twice.
 */
export const reports = pgTable(
  'reports',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    /** Null when the notice requires no statistics table: the report then carries its other parts only. */
    formCode: text('form_code'),
    formVersion: integer('form_version'),
    figures: figuresArray('figures').notNull(),
    status: text('status').notNull().default('draft'),
    summary: text('summary'),
    explanation: text('explanation'),
    signature: jsonb('signature').$type<ReportSignature>(),
    /** The figures as last submitted, so a reviewer sees what changed on resubmission. */
    submittedFigures: figuresArray('submitted_figures'),
    returnReason: text('return_reason'),
    figureComments: jsonb('figure_comments').$type<FigureComments>(),
    late: boolean('late').notNull().default(false),
    onBehalf: boolean('on_behalf').notNull().default(false),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
    submittedBy: integer('submitted_by').references(() => users.id),
    acceptedAt: timestamp('accepted_at', { withTimezone: true, mode: 'date' }),
    updatedBy: integer('updated_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('reports_notice_unit_uq').on(t.noticeId, t.unitId),
    index('reports_unit_idx').on(t.unitId),
    check('reports_status_ck', sql`${t.status} in ('draft','submitted','returned','accepted')`),
  ],
);

/** Reviewer comments on single figures when a report is returned: indicator code → comment. */
export type FigureComments = Record<string, string>;

/** A stored file (content lives in the storage backend under storage_key; type detected from content). */
export const files = pgTable(
  'files',
  {
    id: text('id').primaryKey(),
    storageKey: text('storage_key').notNull(),
    originalName: text('original_name').notNull(),
    mimeType: text('mime_type').notNull(),
    kind: text('kind').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256'),
    width: integer('width'),
    height: integer('height'),
    thumbnailKey: text('thumbnail_key'),
    ownerUnitId: integer('owner_unit_id')
      .notNull()
      .references(() => units.id),
    uploadedBy: integer('uploaded_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('files_owner_unit_idx').on(t.ownerUnitId),
    check('files_kind_ck', sql`${t.kind} in ('image','video','document')`),
  ],
);

/**
 * A file attached to something: a report (photo, video, stamped copy), a notice (attachment, original
 * imported file), a campaign (poster, file), an activity or a typical case (photo).
 */
export const attachments = pgTable(
  'attachments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    ownerType: text('owner_type').notNull(),
    ownerId: integer('owner_id').notNull(),
    role: text('role').notNull(),
    fileId: text('file_id')
      .notNull()
      .references(() => files.id),
    caption: text('caption'),
    takenOn: date('taken_on', { mode: 'string' }),
    sortOrder: integer('sort_order').notNull().default(0),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('attachments_owner_idx').on(t.ownerType, t.ownerId, t.sortOrder),
    index('attachments_file_idx').on(t.fileId),
    check('attachments_owner_type_ck', sql`${t.ownerType} in ('report','notice','campaign','activity','case')`),
    check(
      'attachments_role_ck',
      sql`${t.role} in ('photo','video','stamped_copy','attachment','original','poster','file')`,
    ),
  ],
);

/** An activity a unit ran for a notice (活动登记); digests are compiled from these. */
export const activities = pgTable(
  'activities',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    title: text('title').notNull(),
    category: text('category'),
    startOn: date('start_on', { mode: 'string' }),
    endOn: date('end_on', { mode: 'string' }),
    region: text('region'),
    place: text('place'),
    organiser: text('organiser'),
    coOrganisers: jsonb('co_organisers').$type<string[]>().notNull().default([]),
    audience: text('audience'),
    participants: integer('participants'),
    isPublic: boolean('is_public').notNull().default(false),
    description: text('description'),
    sortOrder: integer('sort_order').notNull().default(0),
    createdBy: integer('created_by').references(() => users.id),
    updatedBy: integer('updated_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('activities_notice_unit_idx').on(t.noticeId, t.unitId, t.sortOrder),
    index('activities_public_idx')
      .on(t.startOn)
      .where(sql`${t.isPublic}`),
  ],
);

/** A typical case (典型案例); an office may recommend (推荐上报) a received case into its own report upward. */
export const typicalCases = pgTable(
  'typical_cases',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    title: text('title').notNull(),
    category: text('category'),
    html: text('html').notNull().default(''),
    /** Set when an office above recommends this case upward; it then appears in that office's report. */
    recommendedByUnitId: integer('recommended_by_unit_id').references(() => units.id),
    recommendedAt: timestamp('recommended_at', { withTimezone: true, mode: 'date' }),
    createdBy: integer('created_by').references(() => users.id),
    updatedBy: integer('updated_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('typical_cases_notice_unit_idx').on(t.noticeId, t.unitId),
    index('typical_cases_recommended_idx').on(t.recommendedByUnitId),
  ],
);

/** Dated progress reports (进展情况、取得实效、存在问题、相关建议), several a month. */
export const progressReports = pgTable(
  'progress_reports',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    reportedOn: date('reported_on', { mode: 'string' }).notNull(),
    progress: text('progress').notNull().default(''),
    results: text('results').notNull().default(''),
    problems: text('problems').notNull().default(''),
    suggestions: text('suggestions').notNull().default(''),
    createdBy: integer('created_by').references(() => users.id),
    updatedBy: integer('updated_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('progress_reports_notice_unit_idx').on(t.noticeId, t.unitId, t.reportedOn)],
);

/** A request to reopen an accepted report; the issuing office approves or rejects it. */
export const reportUnlockRequests = pgTable(
  'report_unlock_requests',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id),
    reason: text('reason').notNull(),
    status: text('status').notNull().default('pending'),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => users.id),
    decidedBy: integer('decided_by').references(() => users.id),
    decisionNote: text('decision_note'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('report_unlock_requests_report_idx').on(t.reportId),
    uniqueIndex('report_unlock_requests_pending_uq')
      .on(t.reportId)
      .where(sql`${t.status} = 'pending'`),
    check('report_unlock_requests_status_ck', sql`${t.status} in ('pending','approved','rejected')`),
  ],
);

/** In-app notifications to a unit (催报, escalations to the superior, returns…). */
export const notifications = pgTable(
  'notifications',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    noticeId: integer('notice_id').references(() => notices.id),
    /** The unit the notification is about, when it is not the recipient (an escalation names the late unit). */
    subjectUnitId: integer('subject_unit_id').references(() => units.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    createdBy: integer('created_by').references(() => users.id),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
    readBy: integer('read_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('notifications_unit_idx').on(t.unitId, t.createdAt),
    check(
      'notifications_kind_ck',
      sql`${t.kind} in ('reminder','escalation','manual','returned','accepted','unlock','system')`,
    ),
  ],
);

/** Every e-mail the platform sends; without SMTP_URL they are only logged and kept here. */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    notificationId: integer('notification_id').references(() => notifications.id),
    toAddresses: jsonb('to_addresses').$type<string[]>().notNull(),
    ccAddresses: jsonb('cc_addresses').$type<string[]>().notNull().default([]),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    messageId: text('message_id'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('mail_outbox_status_idx').on(t.status, t.id),
    check('mail_outbox_status_ck', sql`${t.status} in ('pending','sent','failed','logged')`),
  ],
);

/** One row per automatic reminder slot sent, so a reminder run is idempotent. */
export const remindersSent = pgTable(
  'reminders_sent',
  {
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    /** 'before-3', 'before-1', 'due', 'late-1', 'late-2'… */
    slot: text('slot').notNull(),
    sentOn: date('sent_on', { mode: 'string' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.unitId, t.slot] })],
);

/** Cached roll-up results per notice and view, dropped when a report below the notice changes. */
export const rollupCache = pgTable(
  'rollup_cache',
  {
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id),
    variant: text('variant').notNull(),
    result: jsonb('result').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.variant] })],
);

/** Long exports run as jobs: progress for the UI, a file when done, nothing left behind when cancelled. */
export const exportJobs = pgTable(
  'export_jobs',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').notNull().default('queued'),
    progress: integer('progress').notNull().default(0),
    total: integer('total').notNull().default(0),
    fileId: text('file_id').references(() => files.id),
    fileName: text('file_name'),
    error: text('error'),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('export_jobs_creator_idx').on(t.createdBy, t.createdAt),
    check('export_jobs_status_ck', sql`${t.status} in ('queued','running','done','failed','cancelled')`),
  ],
);
