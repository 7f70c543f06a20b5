// The frame vocabulary of protocol v1, apart from the TypeBox schemas in frames.ts, so the agent
// uses it at run time without loading TypeBox (see parse-frame.ts, frame-validators-codegen.ts).

/** Frame type tags, the one field every frame has. */
export const FrameType = {
  hello: 'hello',
  welcome: 'welcome',
  deltas: 'deltas',
  ack: 'ack',
  status: 'status',
  alert: 'alert',
  command: 'command',
  error: 'error',
} as const;
export type FrameType = (typeof FrameType)[keyof typeof FrameType];

/** Frames each side may send; a receiver rejects the other direction's frames. */
export const AGENT_TO_CLOUD = [
  'hello',
  'deltas',
  'status',
  'alert',
  'error',
] as const satisfies readonly FrameType[];
export const CLOUD_TO_AGENT = ['welcome', 'ack', 'command', 'error'] as const satisfies readonly FrameType[];

export const CommandName = { pollNow: 'poll-now', reloadConfig: 'reload-config' } as const;
export type CommandName = (typeof CommandName)[keyof typeof CommandName];

/** Most deltas one `deltas` frame may carry. */
export const MAX_DELTAS_PER_FRAME = 500;
