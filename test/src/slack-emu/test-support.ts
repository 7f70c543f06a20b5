import type { Clock } from '@gprelay/shared';
import { type Logger, LogLevel, WebClient, type WebClientOptions } from '@slack/web-api';

/** A clock that only moves when told to; drives the emulator's ts values and rate limits in tests. */
export class ManualClock implements Clock {
  constructor(private nowMs = Date.UTC(2026, 0, 15, 9, 30, 0)) {}
  now(): number {
    return this.nowMs;
  }
  advance(ms: number): void {
    this.nowMs += ms;
  }
}

/** Keeps the SDK's own warnings (missing `text`, `[ERROR]` lines of invalid_blocks) out of test output. */
export const quietSdkLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

/**
 * The real `@slack/web-api` client pointed at an emulator, configured as GP Relay's dispatcher uses
 * it: no SDK retries, rate-limited calls rejected rather than queued.
 */
export function sdkClient(apiUrl: string, token?: string, extra: WebClientOptions = {}): WebClient {
  return new WebClient(token, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: quietSdkLogger,
    ...extra,
  });
}

/** Run a call that must fail; returns the SDK error so a test can assert on its code and data. */
export async function sdkError(call: Promise<unknown>): Promise<{
  code: string;
  data?: { error: string; [k: string]: unknown };
  retryAfter?: number;
  statusCode?: number;
  original?: Error;
}> {
  try {
    await call;
  } catch (err) {
    return err as Awaited<ReturnType<typeof sdkError>>;
  }
  throw new Error('expected the Slack call to fail, but it succeeded');
}

/** Parsed JSON of a raw `fetch` in a test; its shape is what the test's matchers check. */
// biome-ignore lint/suspicious/noExplicitAny: the assertions that follow are the type check
export type LooseJson = any;

export async function jsonOf(res: Response | Promise<Response>): Promise<LooseJson> {
  return (await res).json();
}
