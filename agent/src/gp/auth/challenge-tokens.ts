/** The base64 token after `scheme` in WWW-Authenticate values, if any (`Negotiate oYG...`). */
export function challengeToken(challenges: readonly string[], scheme: string): string | null {
  for (const challenge of challenges) {
    const match = /^\s*(\S+)(?:\s+([A-Za-z0-9+/=_-]+))?\s*$/.exec(challenge);
    if (match && match[1]!.toLowerCase() === scheme.toLowerCase() && match[2]) return match[2];
  }
  return null;
}

/** True when the server offers `scheme` (with or without a token). */
export function offers(challenges: readonly string[], scheme: string): boolean {
  return challenges.some(
    (challenge) => challenge.trim().split(/\s+/)[0]?.toLowerCase() === scheme.toLowerCase(),
  );
}
