import { describe, expect, it } from 'vitest';
import { FakeSlack, rateLimitedError } from '../testing/fake-slack';
import { namingMethods, slackMethodOf } from './slack-method';
import { classifySlackError } from './slack-outcome';

describe('namingMethods', () => {
  it('puts the Web API method on a failure, and the classified 429 carries it', async () => {
    const slack = new FakeSlack();
    slack.failNext(rateLimitedError(7), { method: 'chat.update' });
    const api = namingMethods(slack.factory('xoxb-test-token'));
    const error = await api.updateMessage('C1', '1.000001', { text: 'x', blocks: [] }).catch((e) => e);
    expect(slackMethodOf(error)).toBe('chat.update');
    expect(classifySlackError(error)).toEqual({
      kind: 'rate-limited',
      retryAfterMs: 7000,
      error: 'ratelimited',
      method: 'chat.update',
    });
  });

  it('keeps the innermost name when wrapped twice, and passes results through', async () => {
    const slack = new FakeSlack();
    slack.failNext(rateLimitedError(1), { method: 'conversations.history' });
    const api = namingMethods(namingMethods(slack.factory('xoxb-test-token')));
    const error = await api.history('C1', '0').catch((e) => e);
    expect(slackMethodOf(error)).toBe('conversations.history');
    await expect(api.history('C1', '0')).resolves.toEqual([]);
  });

  it('leaves a 429 without a method unnamed', () => {
    expect(classifySlackError(rateLimitedError(2))).not.toHaveProperty('method');
  });
});
