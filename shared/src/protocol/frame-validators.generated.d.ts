// Written by hand: the types of frame-validators.generated.js, which is generated (and too large for
// the type checker to read usefully). One ajv validate function per frame type: a new frame type is
// added here too (parse-frame.ts's Record<FrameType, ...> fails to compile until it is).
type FrameValidator = {
  (value: unknown): boolean;
  errors?: Array<{ instancePath: string; message?: string }> | null;
};
export declare const hello: FrameValidator;
export declare const welcome: FrameValidator;
export declare const deltas: FrameValidator;
export declare const ack: FrameValidator;
export declare const status: FrameValidator;
export declare const alert: FrameValidator;
export declare const command: FrameValidator;
export declare const error: FrameValidator;
