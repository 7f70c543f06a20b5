import { describe, expect, it } from 'vitest';
import { type RateLimitFacts, rateLimitScope } from './rate-limit-scope';

const now = new Date('2026-11-25T10:00:00.000Z');
const later = new Date(now.getTime() + 5000);
const facts = (overrides: Partial<RateLimitFacts>): RateLimitFacts => ({
  method: 'chat.postMessage',
  error: 'ratelimited',
  channelId: 'C1',
  channelLimit: null,
  now,
  ...overrides,
});

describe('rateLimitScope', () => {
  it.each([
    ['chat.postMessage', 'channel', 'per-channel method'],
    ['chat.update', 'workspace', 'per-workspace method'],
    ['conversations.history', 'workspace', 'per-workspace method'],
    ['conversations.replies', 'workspace', 'per-workspace method'],
    ['conversations.join', 'workspace', 'per-workspace method'],
    ['chat.getPermalink', 'workspace', 'per-workspace method'],
    ['auth.test', 'workspace', 'per-workspace method'],
    [undefined, 'workspace', 'unknown method'],
  ])('a 429 from %s pauses the %s', (method, scope, reason) => {
    expect(rateLimitScope(facts({ method }))).toEqual({ scope, reason });
  });

  it.each([
    ['rate_limited', 'workspace'],
    ['message_limit_exceeded', 'workspace'],
    ['ratelimited', 'channel'],
  ])('chat.postMessage refused with %s pauses the %s', (error, scope) => {
    expect(rateLimitScope(facts({ error })).scope).toBe(scope);
  });

  it.each([
    ['another channel still waiting', { channelId: 'C2', until: later }, 'workspace'],
    ['the same channel still waiting', { channelId: 'C1', until: later }, 'channel'],
    ['another channel whose wait is over', { channelId: 'C2', until: now }, 'channel'],
    ['no other channel limited', null, 'channel'],
  ] as const)('chat.postMessage with %s pauses the %s', (_, channelLimit, scope) => {
    expect(rateLimitScope(facts({ channelLimit })).scope).toBe(scope);
  });

  it('names a second limited channel as the reason for pausing the workspace', () => {
    expect(rateLimitScope(facts({ channelLimit: { channelId: 'C2', until: later } })).reason).toBe(
      'second channel limited',
    );
  });
});
