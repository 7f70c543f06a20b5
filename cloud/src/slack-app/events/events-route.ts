import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuditAction } from '../../audit/audit-actions';
import { type AuditEntry, appendAudit } from '../../audit/audit-log';
import { CloudErrorCode } from '../../errors';
import { SlackAppPath } from '../paths';
import type { RejectionAudit } from '../rejection-audit';
import type { SlackEventProcessor } from './event-processor';
import { installationsFor, recordSignedRequest } from './event-store';
import { eventTarget } from './interpret-event';
import { SignatureRejection, verifySlackSignature } from './verify-signature';

export interface EventsRouteOptions {
  processor: SlackEventProcessor;
  rejections: RejectionAudit;
}

/** Slack's Events API payloads are small; this bounds what an unauthenticated sender can make us hash. */
const EVENTS_BODY_LIMIT_BYTES = 256 * 1024;

/**
 * `POST /slack/events`, in its own encapsulated plugin so the raw-body parser
 * below applies to this route only: the signature covers the exact bytes
 * received, which a parse-and-reserialise would not reproduce.
 *
 * Verify → store (signature + event, one transaction) → 200 → process. The
 * ack waits for one small insert, far inside Slack's 3 s; the work runs after.
 */
export async function slackEventsRoute(app: FastifyInstance, options: EventsRouteOptions): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  app.post(
    SlackAppPath.events,
    {
      bodyLimit: EVENTS_BODY_LIMIT_BYTES,
      schema: {
        tags: ['slack-app'],
        summary: 'Slack Events API request URL (signed by Slack with SLACK_SIGNING_SECRET)',
        security: [],
      },
    },
    async (request, reply) => handle(app, options, request, reply),
  );
}

function refuse(reply: FastifyReply, reason: string) {
  return reply
    .code(401)
    .send({ error: { code: CloudErrorCode.unauthorized, message: `Slack request refused: ${reason}` } });
}

async function handle(
  app: FastifyInstance,
  { processor, rejections }: EventsRouteOptions,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const { config, clock, db } = app.ctx;
  const signingSecret = config.slackSigningSecret;
  if (signingSecret === null) {
    return reply.code(503).send({
      error: {
        code: CloudErrorCode.config,
        message: 'SLACK_SIGNING_SECRET is not set on this server, so Slack events cannot be verified',
      },
    });
  }
  const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const nowMs = clock.now();
  const retry = retryInfo(request);
  const verdict = verifySlackSignature({
    signingSecret,
    rawBody,
    timestampHeader: request.headers['x-slack-request-timestamp'],
    signatureHeader: request.headers['x-slack-signature'],
    nowMs,
  });
  // Only an authentic body may name the tenant whose chain records the refusal.
  const payload = verdict.ok || verdict.authentic ? parseObject(rawBody) : null;

  // Refusals go through the budget even when authentic: a captured request can be replayed at will.
  const auditRefusal = async (reason: string) => {
    const details = { reason, ip: request.ip, ...retry };
    const tenants = payload ? await installationsFor(db, eventTarget(payload)) : [];
    for (const tenantId of tenants.length > 0 ? tenants.map((t) => t.tenantId) : [null]) {
      await rejections.record({
        tenantId,
        actor: 'slack-events',
        action: AuditAction.slackEventRejected,
        details,
      });
    }
  };

  if (!verdict.ok) {
    await auditRefusal(verdict.reason);
    return refuse(reply, verdict.reason);
  }
  if (payload === null) {
    return reply.code(400).send({
      error: { code: CloudErrorCode.badRequest, message: 'Slack request body is not a JSON object' },
    });
  }
  const now = new Date(nowMs);
  const type = typeof payload.type === 'string' ? payload.type : '';
  const eventId = typeof payload.event_id === 'string' ? payload.event_id : '';
  const isEvent = type === 'event_callback' && eventId !== '';
  const inner = (payload.event ?? {}) as { type?: unknown };
  const outcome = await recordSignedRequest(db, {
    signature: verdict.signature,
    timestampSec: verdict.timestampSec,
    now,
    ...(isEvent
      ? {
          event: {
            eventId,
            teamId: eventTarget(payload).teamId,
            eventType: typeof inner.type === 'string' ? inner.type : '',
            payload,
          },
        }
      : {}),
  });
  if (outcome === 'replayed') {
    await auditRefusal(SignatureRejection.replayed);
    return refuse(reply, SignatureRejection.replayed);
  }

  switch (type) {
    case 'url_verification': {
      await auditNow(
        app,
        [
          {
            tenantId: null,
            actor: 'slack-events',
            action: AuditAction.slackUrlVerified,
            details: { ip: request.ip },
          },
        ],
        nowMs,
      );
      return reply.code(200).send({ challenge: String(payload.challenge ?? '') });
    }
    case 'event_callback': {
      if (!isEvent) {
        return reply.code(400).send({
          error: { code: CloudErrorCode.badRequest, message: 'event_callback without an event_id' },
        });
      }
      if (outcome === 'duplicate') {
        const tenants = await installationsFor(db, eventTarget(payload));
        const details = { slackEventId: eventId, type: inner.type ?? null, ...retry };
        await auditNow(
          app,
          (tenants.length > 0 ? tenants.map((t) => t.tenantId) : [null]).map((tenantId) => ({
            tenantId,
            actor: 'slack-events',
            action: AuditAction.slackEventDuplicate,
            details,
          })),
          nowMs,
        );
      } else {
        processor.schedule(eventId);
      }
      return reply.code(200).send({ ok: true });
    }
    case 'app_rate_limited': {
      // Slack is dropping our events for this workspace (more than 30,000 in an hour).
      const tenants = await installationsFor(db, eventTarget(payload));
      const details = { minuteRateLimited: payload.minute_rate_limited ?? null };
      await auditNow(
        app,
        (tenants.length > 0 ? tenants.map((t) => t.tenantId) : [null]).map((tenantId) => ({
          tenantId,
          actor: 'slack-events',
          action: AuditAction.slackEventsRateLimited,
          details,
        })),
        nowMs,
      );
      return reply.code(200).send({ ok: true });
    }
    default:
      return reply.code(200).send({ ok: true });
  }
}

function auditNow(app: FastifyInstance, entries: AuditEntry[], nowMs: number): Promise<void> {
  return app.ctx.db.transaction((tx) => appendAudit(tx, entries, new Date(nowMs)));
}

function retryInfo(request: FastifyRequest): { retryNum?: number; retryReason?: string } {
  const num = request.headers['x-slack-retry-num'];
  const reason = request.headers['x-slack-retry-reason'];
  return {
    ...(typeof num === 'string' && /^\d{1,2}$/.test(num) ? { retryNum: Number(num) } : {}),
    ...(typeof reason === 'string' && reason !== '' ? { retryReason: reason.slice(0, 50) } : {}),
  };
}

function parseObject(raw: Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
