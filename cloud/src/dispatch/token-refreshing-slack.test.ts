import { describe, expect, it } from 'vitest';
import { FakeSlack, platformError } from '../testing/fake-slack';
import { tokenRefreshingSlack } from './token-refreshing-slack';

const message = { text: 'x', blocks: [], metadata: { event_type: 'e', event_payload: {} } };

describe('tokenRefreshingSlack', () => {
  it('gets a refreshed token once when Slack says token_expired, and repeats the call', async () => {
    const slack = new FakeSlack();
    slack.validTokens.add('xoxe.xoxb-new');
    slack.failNext(platformError('token_expired'));
    const asked: Array<string | undefined> = [];
    const api = tokenRefreshingSlack(
      slack.factory,
      {
        getBotToken: async (_tenant, options) => {
          asked.push(options?.expiredToken);
          return { token: 'xoxe.xoxb-new' };
        },
      },
      'tnt_a',
      'xoxe.xoxb-old',
    );
    await expect(api.postMessage('C1', message)).resolves.toMatchObject({ channel: 'C1' });
    expect(asked).toEqual(['xoxe.xoxb-old']);
    expect(slack.posted).toHaveLength(1);
  });

  it('passes the error on when no fresh token can be had', async () => {
    const slack = new FakeSlack();
    slack.failNext(platformError('token_expired'));
    const api = tokenRefreshingSlack(
      slack.factory,
      { getBotToken: async () => null },
      'tnt_a',
      'xoxe.xoxb-old',
    );
    await expect(api.postMessage('C1', message)).rejects.toMatchObject({ data: { error: 'token_expired' } });
  });

  it('does not refresh on other errors', async () => {
    const slack = new FakeSlack();
    slack.failNext(platformError('channel_not_found'));
    let asked = 0;
    const api = tokenRefreshingSlack(
      slack.factory,
      {
        getBotToken: async () => {
          asked += 1;
          return { token: 't' };
        },
      },
      'tnt_a',
      'xoxb-x',
    );
    await expect(api.postMessage('C1', message)).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
    expect(asked).toBe(0);
  });
});
