import { loadConfig, type RunningCloud, startCloud } from '@gprelay/cloud';
import postgres from 'postgres';
import { inject } from 'vitest';
import { createDatabase } from '../postgres/create-database';
import { type SlackEmulator, startSlackEmulator } from '../slack-emu';
import { ManualClock } from '../slack-emu/test-support';

export const SIGNING_SECRET = 'int-test-signing-secret-0123456789';
const OPERATOR_TOKEN = 'int-test-operator-token-0123456789abcdef';

/**
 * Cloud instances (in process, listening on 127.0.0.1:0) on one real Postgres
 * database, pointed at a Slack emulator; one manual clock drives them all.
 * PUBLIC_URL is an https origin in front of them, as behind a TLS proxy: the
 * `Browser` below maps it to the instance it talks to.
 */
export interface RelayWithSlack {
  emu: SlackEmulator;
  clouds: RunningCloud[];
  clock: ManualClock;
  publicUrl: string;
  /** Read-only look into the cloud's database. */
  sql: postgres.Sql;
  operator<T = unknown>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function startRelayWithSlack(
  options: { rotation?: boolean; instances?: number; publicUrl?: string } = {},
): Promise<RelayWithSlack> {
  const clock = new ManualClock(Date.parse('2026-11-25T10:00:00.000Z'));
  const publicUrl = options.publicUrl ?? 'https://relay.example.test';
  const emu = await startSlackEmulator({
    clock,
    oauth: {
      tokenRotation: options.rotation ?? false,
      redirectUris: [`${publicUrl}/slack/oauth/callback`],
      clientId: '4242.1717',
      clientSecret: 'int-test-client-secret',
    },
  });
  const databaseUrl = await createDatabase(inject('postgresUrl'), 'gprelay_slackapp');
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    PUBLIC_URL: publicUrl,
    DATABASE_URL: databaseUrl,
    MASTER_KEY: 'cd'.repeat(32),
    OPERATOR_TOKEN,
    SLACK_API_URL: emu.apiUrl,
    SLACK_CLIENT_ID: emu.oauth.clientId,
    SLACK_CLIENT_SECRET: emu.oauth.clientSecret,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
  });
  const clouds: RunningCloud[] = [];
  for (let i = 0; i < (options.instances ?? 1); i += 1) {
    clouds.push(await startCloud(config, { clock, logger: false }));
  }
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  return {
    emu,
    clouds,
    clock,
    publicUrl,
    sql,
    async operator(method, path, body) {
      const response = await fetch(`${clouds[0]!.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${OPERATOR_TOKEN}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as never };
    },
    async close() {
      await sql.end({ timeout: 5 });
      for (const cloud of clouds) await cloud.close();
      await emu.close();
    },
  };
}

export interface PageVisit {
  status: number;
  location: string | null;
  body: string;
  headers: Headers;
}

/**
 * A browser with its own cookie jar for the relay's origin. Requests to
 * PUBLIC_URL go to `cloudUrl` (the TLS proxy's job in production); other
 * origins (the emulator's authorize page) are fetched as they are. Redirects
 * are not followed, so each hop can be looked at.
 */
export class Browser {
  readonly #jar = new Map<string, string>();

  constructor(
    private readonly publicUrl: string,
    private readonly cloudUrl: string,
  ) {}

  cookieNames(): string[] {
    return [...this.#jar.keys()];
  }

  async get(url: string): Promise<PageVisit> {
    const ours = url.startsWith(this.publicUrl);
    const target = ours ? `${this.cloudUrl}${url.slice(this.publicUrl.length)}` : url;
    const cookie = [...this.#jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(target, {
      redirect: 'manual',
      headers: ours && cookie ? { cookie } : {},
    });
    if (ours) {
      for (const line of response.headers.getSetCookie()) {
        const [pair = '', ...attributes] = line.split(';').map((s) => s.trim());
        const eq = pair.indexOf('=');
        const name = pair.slice(0, eq);
        if (attributes.some((a) => a.toLowerCase() === 'max-age=0')) this.#jar.delete(name);
        else this.#jar.set(name, pair.slice(eq + 1));
      }
    }
    return {
      status: response.status,
      location: response.headers.get('location'),
      body: await response.text(),
      headers: response.headers,
    };
  }
}

/** The three hops of "Add to Slack": our install link → Slack's consent (approves at once) → our callback. */
export async function installThroughBrowser(browser: Browser, linkUrl: string) {
  const start = await browser.get(linkUrl);
  if (start.status !== 302 || !start.location)
    throw new Error(`install link answered ${start.status}: ${start.body}`);
  const consent = await browser.get(start.location);
  if (consent.status !== 302 || !consent.location)
    throw new Error(`Slack authorize answered ${consent.status}: ${consent.body}`);
  const result = await browser.get(consent.location);
  return { start, consent, callbackUrl: consent.location, result };
}
