import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@gprelay/shared';
import { type CallContext, type EmulatorCore, type MethodDef, RateLimitedError } from './context';
import type { FaultQueue } from './faults';
import { authMethods } from './methods/auth';
import { chatMethods } from './methods/chat';
import { conversationMethods } from './methods/conversations';
import { oauthMethods } from './oauth';
import {
  type ApiBody,
  type ApiRequest,
  BodyTooLargeError,
  parseApiRequest,
  readBody,
  SlackApiError,
  sendJson,
  strParam,
} from './transport';
import type { ApiCallRecord, FaultSpec } from './types';

export const METHODS: Readonly<Record<string, MethodDef>> = {
  ...authMethods,
  ...chatMethods,
  ...conversationMethods,
  ...oauthMethods,
};

interface Reply {
  status: number;
  body: ApiBody | string;
  headers: Record<string, string>;
  teamId?: string;
}

/** One `POST /api/<method>`: faults first (they sit at the network edge), then auth, limits, the method. */
export async function handleApiRequest(
  core: EmulatorCore,
  faults: FaultQueue,
  logger: Logger,
  method: string,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let body: string;
  try {
    body = await readBody(req);
  } catch (err) {
    if (!(err instanceof BodyTooLargeError)) throw err;
    res.writeHead(413, { 'content-type': 'text/plain' }).end('request body too large');
    return;
  }
  const def = METHODS[method];
  const request = parseApiRequest(method, url, req.headers, body, def?.json ?? false);
  const channel = strParam(request.params.channel);
  const record = (reply: Reply | undefined, fault?: FaultSpec): void => {
    const ok = typeof reply?.body === 'object' && reply.body.ok === true;
    const error = typeof reply?.body === 'object' ? strParam(reply.body.error) : undefined;
    const call: ApiCallRecord = {
      at: core.clock.now(),
      method,
      ...(reply?.teamId === undefined ? {} : { teamId: reply.teamId }),
      ...(channel === undefined ? {} : { channel }),
      status: reply?.status ?? 0,
      ok,
      ...(error === undefined ? {} : { error }),
      ...(fault ? { fault: fault.kind } : {}),
    };
    core.recorder.calls.push(call);
  };

  // Faults sit before auth, but may be aimed at one workspace: the one the token belongs to.
  const token = request.bearer ?? (request.isJson ? undefined : strParam(request.params.token));
  const teamId = token === undefined ? undefined : core.store.tokens.get(token)?.teamId;
  const fault = faults.take(method, channel, teamId, core.clock.now());
  if (fault?.kind === 'stall') {
    let answered = false;
    const parked = faults.park(() => {
      answered = true;
      const reply = process(core, def, request);
      record(reply, fault);
      write(res, reply);
    });
    // Recorded once: with its answer when released, or as unanswered (status 0) when the socket dies.
    res.on('close', () => {
      parked.drop();
      if (!answered) record(undefined, fault);
    });
    return;
  }
  if (fault?.kind === 'hold-reply') {
    const reply = process(core, def, request);
    record(reply, fault);
    const parked = faults.park(() => write(res, reply));
    res.on('close', () => parked.drop());
    return;
  }
  if (fault && fault.kind !== 'drop-reply') {
    const reply = faultReply(core, fault, method, channel, teamId);
    record(reply, fault);
    write(res, reply);
    return;
  }
  const reply = process(core, def, request);
  record(fault ? { ...reply, status: 0 } : reply, fault);
  if (fault?.kind === 'drop-reply') {
    // The request was fully handled (a post is recorded), but the caller never learns the outcome.
    logger.debug('slack-emu: dropping reply', { method });
    req.socket.destroy();
    return;
  }
  write(res, reply);
}

function faultReply(
  core: EmulatorCore,
  fault: FaultSpec,
  method: string,
  channel: string | undefined,
  teamId: string | undefined,
): Reply {
  const team = teamId === undefined ? {} : { teamId };
  switch (fault.kind) {
    case 'error':
      return {
        status: 200,
        body: { ok: false, error: fault.error ?? 'internal_error' },
        headers: {},
        ...team,
      };
    case 'ratelimit': {
      const retryAfterSec = fault.retryAfterSec ?? 1;
      const now = core.clock.now();
      if (fault.scope === 'workspace' && teamId !== undefined) {
        core.limiter.holdWorkspace(teamId, fault.method, now + retryAfterSec * 1000);
      }
      core.recorder.rateLimits.push({
        at: now,
        method,
        ...team,
        ...(channel === undefined ? {} : { channel }),
        retryAfterSec,
        source: 'fault',
      });
      return ratelimited(retryAfterSec, teamId);
    }
    default: {
      const status = fault.status ?? 500;
      return {
        status,
        body: `<html><head><title>${status} Server Error</title></head><body><h1>Server Error</h1></body></html>`,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        ...team,
      };
    }
  }
}

function ratelimited(retryAfterSec: number, teamId?: string): Reply {
  return {
    status: 429,
    body: { ok: false, error: 'ratelimited' },
    headers: { 'retry-after': String(retryAfterSec) },
    ...(teamId === undefined ? {} : { teamId }),
  };
}

function process(core: EmulatorCore, def: MethodDef | undefined, req: ApiRequest): Reply {
  const reply = run(core, def, req);
  if (req.missingCharset && typeof reply.body === 'object') addCharsetWarning(reply.body);
  return reply;
}

function run(core: EmulatorCore, def: MethodDef | undefined, req: ApiRequest): Reply {
  const fail = (error: string, extra: ApiBody = {}, teamId?: string): Reply => ({
    status: 200,
    body: { ok: false, error, ...extra },
    headers: {},
    ...(teamId === undefined ? {} : { teamId }),
  });
  if (!def) return fail('unknown_method', { req_method: req.method });
  if (req.bodyError) return fail(req.bodyError);

  const call: CallContext = { core, req };
  const headers: Record<string, string> = {};
  if (def.auth) {
    // A token in a JSON body is never read (parseApiRequest drops it): JSON needs the header.
    const token = req.bearer ?? (req.isJson ? undefined : strParam(req.params.token));
    if (!token) return fail('not_authed');
    const record = core.store.tokens.get(token);
    if (!record) return fail('invalid_auth');
    const ws = core.store.workspace(record.teamId);
    if (ws.inactive) return fail('account_inactive', {}, ws.teamId);
    if (record.revoked) return fail('token_revoked', {}, ws.teamId);
    if (record.expiresAtMs !== undefined && core.clock.now() >= record.expiresAtMs) {
      return fail('token_expired', {}, ws.teamId);
    }
    call.auth = { token: record, ws };
    headers['x-oauth-scopes'] = record.scopes.join(',');
    // A workspace-wide limit answers before the method's own budget is charged.
    const channel = strParam(req.params.channel);
    const limited =
      core.limiter.checkHold(req.method, ws.teamId, core.clock.now()) ??
      core.limiter.checkMethod(req.method, ws.teamId, core.clock.now());
    if (limited) {
      core.recorder.rateLimits.push({
        at: core.clock.now(),
        method: req.method,
        teamId: ws.teamId,
        ...(channel === undefined ? {} : { channel }),
        retryAfterSec: limited.retryAfterSec,
        source: limited.source,
      });
      return ratelimited(limited.retryAfterSec, ws.teamId);
    }
  }
  const teamId = call.auth?.ws.teamId;
  try {
    const body = def.handle(call);
    return { status: 200, body: { ok: true, ...body }, headers, ...(teamId === undefined ? {} : { teamId }) };
  } catch (err) {
    if (err instanceof SlackApiError) return { ...fail(err.error, err.extra, teamId), headers };
    if (err instanceof RateLimitedError) {
      core.recorder.rateLimits.push({
        at: core.clock.now(),
        method: req.method,
        ...(teamId === undefined ? {} : { teamId }),
        ...(err.channel === undefined ? {} : { channel: err.channel }),
        retryAfterSec: err.retryAfterSec,
        source: err.source,
      });
      return ratelimited(err.retryAfterSec, teamId);
    }
    throw err;
  }
}

/** Slack answers JSON without a charset, and says so (`missing_charset`). */
function addCharsetWarning(body: ApiBody): void {
  const meta = (body.response_metadata ?? {}) as { warnings?: string[]; messages?: string[] };
  body.warning = 'missing_charset';
  body.response_metadata = {
    ...meta,
    warnings: [...(meta.warnings ?? []), 'missing_charset'],
    messages: [
      ...(meta.messages ?? []),
      "[WARN] A Content-Type HTTP header was presented but did not declare a charset, such as a 'utf-8'",
    ],
  };
}

function write(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.writableEnded) return;
  if (typeof reply.body === 'string') {
    res.writeHead(reply.status, { 'content-length': Buffer.byteLength(reply.body), ...reply.headers });
    res.end(reply.body);
    return;
  }
  sendJson(res, reply.status, reply.body, reply.headers);
}
