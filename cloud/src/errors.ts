/** Stable error codes of the cloud. Match on `code`, never on message text. */
export const CloudErrorCode = {
  config: 'CLOUD_CONFIG_INVALID',
  badRequest: 'CLOUD_BAD_REQUEST',
  unauthorized: 'CLOUD_UNAUTHORIZED',
  notFound: 'CLOUD_NOT_FOUND',
  conflict: 'CLOUD_CONFLICT',
  enrollCodeInvalid: 'CLOUD_ENROLL_CODE_INVALID',
  enrollCodeExpired: 'CLOUD_ENROLL_CODE_EXPIRED',
  enrollCodeUsed: 'CLOUD_ENROLL_CODE_USED',
  slackTokenRejected: 'CLOUD_SLACK_TOKEN_REJECTED',
  slackUnavailable: 'CLOUD_SLACK_UNAVAILABLE',
  crypto: 'CLOUD_CRYPTO',
  internal: 'CLOUD_INTERNAL',
} as const;
export type CloudErrorCode = (typeof CloudErrorCode)[keyof typeof CloudErrorCode];

const HTTP_STATUS: Partial<Record<CloudErrorCode, number>> = {
  CLOUD_BAD_REQUEST: 400,
  CLOUD_UNAUTHORIZED: 401,
  CLOUD_NOT_FOUND: 404,
  CLOUD_CONFLICT: 409,
  CLOUD_ENROLL_CODE_INVALID: 401,
  CLOUD_ENROLL_CODE_EXPIRED: 410,
  CLOUD_ENROLL_CODE_USED: 410,
  CLOUD_SLACK_TOKEN_REJECTED: 422,
  CLOUD_SLACK_UNAVAILABLE: 502,
};

/** Base error of the cloud: a stable code, a message safe to show the caller, and the cause. */
export class CloudError extends Error {
  readonly code: CloudErrorCode;

  constructor(code: CloudErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'CloudError';
    this.code = code;
  }

  /** HTTP status for API answers; anything unmapped is a 500 whose body hides the details. */
  get httpStatus(): number {
    return HTTP_STATUS[this.code] ?? 500;
  }
}

export function isCloudError(error: unknown): error is CloudError {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('CLOUD_');
}

/** The body of every API error: `{ error: { code, message } }`. */
export interface ErrorBody {
  error: { code: string; message: string };
}
