import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, systemClock } from '@gprelay/shared';
import { type AdminApi, createAdminApi } from './admin';
import { handleApiRequest } from './api';
import type { EmulatorCore } from './context';
import { FaultQueue } from './faults';
import { IdGenerator } from './ids';
import { OAuthServer } from './oauth';
import { RateLimiter } from './rate-limits';
import { Recorder } from './recorder';
import { renderFeed, renderStats } from './render/feed-html';
import { escapeHtml } from './render/mrkdwn-html';
import { renderPage } from './render/page-html';
import { Store } from './store';
import { sendJson } from './transport';
import type { SlackEmulatorOptions } from './types';

export interface SlackEmulator extends AdminApi {
  /** Base URL for `WebClient({ slackApiUrl })`: `http://127.0.0.1:PORT/api/` (trailing slash). */
  readonly apiUrl: string;
  /** The live page a person watches: `http://127.0.0.1:PORT/`. */
  readonly pageUrl: string;
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  readonly port: number;
  /** Faults to inject; `faults.push({ kind: 'drop-reply', method: 'chat.postMessage' })`. */
  readonly faults: FaultQueue;
  readonly oauth: {
    readonly clientId: string;
    readonly clientSecret: string;
    /** `http://127.0.0.1:PORT/oauth/v2/authorize`, for `InstallProvider({ authorizationUrl })`. */
    readonly authorizeUrl: string;
    readonly tokenRotation: boolean;
    /** Installs without a `team` param land in this workspace; unset → a new workspace per install. */
    setInstallTarget(teamId: string | undefined): void;
    /** The next authorize request is cancelled: the redirect carries `error=access_denied`. */
    denyNextInstall(): void;
  };
  /** Stop listening and destroy every open socket (stalled requests included). Idempotent. */
  close(): Promise<void>;
}

/**
 * Start a Slack Web API emulator on 127.0.0.1 (port 0 by default). Everything time-based (ts values,
 * rate limits, token expiry) follows `options.clock`, so tests can drive it without sleeping.
 */
export async function startSlackEmulator(options: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const host = options.host ?? '127.0.0.1';
  const ids = new IdGenerator(options.seed);
  const store = new Store(ids, clock);
  const recorder = new Recorder();
  const faults = new FaultQueue();
  let origin = '';
  const core: EmulatorCore = {
    store,
    clock,
    ids,
    limiter: new RateLimiter(options),
    recorder,
    oauth: new OAuthServer(options.oauth ?? {}, store, ids, clock, recorder),
    maxBlocksTextChars: options.maxBlocksTextChars ?? 12_000,
    origin: () => origin,
  };

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      logger.error('slack-emu: request failed', { error: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal_error' });
      else res.destroy();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname;
    const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(path);
    if (api && (req.method === 'POST' || req.method === 'GET')) {
      return handleApiRequest(core, faults, logger, api[1] as string, url, req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return notFound(res);
    if (path === '/') return html(res, renderPage(`${origin}/api/`));
    if (path === '/_emu/view') {
      const since = Number(url.searchParams.get('since'));
      if (since === recorder.version) return sendJson(res, 200, { version: recorder.version });
      return sendJson(res, 200, {
        version: recorder.version,
        html: renderFeed(store, recorder),
        stats: renderStats(recorder),
      });
    }
    if (path === '/_emu/messages') {
      const team = url.searchParams.get('team') ?? undefined;
      const channel = url.searchParams.get('channel') ?? undefined;
      return sendJson(res, 200, {
        version: recorder.version,
        messages: admin.messages({ teamId: team, channel }),
      });
    }
    if (path === '/oauth/v2/authorize') {
      const outcome = core.oauth.authorize(url);
      if (outcome.status === 302) {
        res.writeHead(302, { location: outcome.location }).end();
        return;
      }
      return html(res, errorPage(outcome.error), 400);
    }
    const archive = /^\/w\/[^/]+\/archives\/([A-Z0-9]+)\/p(\d+)$/.exec(path);
    if (archive) {
      res.writeHead(302, { location: `/#m-${archive[1]}-${archive[2]}` }).end();
      return;
    }
    return notFound(res);
  }

  const admin = createAdminApi(core);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  origin = `http://${urlHost}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    ...admin,
    apiUrl: `${origin}/api/`,
    pageUrl: `${origin}/`,
    origin,
    port,
    faults,
    oauth: {
      clientId: core.oauth.clientId,
      clientSecret: core.oauth.clientSecret,
      authorizeUrl: `${origin}/oauth/v2/authorize`,
      tokenRotation: core.oauth.rotation,
      setInstallTarget: (teamId) => core.oauth.setInstallTarget(teamId),
      denyNextInstall: () => core.oauth.denyNextInstall(),
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function html(res: ServerResponse, body: string, status = 200): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    // The page only runs its own inline script and talks to its own origin.
    'content-security-policy':
      "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self'",
  });
  res.end(body);
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
}

function errorPage(error: string): string {
  return `<!doctype html><meta charset="utf-8"><title>Slack emulator · install error</title><h1>Something went wrong</h1><p>The install request was refused: <code>${escapeHtml(error)}</code></p>`;
}
