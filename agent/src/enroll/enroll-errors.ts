import { AgentError, AgentErrorCode } from '../errors';

/** Error codes the cloud's enroll endpoint answers with (4xx `{ error: { code, message } }`). */
export const CloudEnrollErrorCode = {
  codeInvalid: 'CLOUD_ENROLL_CODE_INVALID',
  codeExpired: 'CLOUD_ENROLL_CODE_EXPIRED',
  codeUsed: 'CLOUD_ENROLL_CODE_USED',
  badRequest: 'CLOUD_BAD_REQUEST',
} as const;

const OPERATOR_MESSAGES: Record<string, string> = {
  [CloudEnrollErrorCode.codeInvalid]:
    'the enrollment code was not recognised: check it for typos, or ask for a new code in the console',
  [CloudEnrollErrorCode.codeExpired]:
    'the enrollment code has expired (codes are valid for at most one hour): ask for a new code in the console',
  [CloudEnrollErrorCode.codeUsed]:
    'the enrollment code was already used (each code enrolls one agent): ask for a new code in the console',
};

/**
 * Turns the cloud's error answer into a message an IT admin can act on. The
 * cloud's own message is quoted only for codes we have no text for; the
 * enrollment code itself is never repeated.
 */
export function enrollRejected(
  cloudUrl: string,
  httpStatus: number,
  body: { code?: string; message?: string } | null,
): AgentError {
  const code = body?.code;
  const cloudMessage = body?.message ? `: ${body.message.slice(0, 300)}` : '';
  if (code && OPERATOR_MESSAGES[code]) {
    return new AgentError(AgentErrorCode.enroll, `enrollment failed: ${OPERATOR_MESSAGES[code]} (${code})`);
  }
  if (code === CloudEnrollErrorCode.badRequest) {
    return new AgentError(
      AgentErrorCode.enroll,
      `enrollment failed: the cloud at ${cloudUrl} refused the request${cloudMessage} (${code}); ` +
        'check the enrollment code as typed; if it is right, the agent and cloud versions may not match',
    );
  }
  if (httpStatus >= 500) {
    return new AgentError(
      AgentErrorCode.enroll,
      `enrollment failed: the cloud at ${cloudUrl} had a problem (HTTP ${httpStatus}); try again in a few minutes`,
      { retryable: true },
    );
  }
  const what = code ? `${code}${cloudMessage}` : `HTTP ${httpStatus}`;
  return new AgentError(
    AgentErrorCode.enroll,
    `enrollment failed: the cloud at ${cloudUrl} answered ${what}`,
  );
}
