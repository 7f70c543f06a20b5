import type { EmulatorCore } from './context';
import { collectReferences } from './mrkdwn';
import { copyMessage } from './recorder';
import type {
  ApiCallRecord,
  ChannelPostingStats,
  ChannelSpec,
  CreateWorkspaceOptions,
  MessageFilter,
  RateLimitEvent,
  RecordedMessage,
  WorkspaceInfo,
} from './types';
import { DEFAULT_BOT_SCOPES } from './types';

export interface RateLimitFilter {
  teamId?: string;
  method?: string;
  /** Channel id. */
  channel?: string;
  source?: RateLimitEvent['source'];
}

/** Test-side controls and assertions; everything here acts directly, not through the Web API. */
export interface AdminApi {
  createWorkspace(options?: CreateWorkspaceOptions): WorkspaceInfo;
  createChannel(teamId: string, spec: string | ChannelSpec): { id: string; name: string };
  /** Another bot token for the workspace, e.g. with fewer scopes. */
  issueToken(teamId: string, scopes?: string[]): string;
  /** Later calls with this token answer `token_revoked`. */
  revokeToken(token: string): void;
  /** The app is removed from the workspace: all its tokens answer `token_revoked`. */
  uninstall(teamId: string): void;
  /** The workspace is deleted: its tokens answer `account_inactive`. */
  deleteWorkspace(teamId: string): void;
  archiveChannel(channelId: string): void;
  unarchiveChannel(channelId: string): void;
  /** Gone for good: `channel_not_found` from now on. Its messages stay recorded. */
  deleteChannel(channelId: string): void;
  renameChannel(channelId: string, name: string): void;
  /** Invite the bot to (true) or remove it from (false) a channel. */
  setBotMembership(channelId: string, isMember: boolean): void;
  /** A message by the workspace's human user (the bot cannot chat.update it). */
  postUserMessage(channelId: string, text: string, options?: { threadTs?: string }): RecordedMessage;
  /** Copies of accepted messages, in post order. */
  messages(filter?: MessageFilter): RecordedMessage[];
  message(channelId: string, ts: string): RecordedMessage | undefined;
  /** Resolves with the first message (already recorded or future) that matches; rejects after timeoutMs. */
  waitForMessage(
    predicate?: (m: RecordedMessage) => boolean,
    options?: { timeoutMs?: number },
  ): Promise<RecordedMessage>;
  /** Called on every accepted post and every update; returns an unsubscribe function. */
  onMessage(listener: (m: RecordedMessage, change: 'posted' | 'updated') => void): () => void;
  /** Every HTTP 429 the emulator answered. */
  rateLimited(filter?: RateLimitFilter): RateLimitEvent[];
  rateLimitedCount(filter?: RateLimitFilter): number;
  /** Every API request, oldest first (no tokens are kept). */
  calls(filter?: { method?: string; teamId?: string }): ApiCallRecord[];
  /** Clock times of accepted chat.postMessage calls for one channel. */
  postTimes(channelId: string): number[];
  /** Per channel: accepted posts and the most inside any sliding window (default 1000 ms). */
  postingStats(windowMs?: number): ChannelPostingStats[];
  /** The largest `maxInWindow` over all channels (0 when nothing was posted). */
  maxPostsPerWindow(windowMs?: number): number;
  /** Forget recorded messages, calls and 429s (workspaces, channels and tokens stay). */
  clearRecords(): void;
}

export function createAdminApi(core: EmulatorCore): AdminApi {
  const { store, recorder, clock } = core;
  const channelIdsFor = (teamId: string | undefined, ref: string): string[] => {
    const ids: string[] = [];
    for (const ws of store.workspaces.values()) {
      if (teamId !== undefined && ws.teamId !== teamId) continue;
      for (const c of ws.channels.values())
        if (c.id === ref || c.name === ref.replace(/^#/, '')) ids.push(c.id);
    }
    return ids;
  };
  const channelChanged = (channelId: string, change: (c: ReturnType<typeof store.channelById>) => void) => {
    change(store.channelById(channelId));
    recorder.touch();
  };
  const admin: AdminApi = {
    createWorkspace(options) {
      const info = store.createWorkspace(options);
      recorder.touch();
      return info;
    },
    createChannel(teamId, spec) {
      const created = store.createChannel(teamId, spec);
      recorder.touch();
      return created;
    },
    issueToken(teamId, scopes = [...DEFAULT_BOT_SCOPES]) {
      store.workspace(teamId);
      return store.issueToken(teamId, scopes).token;
    },
    revokeToken(token) {
      const record = store.tokens.get(token);
      if (!record) throw new Error('revokeToken: unknown token');
      record.revoked = true;
    },
    uninstall(teamId) {
      core.oauth.uninstall(teamId);
    },
    deleteWorkspace(teamId) {
      store.workspace(teamId).inactive = true;
      recorder.touch();
    },
    archiveChannel: (id) => channelChanged(id, (c) => (c.isArchived = true)),
    unarchiveChannel: (id) => channelChanged(id, (c) => (c.isArchived = false)),
    deleteChannel: (id) => channelChanged(id, (c) => (c.isDeleted = true)),
    renameChannel: (id, name) => channelChanged(id, (c) => (c.name = name)),
    setBotMembership: (id, isMember) => channelChanged(id, (c) => (c.botIsMember = isMember)),
    postUserMessage(channelId, text, options = {}) {
      const channel = store.channelById(channelId);
      const ws = store.workspace(channel.teamId);
      const message: RecordedMessage = {
        teamId: ws.teamId,
        channel: channel.id,
        channelName: channel.name,
        ts: store.nextTs(channel),
        ...(options.threadTs === undefined ? {} : { threadTs: options.threadTs }),
        replyBroadcast: false,
        text,
        postedAt: clock.now(),
        author: { kind: 'user', userId: ws.humanUserId },
        original: { text },
        edits: [],
        ...collectReferences(text, undefined),
        truncated: false,
        orphanReply: false,
      };
      channel.messages.push(message);
      recorder.addMessage(message, false);
      return copyMessage(message);
    },
    messages: (filter = {}) => recorder.find(filter, channelIdsFor).map(copyMessage),
    message(channelId, ts) {
      const m = recorder.allMessages().find((x) => x.channel === channelId && x.ts === ts);
      return m ? copyMessage(m) : undefined;
    },
    waitForMessage(predicate = () => true, { timeoutMs = 5000 } = {}) {
      const existing = recorder.allMessages().find(predicate);
      if (existing) return Promise.resolve(copyMessage(existing));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`waitForMessage: no matching message within ${timeoutMs} ms`));
        }, timeoutMs);
        const off = recorder.onMessage((m) => {
          if (!predicate(m)) return;
          clearTimeout(timer);
          off();
          resolve(copyMessage(m));
        });
      });
    },
    onMessage: (listener) => recorder.onMessage((m, change) => listener(copyMessage(m), change)),
    rateLimited: (filter = {}) =>
      recorder.rateLimits
        .filter(
          (r) =>
            (filter.teamId === undefined || r.teamId === filter.teamId) &&
            (filter.method === undefined || r.method === filter.method) &&
            (filter.channel === undefined || r.channel === filter.channel) &&
            (filter.source === undefined || r.source === filter.source),
        )
        .map((r) => ({ ...r })),
    rateLimitedCount: (filter) => admin.rateLimited(filter).length,
    calls: (filter = {}) =>
      recorder.calls
        .filter(
          (c) =>
            (filter.method === undefined || c.method === filter.method) &&
            (filter.teamId === undefined || c.teamId === filter.teamId),
        )
        .map((c) => ({ ...c })),
    postTimes(channelId) {
      const channel = store.channelById(channelId);
      return recorder.postTimesFor(channel.teamId, channel.id);
    },
    postingStats: (windowMs = 1000) => recorder.postingStats(windowMs),
    maxPostsPerWindow: (windowMs = 1000) =>
      recorder.postingStats(windowMs).reduce((max, s) => Math.max(max, s.maxInWindow), 0),
    clearRecords() {
      for (const ws of store.workspaces.values()) for (const c of ws.channels.values()) c.messages.length = 0;
      recorder.clear();
    },
  };
  return admin;
}
