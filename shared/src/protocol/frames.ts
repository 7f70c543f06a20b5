import type { Static } from 'typebox';
import * as Type from 'typebox';
import { DeltaSchema } from '../domain/delta';
import { DOC_TYPES } from '../domain/doc-types';
import { CommandName, FrameType, MAX_DELTAS_PER_FRAME } from './frame-types';

const strict = { additionalProperties: false } as const;
const Iso = Type.String({ format: 'date-time' });
const Id = (maxLength = 100) => Type.String({ minLength: 1, maxLength });
const Count = Type.Integer({ minimum: 0 });
const DocTypeSchema = Type.Enum(DOC_TYPES);

/** Agent → cloud, first frame on every connection. */
export const HelloFrame = Type.Object(
  {
    type: Type.Literal(FrameType.hello),
    protocolVersion: Type.Integer({ minimum: 1 }),
    agentVersion: Id(40),
    companies: Type.Array(Id(65), { maxItems: 100 }),
    capabilities: Type.Array(Id(40), { maxItems: 50 }),
  },
  strict,
);

/** Cloud → agent, answer to hello: the effective configuration. */
export const WelcomeFrame = Type.Object(
  {
    type: Type.Literal(FrameType.welcome),
    protocolVersion: Type.Integer({ minimum: 1 }),
    agentId: Id(),
    tenantId: Id(),
    config: Type.Object(
      {
        pollIntervalMs: Type.Integer({ minimum: 1000, maximum: 3_600_000 }),
        docTypes: Type.Array(DocTypeSchema),
        heartbeatIntervalMs: Type.Integer({ minimum: 1000, maximum: 300_000 }),
      },
      strict,
    ),
  },
  strict,
);

/** Agent → cloud: a batch of changes; the cloud answers with one `ack` of the same batchId. */
export const DeltasFrame = Type.Object(
  {
    type: Type.Literal(FrameType.deltas),
    batchId: Id(64),
    items: Type.Array(DeltaSchema, { minItems: 1, maxItems: MAX_DELTAS_PER_FRAME }),
  },
  strict,
);

/** Cloud → agent: the batch is durably stored; the agent may drop it from its outbox. */
export const AckFrame = Type.Object(
  { type: Type.Literal(FrameType.ack), batchId: Id(64), accepted: Count, duplicates: Count },
  strict,
);

export const SourceStatusSchema = Type.Object(
  {
    company: Id(65),
    docType: DocTypeSchema,
    lastSuccessAt: Type.Union([Iso, Type.Null()]),
    lastError: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
    cursorLagMs: Type.Union([Count, Type.Null()]),
  },
  strict,
);

/** Agent → cloud, periodically: health of each source and of the outbox. */
export const StatusFrame = Type.Object(
  {
    type: Type.Literal(FrameType.status),
    sources: Type.Array(SourceStatusSchema, { maxItems: 400 }),
    outboxDepth: Count,
    oldestOutboxAgeMs: Type.Union([Count, Type.Null()]),
    /** Outbox rows dropped over a size or age bound since the agent started using its store. */
    outboxDropped: Count,
  },
  strict,
);

/** Agent → cloud: something an operator must see (e.g. `gp.auth_failed`). Never carries secrets. */
export const AlertFrame = Type.Object(
  {
    type: Type.Literal(FrameType.alert),
    code: Type.String({ pattern: '^[a-z][a-z0-9_.]{1,63}$' }),
    message: Type.String({ minLength: 1, maxLength: 1000 }),
    details: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 500 }), Type.Number()])),
    ),
  },
  strict,
);

/** Cloud → agent: an operator asked for something. */
export const CommandFrame = Type.Object(
  {
    type: Type.Literal(FrameType.command),
    command: Type.Enum(Object.values(CommandName)),
  },
  strict,
);

/** Either direction: the peer's last frame (or the connection) has a problem. */
export const ErrorFrame = Type.Object(
  {
    type: Type.Literal(FrameType.error),
    code: Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,63}$' }),
    message: Type.String({ maxLength: 1000 }),
    retryable: Type.Boolean(),
  },
  strict,
);

export const FRAME_SCHEMAS = {
  hello: HelloFrame,
  welcome: WelcomeFrame,
  deltas: DeltasFrame,
  ack: AckFrame,
  status: StatusFrame,
  alert: AlertFrame,
  command: CommandFrame,
  error: ErrorFrame,
} as const satisfies Record<FrameType, unknown>;

export const FrameSchema = Type.Union([
  HelloFrame,
  WelcomeFrame,
  DeltasFrame,
  AckFrame,
  StatusFrame,
  AlertFrame,
  CommandFrame,
  ErrorFrame,
]);

export type HelloFrame = Static<typeof HelloFrame>;
export type WelcomeFrame = Static<typeof WelcomeFrame>;
export type DeltasFrame = Static<typeof DeltasFrame>;
export type AckFrame = Static<typeof AckFrame>;
export type StatusFrame = Static<typeof StatusFrame>;
export type SourceStatus = Static<typeof SourceStatusSchema>;
export type AlertFrame = Static<typeof AlertFrame>;
export type CommandFrame = Static<typeof CommandFrame>;
export type ErrorFrame = Static<typeof ErrorFrame>;
export type Frame = Static<typeof FrameSchema>;
