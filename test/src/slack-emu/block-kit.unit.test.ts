import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksTextChars, validateBlocks } from './block-kit';
import { type SlackEmulator, startSlackEmulator, type WorkspaceInfo } from './index';
import { sdkClient, sdkError } from './test-support';

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const plain = (text: string) => ({ type: 'plain_text', text });
const section = (text: string) => ({ type: 'section', text: mrkdwn(text) });

describe('validateBlocks', () => {
  it('accepts a realistic invoice message at the limits', () => {
    const blocks = [
      { type: 'header', text: plain('h'.repeat(150)) },
      { type: 'section', text: mrkdwn('s'.repeat(3000)), accessory: { type: 'button', text: plain('Open') } },
      { type: 'section', fields: Array.from({ length: 10 }, () => mrkdwn('f'.repeat(200))) },
      { type: 'context', elements: Array.from({ length: 10 }, (_, i) => (i % 2 ? plain('p') : mrkdwn('m'))) },
      { type: 'divider' },
    ];
    expect(validateBlocks(blocks)).toEqual([]);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(validateBlocks([section('€'.repeat(3000))])).toEqual([]);
    expect(validateBlocks([section('😀'.repeat(3000))])).toEqual([]);
  });

  it('counts the text of all blocks for the total-size check', () => {
    expect(blocksTextChars([section('abc'), { type: 'section', fields: [mrkdwn('de'), plain('f')] }])).toBe(
      6,
    );
  });
});

/** Each rule, end to end through the real SDK: HTTP 200, `invalid_blocks`, and Slack's explanation. */
describe('invalid_blocks through the SDK', () => {
  let emu: SlackEmulator;
  let ws: WorkspaceInfo;
  beforeAll(async () => {
    // A generous burst: this suite posts many (refused) messages to one channel.
    emu = await startSlackEmulator({ postBurst: 1000 });
    ws = emu.createWorkspace({ channels: ['ap-invoices'] });
  });
  afterAll(async () => {
    await emu.close();
  });

  const post = (blocks: unknown) =>
    sdkError(
      sdkClient(emu.apiUrl, ws.botToken).apiCall('chat.postMessage', {
        channel: ws.channels[0]!.id,
        text: 'fallback',
        blocks,
      }),
    );

  const cases: Array<[string, unknown, string]> = [
    [
      'more than 50 blocks',
      Array.from({ length: 51 }, () => ({ type: 'divider' })),
      'no more than 50 items allowed [json-pointer:/blocks]',
    ],
    [
      'section text over 3000',
      [section('x'.repeat(3001))],
      'must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ],
    [
      'empty section text',
      [section('')],
      'must be more than 0 characters [json-pointer:/blocks/0/text/text]',
    ],
    [
      'section without text or fields',
      [{ type: 'section' }],
      'must define either `text` or `fields` [json-pointer:/blocks/0/type]',
    ],
    [
      'more than 10 fields',
      [{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) }],
      'no more than 10 items allowed [json-pointer:/blocks/0/fields]',
    ],
    [
      'a field over 2000',
      [{ type: 'section', fields: [mrkdwn('ok'), mrkdwn('f'.repeat(2001))] }],
      'must be less than 2001 characters [json-pointer:/blocks/0/fields/1/text]',
    ],
    [
      'header over 150',
      [{ type: 'header', text: plain('h'.repeat(151)) }],
      'must be less than 151 characters [json-pointer:/blocks/0/text/text]',
    ],
    [
      'mrkdwn header',
      [{ type: 'header', text: mrkdwn('*h*') }],
      'must be a valid enum value [json-pointer:/blocks/0/text/type]',
    ],
    [
      'more than 10 context elements',
      [{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) }],
      'no more than 10 items allowed [json-pointer:/blocks/0/elements]',
    ],
    [
      'unknown block type',
      [{ type: 'sections', text: mrkdwn('x') }],
      'unsupported type: sections [json-pointer:/blocks/0/type]',
    ],
    [
      'text object without type',
      [{ type: 'section', text: { text: 'x' } }],
      'missing required field: type [json-pointer:/blocks/0/text]',
    ],
    [
      'text object without text',
      [{ type: 'section', text: { type: 'mrkdwn' } }],
      'missing required field: text [json-pointer:/blocks/0/text]',
    ],
    ['a block that is not an object', ['divider'], 'must provide an object [json-pointer:/blocks/0]'],
    [
      'duplicate block_id',
      [
        { type: 'divider', block_id: 'b1' },
        { type: 'divider', block_id: 'b1' },
      ],
      'duplicate block_id: b1 [json-pointer:/blocks/1/block_id]',
    ],
  ];

  it.each(cases)('refuses %s', async (_name, blocks, problem) => {
    const err = await post(blocks);
    expect(err.code).toBe('slack_webapi_platform_error');
    expect(err.data?.error).toBe('invalid_blocks');
    expect(err.data?.errors).toContain(problem);
    expect(err.data?.response_metadata).toMatchObject({
      messages: expect.arrayContaining([`[ERROR] ${problem}`]),
    });
  });

  it('reports the union failure before the cause for section text, as Slack does', async () => {
    const err = await post([section('x'.repeat(3001))]);
    expect(err.data?.errors).toEqual([
      'failed to match all allowed schemas [json-pointer:/blocks/0/text]',
      'must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
  });

  it('refuses blocks that are not a JSON array with invalid_blocks_format', async () => {
    expect((await post('{"type":"divider"}')).data?.error).toBe('invalid_blocks_format');
    expect((await post('[{"type": ')).data?.error).toBe('invalid_blocks_format');
  });

  it('refuses blocks that are each valid but too big together (msg_blocks_too_long)', async () => {
    const fiveBig = Array.from({ length: 5 }, () => section('x'.repeat(2500)));
    expect((await post(fiveBig)).data?.error).toBe('msg_blocks_too_long');
    const fourBig = fiveBig.slice(0, 4);
    await expect(
      sdkClient(emu.apiUrl, ws.botToken).chat.postMessage({
        channel: ws.channels[0]!.id,
        text: 'f',
        blocks: fourBig,
      }),
    ).resolves.toMatchObject({ ok: true });
  });

  it('applies the same rules to chat.update', async () => {
    const client = sdkClient(emu.apiUrl, ws.botToken);
    const channel = ws.channels[0]!.id;
    const posted = await client.chat.postMessage({ channel, text: 'x', blocks: [section('ok')] });
    const err = await sdkError(
      client.apiCall('chat.update', {
        channel,
        ts: posted.ts,
        text: 'x',
        blocks: [section('x'.repeat(3001))],
      }),
    );
    expect(err.data?.error).toBe('invalid_blocks');
    expect(emu.message(channel, posted.ts!)?.blocks).toEqual([section('ok')]);
  });

  it('records nothing for a refused message', () => {
    expect(emu.messages().filter((m) => m.text === 'fallback')).toEqual([]);
  });
});
