import { describe, expect, it } from 'vitest';
import { eventTarget, interpretEvent } from './interpret-event';

const BOT = 'U0BOT';

describe('interpretEvent', () => {
  it.each([
    [{ type: 'app_uninstalled' }, { kind: 'app-uninstalled' }],
    [{ type: 'tokens_revoked', tokens: { bot: [BOT] } }, { kind: 'tokens-revoked' }],
    [
      { type: 'channel_archive', channel: 'C1', user: 'U1' },
      { kind: 'channel', channelId: 'C1', change: 'archived', status: 'archived' },
    ],
    [
      { type: 'group_archive', channel: 'G1' },
      { kind: 'channel', channelId: 'G1', change: 'archived', status: 'archived' },
    ],
    [
      { type: 'channel_unarchive', channel: 'C1' },
      { kind: 'channel', channelId: 'C1', change: 'unarchived', status: 'ok' },
    ],
    [
      { type: 'group_unarchive', channel: 'G1' },
      { kind: 'channel', channelId: 'G1', change: 'unarchived', status: 'ok' },
    ],
    [
      { type: 'channel_deleted', channel: 'C1' },
      { kind: 'channel', channelId: 'C1', change: 'deleted', status: 'deleted' },
    ],
    [
      { type: 'group_deleted', channel: 'G1' },
      { kind: 'channel', channelId: 'G1', change: 'deleted', status: 'deleted' },
    ],
    [
      { type: 'channel_rename', channel: { id: 'C1', name: 'ap-invoices-2026', created: 1 } },
      { kind: 'channel', channelId: 'C1', change: 'renamed', name: 'ap-invoices-2026' },
    ],
    [
      { type: 'group_rename', channel: { id: 'G1', name: 'secret-ap', created: 1 } },
      { kind: 'channel', channelId: 'G1', change: 'renamed', name: 'secret-ap' },
    ],
    [
      { type: 'group_left', channel: 'G1' },
      { kind: 'channel', channelId: 'G1', change: 'bot_removed', status: 'bot_removed' },
    ],
    [
      { type: 'channel_left', channel: 'C1' },
      { kind: 'channel', channelId: 'C1', change: 'bot_removed', status: 'bot_removed' },
    ],
    [
      { type: 'member_left_channel', user: BOT, channel: 'G1', channel_type: 'G' },
      { kind: 'channel', channelId: 'G1', change: 'bot_removed', status: 'bot_removed' },
    ],
    [
      { type: 'member_joined_channel', user: BOT, channel: 'G1', channel_type: 'G', inviter: 'U1' },
      { kind: 'channel', channelId: 'G1', change: 'bot_joined', status: 'ok' },
    ],
  ])('%j → %j', (event, effect) => {
    expect(interpretEvent(event, BOT)).toEqual(effect);
  });

  it('ignores, quietly, people joining or leaving channels the bot is in', () => {
    expect(interpretEvent({ type: 'member_joined_channel', user: 'U2', channel: 'C1' }, BOT)).toMatchObject({
      kind: 'ignored',
      quiet: true,
    });
  });

  it('ignores revoked user tokens (we hold none) and unknown or malformed events, audibly', () => {
    expect(interpretEvent({ type: 'tokens_revoked', tokens: { oauth: ['U7'] } }, BOT)).toMatchObject({
      kind: 'ignored',
      quiet: false,
    });
    expect(interpretEvent({ type: 'reaction_added' }, BOT)).toMatchObject({ kind: 'ignored', quiet: false });
    expect(interpretEvent({ type: 'channel_archive' }, BOT)).toMatchObject({ kind: 'ignored', quiet: false });
    expect(interpretEvent({ type: 'channel_rename', channel: 'C1' }, BOT)).toMatchObject({ kind: 'ignored' });
  });
});

describe('eventTarget', () => {
  it('reads the workspace and org from the envelope, or from its authorizations', () => {
    expect(eventTarget({ team_id: 'T1', enterprise_id: 'E1' })).toEqual({ teamId: 'T1', enterpriseId: 'E1' });
    expect(eventTarget({ authorizations: [{ team_id: 'T2', enterprise_id: null }] })).toEqual({
      teamId: 'T2',
      enterpriseId: null,
    });
    expect(eventTarget({})).toEqual({ teamId: null, enterpriseId: null });
  });
});
