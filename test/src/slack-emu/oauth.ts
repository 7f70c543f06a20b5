import type { Clock } from '@gprelay/shared';
import { authed, type MethodDef } from './context';
import type { IdGenerator } from './ids';
import type { Recorder } from './recorder';
import type { Store, Workspace } from './store';
import { type ApiBody, type ApiRequest, SlackApiError, strParam } from './transport';
import type { OAuthAppOptions } from './types';

interface PendingCode {
  teamId: string;
  scopes: string[];
  /** Set when the authorize request named one; the exchange must then repeat it exactly. */
  redirectUri?: string;
  expiresAtMs: number;
  used: boolean;
}

export type AuthorizeOutcome = { status: 302; location: string } | { status: 400; error: string };

/**
 * The app's side of OAuth v2: `/oauth/v2/authorize` approves at once (as if a user clicked Allow) and
 * redirects with a single-use code; `oauth.v2.access` exchanges it, and with rotation on also honours
 * the `refresh_token` grant (refresh tokens are single-use, as Slack's are).
 */
export class OAuthServer {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly rotation: boolean;
  private readonly redirectUris: string[];
  private readonly tokenLifetimeSec: number;
  private readonly codeLifetimeSec: number;
  private readonly codes = new Map<string, PendingCode>();
  private readonly refreshTokens = new Map<string, { teamId: string; scopes: string[]; used: boolean }>();
  private installTarget: string | undefined;
  private denyNext = false;

  constructor(
    options: OAuthAppOptions,
    private readonly store: Store,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly recorder: Recorder,
  ) {
    this.clientId = options.clientId ?? '1234567890.1234567890';
    this.clientSecret = options.clientSecret ?? 'emulator-client-secret';
    this.rotation = options.tokenRotation ?? false;
    this.redirectUris = options.redirectUris ?? [];
    this.tokenLifetimeSec = options.tokenLifetimeSec ?? 43_200;
    this.codeLifetimeSec = options.codeLifetimeSec ?? 600;
  }

  /** Installs without a `team` param go to this workspace; unset → each install creates a new one. */
  setInstallTarget(teamId: string | undefined): void {
    if (teamId !== undefined) this.store.workspace(teamId);
    this.installTarget = teamId;
  }

  /** The next authorize request is cancelled by the "user": redirect with `error=access_denied`. */
  denyNextInstall(): void {
    this.denyNext = true;
  }

  authorize(url: URL): AuthorizeOutcome {
    const q = url.searchParams;
    if (q.get('client_id') !== this.clientId) return { status: 400, error: 'invalid_client_id' };
    const scopes = splitScopes(q.get('scope'));
    if (scopes.length === 0 && splitScopes(q.get('user_scope')).length === 0) {
      return { status: 400, error: 'invalid_scope' };
    }
    const requested = q.get('redirect_uri') ?? undefined;
    const redirect = requested ?? this.redirectUris[0];
    if (!redirect || !isHttpUrl(redirect) || !this.redirectAllowed(redirect)) {
      return { status: 400, error: 'bad_redirect_uri' };
    }
    const back = new URL(redirect);
    const state = q.get('state');
    if (this.denyNext) {
      this.denyNext = false;
      back.searchParams.set('error', 'access_denied');
    } else {
      const teamId = this.targetTeam(q.get('team'));
      const code = this.ids.oauthCode();
      this.codes.set(code, {
        teamId,
        scopes,
        ...(requested === undefined ? {} : { redirectUri: requested }),
        expiresAtMs: this.clock.now() + this.codeLifetimeSec * 1000,
        used: false,
      });
      back.searchParams.set('code', code);
    }
    if (state !== null) back.searchParams.set('state', state);
    return { status: 302, location: back.toString() };
  }

  private redirectAllowed(uri: string): boolean {
    // Slack accepts a registered redirect URL or a sub-path of one.
    return this.redirectUris.length === 0 || this.redirectUris.some((r) => uri === r || uri.startsWith(r));
  }

  private targetTeam(teamParam: string | null): string {
    if (teamParam && this.store.workspaces.has(teamParam)) return teamParam;
    if (this.installTarget) return this.installTarget;
    return this.store.createWorkspace({ name: `Install ${this.store.workspaces.size + 1}`, scopes: [] })
      .teamId;
  }

  /** `oauth.v2.access`: credentials via HTTP Basic (preferred by Slack) or params. */
  access(req: ApiRequest): ApiBody {
    const p = req.params;
    const clientId = req.basic?.user ?? strParam(p.client_id);
    const secret = req.basic?.password ?? strParam(p.client_secret);
    if (clientId !== this.clientId) throw new SlackApiError('invalid_client_id');
    if (secret !== this.clientSecret) throw new SlackApiError('bad_client_secret');
    const grant = strParam(p.grant_type) || 'authorization_code';
    if (grant === 'refresh_token') return this.refresh(strParam(p.refresh_token));
    if (grant !== 'authorization_code') throw new SlackApiError('invalid_grant_type');

    const code = strParam(p.code);
    const pending = code ? this.codes.get(code) : undefined;
    if (!pending || pending.used || this.clock.now() > pending.expiresAtMs)
      throw new SlackApiError('invalid_code');
    if (pending.redirectUri !== undefined && strParam(p.redirect_uri) !== pending.redirectUri) {
      throw new SlackApiError('bad_redirect_uri');
    }
    pending.used = true;
    const ws = this.store.workspace(pending.teamId);
    ws.uninstalled = false;
    this.recorder.touch();
    return this.grant(ws, pending.scopes);
  }

  private refresh(refreshToken: string | undefined): ApiBody {
    const entry = refreshToken ? this.refreshTokens.get(refreshToken) : undefined;
    if (!entry || entry.used || !this.rotation) throw new SlackApiError('invalid_refresh_token');
    entry.used = true;
    const ws = this.store.workspace(entry.teamId);
    if (ws.uninstalled || ws.inactive) throw new SlackApiError('invalid_refresh_token');
    return this.grant(ws, entry.scopes);
  }

  private grant(ws: Workspace, scopes: string[]): ApiBody {
    const base = {
      token_type: 'bot',
      scope: scopes.join(','),
      bot_user_id: ws.botUserId,
      app_id: ws.appId,
      team: { name: ws.name, id: ws.teamId },
      enterprise: null,
      is_enterprise_install: false,
      authed_user: { id: ws.humanUserId },
    };
    if (!this.rotation) {
      // Without rotation a reinstall hands back the workspace's existing bot token, with the new scopes.
      const live = this.store.liveToken(ws.teamId);
      const token = live ?? this.store.issueToken(ws.teamId, scopes);
      token.scopes = scopes;
      delete token.expiresAtMs;
      return { access_token: token.token, ...base };
    }
    const expiresAtMs = this.clock.now() + this.tokenLifetimeSec * 1000;
    const access = this.store.issueToken(ws.teamId, scopes, this.ids.rotatingBotToken(), expiresAtMs);
    const refreshToken = this.ids.refreshToken();
    this.refreshTokens.set(refreshToken, { teamId: ws.teamId, scopes, used: false });
    return {
      access_token: access.token,
      ...base,
      expires_in: this.tokenLifetimeSec,
      refresh_token: refreshToken,
    };
  }

  /** Uninstall: every token of the workspace is revoked and answers `token_revoked` from now on. */
  uninstall(teamId: string): void {
    const ws = this.store.workspace(teamId);
    ws.uninstalled = true;
    for (const t of this.store.tokens.values()) if (t.teamId === teamId) t.revoked = true;
    for (const r of this.refreshTokens.values()) if (r.teamId === teamId) r.used = true;
    this.recorder.touch();
  }
}

function splitScopes(value: string | null): string[] {
  return (value ?? '')
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export const oauthMethods: Record<string, MethodDef> = {
  'oauth.v2.access': { json: false, auth: false, handle: (call) => call.core.oauth.access(call.req) },
  'apps.uninstall': {
    json: false,
    auth: true,
    handle(call) {
      const { ws } = authed(call);
      const server = call.core.oauth;
      if (strParam(call.req.params.client_id) !== server.clientId)
        throw new SlackApiError('invalid_client_id');
      if (strParam(call.req.params.client_secret) !== server.clientSecret)
        throw new SlackApiError('bad_client_secret');
      server.uninstall(ws.teamId);
      return { uninstalled: true };
    },
  },
};
