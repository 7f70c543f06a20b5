import type { IncomingMessage } from 'node:http';
import { redactUrl } from './cloud-url';
import { RetryReason } from './connection-state';

const MAX_BODY_BYTES = 4096;
const BODY_TIMEOUT_MS = 2_000;

export interface CloudErrorBody {
  code?: string;
  message?: string;
}

export interface UpgradeFailure {
  reason: RetryReason;
  detail: string;
  httpStatus: number;
}

/**
 * Reads the start of a refused upgrade's body for the cloud's `{ error: { code,
 * message } }`; resolves null for anything else. Bounded in size and time.
 */
export function readErrorBody(res: IncomingMessage): Promise<CloudErrorBody | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      res.destroy();
      try {
        const error = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { error?: CloudErrorBody })
          .error;
        resolve(
          error && typeof error === 'object'
            ? {
                ...(typeof error.code === 'string' ? { code: error.code.slice(0, 64) } : {}),
                ...(typeof error.message === 'string' ? { message: error.message.slice(0, 300) } : {}),
              }
            : null,
        );
      } catch {
        resolve(null);
      }
    };
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else finish();
    });
    res.on('end', finish);
    res.on('close', finish);
    res.on('error', finish);
    res.setTimeout(BODY_TIMEOUT_MS, finish);
  });
}

/**
 * What an HTTP answer instead of `101 Switching Protocols` means. 401/403:
 * the cloud does not accept our credentials (revoked, re-created, clock far
 * off); retried slowly, since a re-enrollment fixes it without a restart.
 */
export function describeUpgradeFailure(
  httpStatus: number,
  body: CloudErrorBody | null,
  proxyUrl: string | undefined,
): UpgradeFailure {
  const cloudSays = body?.code ? ` ${body.code}${body.message ? `: ${body.message}` : ''}` : '';
  if (httpStatus === 401 || httpStatus === 403) {
    return {
      reason: RetryReason.authRejected,
      httpStatus,
      detail:
        `the cloud refused this agent's credentials (HTTP ${httpStatus}${cloudSays}); ` +
        'if the agent was revoked or re-created in the console, enroll it again; also check the clock',
    };
  }
  if (httpStatus === 407 && proxyUrl) {
    return {
      reason: RetryReason.httpError,
      httpStatus,
      detail: `the proxy ${redactUrl(proxyUrl)} requires authentication (HTTP 407)`,
    };
  }
  return {
    reason: RetryReason.httpError,
    httpStatus,
    detail: `the cloud answered HTTP ${httpStatus}${cloudSays} instead of opening the agent socket`,
  };
}
