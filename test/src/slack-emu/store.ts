import type { Clock } from '@gprelay/shared';
import type { IdGenerator } from './ids';
import {
  type ChannelSpec,
  type CreateWorkspaceOptions,
  DEFAULT_BOT_SCOPES,
  type RecordedMessage,
  type WorkspaceInfo,
} from './types';

export interface Channel {
  id: string;
  teamId: string;
  name: string;
  isPrivate: boolean;
  isArchived: boolean;
  isDeleted: boolean;
  botIsMember: boolean;
  /** Unix seconds. */
  created: number;
  /** Last ts handed out in this channel, in microseconds, so ts values only increase. */
  lastTsMicros: number;
  /** Messages in post order (top-level and replies). */
  messages: RecordedMessage[];
}

export interface Workspace {
  teamId: string;
  name: string;
  domain: string;
  botUserId: string;
  botId: string;
  appId: string;
  humanUserId: string;
  /** Workspace deleted: its tokens answer `account_inactive`. */
  inactive: boolean;
  /** App uninstalled: its tokens answer `token_revoked`. */
  uninstalled: boolean;
  channels: Map<string, Channel>;
}

export interface TokenRecord {
  token: string;
  teamId: string;
  scopes: string[];
  revoked: boolean;
  /** Rotating tokens only: clock ms after which the token answers `token_expired`. */
  expiresAtMs?: number;
}

/** Slack channel names: lowercase, no spaces or periods, at most 80 characters. */
const CHANNEL_NAME = /^[a-z0-9][a-z0-9_-]{0,79}$/;

/** All workspaces, channels and tokens of one emulator instance. */
export class Store {
  readonly workspaces = new Map<string, Workspace>();
  readonly tokens = new Map<string, TokenRecord>();

  constructor(
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
  ) {}

  createWorkspace(options: CreateWorkspaceOptions = {}): WorkspaceInfo {
    const teamId = options.teamId ?? this.ids.slackId('T');
    if (this.workspaces.has(teamId)) throw new Error(`workspace ${teamId} already exists`);
    const name = options.name ?? `Workspace ${this.workspaces.size + 1}`;
    const ws: Workspace = {
      teamId,
      name,
      domain: options.domain ?? this.uniqueDomain(domainFromName(name, teamId)),
      botUserId: this.ids.slackId('U'),
      botId: this.ids.slackId('B'),
      appId: this.ids.slackId('A'),
      humanUserId: this.ids.slackId('U'),
      inactive: false,
      uninstalled: false,
      channels: new Map(),
    };
    this.workspaces.set(teamId, ws);
    for (const spec of options.channels ?? ['general']) this.createChannel(teamId, spec);
    const botToken = this.issueToken(teamId, options.scopes ?? [...DEFAULT_BOT_SCOPES]).token;
    return this.info(ws, botToken);
  }

  private uniqueDomain(base: string): string {
    const taken = new Set([...this.workspaces.values()].map((w) => w.domain));
    let domain = base;
    for (let n = 2; taken.has(domain); n++) domain = `${base}-${n}`;
    return domain;
  }

  info(ws: Workspace, botToken: string): WorkspaceInfo {
    return {
      teamId: ws.teamId,
      name: ws.name,
      domain: ws.domain,
      botToken,
      botUserId: ws.botUserId,
      botId: ws.botId,
      appId: ws.appId,
      humanUserId: ws.humanUserId,
      channels: [...ws.channels.values()]
        .filter((c) => !c.isDeleted)
        .map((c) => ({ id: c.id, name: c.name })),
    };
  }

  createChannel(teamId: string, spec: string | ChannelSpec): { id: string; name: string } {
    const ws = this.workspace(teamId);
    const s: ChannelSpec = typeof spec === 'string' ? { name: spec } : spec;
    const name = s.name.replace(/^#/, '');
    if (!CHANNEL_NAME.test(name)) {
      throw new Error(`invalid channel name "${s.name}": use lowercase letters, digits, - and _ (max 80)`);
    }
    if (this.findByName(ws, name)) throw new Error(`channel #${name} already exists in ${teamId}`);
    const channel: Channel = {
      id: this.ids.slackId('C'),
      teamId,
      name,
      isPrivate: s.isPrivate ?? false,
      isArchived: s.isArchived ?? false,
      isDeleted: false,
      botIsMember: s.botIsMember ?? true,
      created: Math.floor(this.clock.now() / 1000),
      lastTsMicros: 0,
      messages: [],
    };
    ws.channels.set(channel.id, channel);
    return { id: channel.id, name };
  }

  issueToken(teamId: string, scopes: string[], token?: string, expiresAtMs?: number): TokenRecord {
    const record: TokenRecord = {
      token: token ?? this.ids.botToken(),
      teamId,
      scopes,
      revoked: false,
      ...(expiresAtMs === undefined ? {} : { expiresAtMs }),
    };
    this.tokens.set(record.token, record);
    return record;
  }

  /** The newest live token of a workspace, so a reinstall hands back the same bot token as Slack does. */
  liveToken(teamId: string): TokenRecord | undefined {
    let found: TokenRecord | undefined;
    for (const t of this.tokens.values()) if (t.teamId === teamId && !t.revoked) found = t;
    return found;
  }

  workspace(teamId: string): Workspace {
    const ws = this.workspaces.get(teamId);
    if (!ws) throw new Error(`no workspace ${teamId}`);
    return ws;
  }

  /** Any channel in any workspace, by id; for the emulator's own admin helpers. */
  channelById(id: string): Channel {
    for (const ws of this.workspaces.values()) {
      const c = ws.channels.get(id);
      if (c) return c;
    }
    throw new Error(`no channel ${id}`);
  }

  findByName(ws: Workspace, name: string): Channel | undefined {
    for (const c of ws.channels.values()) if (c.name === name && !c.isDeleted) return c;
    return undefined;
  }

  /** Resolve a `channel` argument the way Slack does: an id, or a name with or without `#`. */
  resolve(ws: Workspace, ref: string): Channel | undefined {
    const byId = ws.channels.get(ref);
    if (byId) return byId.isDeleted ? undefined : byId;
    return this.findByName(ws, ref.replace(/^#/, ''));
  }

  /** Next message ts for a channel: clock-based, strictly increasing, Slack's `seconds.micros` shape. */
  nextTs(channel: Channel): string {
    const micros = Math.max(Math.floor(this.clock.now()) * 1000, channel.lastTsMicros + 1);
    channel.lastTsMicros = micros;
    return formatTs(micros);
  }
}

export function formatTs(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
}

/** Parse a Slack ts (`1712345678.000100`) to microseconds; undefined when it is not one. */
export function parseTs(ts: string): number | undefined {
  const m = /^(\d{1,12})(?:\.(\d{1,6}))?$/.exec(ts);
  if (!m) return undefined;
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(6, '0'));
}

function domainFromName(name: string, teamId: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || teamId.toLowerCase();
}
