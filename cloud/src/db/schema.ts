import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

/** An enrolled agent: its public key is its identity; revocation is a timestamp, never a delete. */
export const agents = pgTable(
  'agents',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    hostname: text('hostname').notNull(),
    publicJwk: jsonb('public_jwk').$type<{ kty: 'OKP'; crv: 'Ed25519'; x: string }>().notNull(),
    agentVersion: text('agent_version'),
    createdAt: createdAt(),
    revokedAt: tstz('revoked_at'),
    lastSeenAt: tstz('last_seen_at'),
    lastStatus: jsonb('last_status'),
    lastAlert: jsonb('last_alert'),
  },
  (t) => [index('agents_tenant_idx').on(t.tenantId)],
);

/** One-time enrollment codes; only a hash of the code is kept. */
export const enrollmentCodes = pgTable('enrollment_codes', {
  codeHash: text('code_hash').primaryKey(),
  tenantId: text('tenant_id')
    .notNull()
    .references(() => tenants.id),
  expiresAt: tstz('expires_at').notNull(),
  usedAt: tstz('used_at'),
  usedByAgentId: text('used_by_agent_id'),
  createdAt: createdAt(),
});

/** Connect-token ids already seen, so a captured token cannot be replayed before it expires. */
export const usedTokenIds = pgTable('used_token_ids', {
  jti: text('jti').primaryKey(),
  agentId: text('agent_id').notNull(),
  expiresAt: tstz('expires_at').notNull(),
});

/** A tenant's Slack workspace; the bot token is AES-256-GCM sealed under MASTER_KEY. */
export const slackInstallations = pgTable(
  'slack_installations',
  {
    tenantId: text('tenant_id')
      .primaryKey()
      .references(() => tenants.id),
    teamId: text('team_id').notNull(),
    teamName: text('team_name'),
    enterpriseId: text('enterprise_id'),
    botUserId: text('bot_user_id'),
    botId: text('bot_id'),
    scopes: text('scopes'),
    botTokenSealed: text('bot_token_sealed').notNull(),
    appId: text('app_id'),
    /** Workspace URL (`https://acme.slack.com/`), for permalinks without an API call. */
    teamUrl: text('team_url'),
    isEnterpriseInstall: boolean('is_enterprise_install').notNull().default(false),
    /** Token rotation: the single-use refresh token (sealed) and when the access token expires. */
    refreshTokenSealed: text('refresh_token_sealed'),
    tokenExpiresAt: tstz('token_expires_at'),
    /** One refresher at a time across instances: a lease on the refresh. */
    refreshLeaseUntil: tstz('refresh_lease_until'),
    /** `active`, or `dead` once Slack says the token is revoked or the workspace is gone. */
    status: text('status').notNull().default('active'),
    deadReason: text('dead_reason'),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  // Slack events name the workspace (or org, for org-wide installs), not the tenant.
  (t) => [
    index('slack_installations_team_idx').on(t.teamId),
    index('slack_installations_enterprise_idx').on(t.enterpriseId),
  ],
);

export interface RuleFilters {
  companies?: string[];
  states?: string[];
  vendorIds?: string[];
  /** Decimal strings, inclusive. */
  minAmount?: string;
  maxAmount?: string;
}

export const routingRules = pgTable(
  'routing_rules',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    docTypes: jsonb('doc_types').$type<string[]>().notNull(),
    channelId: text('channel_id').notNull(),
    filters: jsonb('filters').$type<RuleFilters>().notNull().default({}),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('routing_rules_tenant_idx').on(t.tenantId)],
);

/** Every distinct delta a tenant's agents sent, once: the dedupe key is (tenant, eventId). */
export const events = pgTable(
  'events',
  {
    tenantId: text('tenant_id').notNull(),
    eventId: text('event_id').notNull(),
    agentId: text('agent_id').notNull(),
    company: text('company').notNull(),
    docType: text('doc_type').notNull(),
    docKey: text('doc_key').notNull(),
    version: text('version').notNull(),
    state: text('state').notNull(),
    modifiedAt: tstz('modified_at').notNull(),
    record: jsonb('record').notNull(),
    /**
     * A vendor delta's `previous`, wrapped so that "new vendor" (previous null)
     * survives jsonb: `{ record: VendorRecord | null }`; SQL NULL when the
     * delta had none (another family, or an agent that cannot say).
     */
    previous: jsonb('previous').$type<{ record: unknown }>(),
    receivedAt: tstz('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.eventId] })],
);

export const DeliveryStatus = {
  pending: 'pending',
  posting: 'posting',
  posted: 'posted',
  failed: 'failed',
} as const;
export type DeliveryStatus = (typeof DeliveryStatus)[keyof typeof DeliveryStatus];

/** One event to one channel. `posting` rows hold a lease; an expired lease means "outcome unknown". */
export const deliveries = pgTable(
  'deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: text('tenant_id').notNull(),
    eventId: text('event_id').notNull(),
    ruleId: text('rule_id').notNull(),
    channelId: text('channel_id').notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tstz('next_attempt_at').notNull(),
    leaseUntil: tstz('lease_until'),
    lastError: text('last_error'),
    /** The message that shows this delivery (shared by a batch, or the original message for an update). */
    slackTs: text('slack_ts'),
    /** `post` (a new message) or `update` (the document was already shown: edit + thread reply). */
    action: text('action'),
    postedAt: tstz('posted_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('deliveries_event_channel_uq').on(t.tenantId, t.eventId, t.channelId),
    index('deliveries_due_idx').on(t.channelId, t.nextAttemptAt).where(sql`status in ('pending', 'posting')`),
  ],
);

/**
 * The per-channel posting slot shared by every cloud instance: a post may start
 * only when `next_post_at` has passed, and starting one moves it a second on.
 */
export const channelSlots = pgTable(
  'channel_slots',
  {
    tenantId: text('tenant_id').notNull(),
    channelId: text('channel_id').notNull(),
    nextPostAt: tstz('next_post_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.channelId] })],
);

/**
 * Slack rate limits that hold for a whole workspace (team), shared by every
 * cloud instance. While `rate_limited_until` is ahead, no channel of any
 * tenant installed in that team is claimed. The latest channel-scoped 429 is
 * kept too: a second channel refused while it runs means the workspace's
 * posting cap, not a channel's.
 */
export const slackWorkspaceLimits = pgTable('slack_workspace_limits', {
  /** Slack team id, or the enterprise id for an org-wide install (as `slack_installations.team_id`). */
  teamId: text('team_id').primaryKey(),
  rateLimitedUntil: tstz('rate_limited_until'),
  /** The Web API method whose 429 set the pause, for the console and logs. */
  rateLimitedMethod: text('rate_limited_method'),
  channelLimitedId: text('channel_limited_id'),
  channelLimitedUntil: tstz('channel_limited_until'),
  updatedAt: tstz('updated_at').notNull(),
});

/** Append-only, hash-chained per tenant (`chain` = tenant id, or `_system` for tenant-less rows). */
export const auditLog = pgTable(
  'audit_log',
  {
    chain: text('chain').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: tstz('at').notNull(),
    tenantId: text('tenant_id'),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    sourceRecordId: text('source_record_id'),
    eventId: text('event_id'),
    channelId: text('channel_id'),
    slackTs: text('slack_ts'),
    permalink: text('permalink'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  // (chain, seq) orders a tenant's trail by time too, so no separate time index is kept:
  // every index is paid for on each of the several audit rows written per delta.
  (t) => [primaryKey({ columns: [t.chain, t.seq] }), index('audit_event_idx').on(t.tenantId, t.eventId)],
);

/** Last link of each audit chain; locking this row serialises appends to one chain. */
export const auditHeads = pgTable('audit_heads', {
  chain: text('chain').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

/**
 * Operator-issued links a tenant admin opens to install the Slack app for
 * that tenant. Only a hash of the link's secret is kept; a link works until it
 * expires or an install started from it completes.
 */
export const slackInstallLinks = pgTable(
  'slack_install_links',
  {
    linkHash: text('link_hash').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    /** Who issued it (audit actor), e.g. `operator`. */
    createdBy: text('created_by').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    usedAt: tstz('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('slack_install_links_tenant_idx').on(t.tenantId)],
);

/** OAuth `state` values handed out for installs: single use, short-lived, bound to the browser that started. */
export const oauthStates = pgTable('oauth_states', {
  nonce: text('nonce').primaryKey(),
  tenantId: text('tenant_id')
    .notNull()
    .references(() => tenants.id),
  /** Hash of the install cookie set in the browser that started the flow. */
  browserBinding: text('browser_binding').notNull(),
  expiresAt: tstz('expires_at').notNull(),
  usedAt: tstz('used_at'),
  createdAt: createdAt(),
  /** Who started the install, for the audit rows of the callback (`install-link`, later a console user). */
  actor: text('actor').notNull().default('install-link'),
  /** The install link it was started from, spent when the install completes; null from other entry points. */
  installLinkHash: text('install_link_hash'),
});

/**
 * Slack retries event deliveries; each event_id is handled once. The event
 * itself is stored with its dedupe row, in the transaction that runs before
 * the ack, so a crash after the ack still processes it (`processed_at` null).
 */
export const slackEventsSeen = pgTable(
  'slack_events_seen',
  {
    eventId: text('event_id').primaryKey(),
    teamId: text('team_id'),
    receivedAt: tstz('received_at').notNull(),
    eventType: text('event_type'),
    /** The `event_callback` envelope as received (minus the legacy verification token). */
    payload: jsonb('payload').$type<Record<string, unknown>>(),
    processedAt: tstz('processed_at'),
    /** Processing attempts that failed; the sweeper gives up after a few and audits it. */
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [index('slack_events_pending_idx').on(t.receivedAt).where(sql`processed_at is null`)],
);

/**
 * Signatures of Slack requests already accepted, kept while their timestamp is
 * inside the 5-minute window: the same signed request sent again is a replay.
 */
export const slackRequestSignatures = pgTable('slack_request_signatures', {
  signature: text('signature').primaryKey(),
  /** Request timestamp + 5 minutes: after this the window check refuses it anyway. */
  expiresAt: tstz('expires_at').notNull(),
});

/**
 * What we know of a channel rules point at: `ok`, or why posting there cannot
 * work (`archived`, `deleted`, `bot_removed`). Kept current from Slack events.
 */
export const slackChannels = pgTable(
  'slack_channels',
  {
    tenantId: text('tenant_id').notNull(),
    channelId: text('channel_id').notNull(),
    name: text('name'),
    status: text('status').notNull().default('ok'),
    updatedAt: tstz('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.channelId] })],
);

/**
 * The Slack message that shows a GP document in a channel, so a later change
 * edits that message (chat.update) and replies in its thread instead of
 * posting anew. Several documents may share one (batched) message.
 */
export const postedDocuments = pgTable(
  'posted_documents',
  {
    tenantId: text('tenant_id').notNull(),
    channelId: text('channel_id').notNull(),
    company: text('company').notNull(),
    docType: text('doc_type').notNull(),
    docKey: text('doc_key').notNull(),
    messageTs: text('message_ts').notNull(),
    /** The event whose version the message shows now. */
    eventId: text('event_id').notNull(),
    updatedAt: tstz('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.channelId, t.company, t.docType, t.docKey] }),
    index('posted_documents_message_idx').on(t.tenantId, t.channelId, t.messageTs),
  ],
);
