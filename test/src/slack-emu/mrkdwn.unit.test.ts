import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectReferences,
  renderMrkdwn,
  type SlackEmulator,
  startSlackEmulator,
  tokenizeMrkdwn,
} from './index';
import { sdkClient } from './test-support';

describe('mention and link parsing', () => {
  it('finds broadcast pings, user and group mentions, channel references and links', () => {
    const refs = collectReferences(
      'Heads up <!channel> and <!here|here>: <@U0123ABCDEF> approved, see <#C0123ABCDEF|ap-invoices>, <!subteam^S0123|@ap-team> and <https://erp.example/inv?id=1&amp;x=2|INV-1>',
      undefined,
    );
    expect(refs.mentions).toEqual([
      { kind: 'channel' },
      { kind: 'here' },
      { kind: 'user', id: 'U0123ABCDEF' },
      { kind: 'usergroup', id: 'S0123' },
    ]);
    expect(refs.channelRefs).toEqual(['C0123ABCDEF']);
    expect(refs.links).toEqual([{ url: 'https://erp.example/inv?id=1&x=2', label: 'INV-1', auto: false }]);
  });

  it('treats escaped user text as text: &lt;!channel&gt; pings no one and links nothing', () => {
    const vendorName = '&lt;!channel&gt; &lt;@U0123ABCDEF&gt; &lt;javascript:alert(1)|click&gt; &amp;co';
    const refs = collectReferences(`Vendor ${vendorName} changed`, [
      { type: 'section', text: { type: 'mrkdwn', text: `*Vendor:* ${vendorName}` } },
    ]);
    expect(refs).toEqual({ mentions: [], links: [], channelRefs: [] });
    expect(tokenizeMrkdwn(vendorName)).toEqual([
      { type: 'text', text: '<!channel> <@U0123ABCDEF> <javascript:alert(1)|click> &co' },
    ]);
  });

  it('parses mrkdwn inside blocks (section text, fields, context) but never plain_text control sequences', () => {
    const refs = collectReferences('fallback', [
      { type: 'section', fields: [{ type: 'mrkdwn', text: '<@U1111111111>' }] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '<!everyone>' }] },
      { type: 'header', text: { type: 'plain_text', text: '<!channel> https://plain.example/x.' } },
    ]);
    expect(refs.mentions).toEqual([{ kind: 'user', id: 'U1111111111' }, { kind: 'everyone' }]);
    // Clients still auto-link a bare URL in plain text (without the trailing period).
    expect(refs.links).toEqual([{ url: 'https://plain.example/x', auto: true }]);
  });

  it('reads rich_text elements', () => {
    const refs = collectReferences('', [
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'broadcast', range: 'here' },
              { type: 'user', user_id: 'U2222222222' },
              { type: 'link', url: 'https://x.example', text: 'x' },
            ],
          },
        ],
      },
    ]);
    expect(refs.mentions).toEqual([{ kind: 'here' }, { kind: 'user', id: 'U2222222222' }]);
    expect(refs.links).toEqual([{ url: 'https://x.example', label: 'x', auto: false }]);
  });

  it('turns bare @channel into a ping only with link_names', () => {
    expect(collectReferences('ping @channel now', undefined).mentions).toEqual([]);
    expect(collectReferences('ping @channel now', undefined, { linkNames: true }).mentions).toEqual([
      { kind: 'channel' },
    ]);
  });
});

describe('rendering mrkdwn to HTML', () => {
  it('formats bold, italic, strike, code, quotes and links', () => {
    expect(renderMrkdwn('*bold* _it_ ~gone~ `x*y*`')).toBe(
      '<strong>bold</strong> <em>it</em> <del>gone</del> <code>x*y*</code>',
    );
    expect(renderMrkdwn('&gt; quoted\nnext')).toBe('<blockquote>quoted</blockquote>next');
    expect(renderMrkdwn('see *<https://erp.example/a?b=1&amp;c=2|INV &amp; PO>*')).toBe(
      'see <strong><a href="https://erp.example/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer nofollow">INV &amp; PO</a></strong>',
    );
  });

  it('escapes everything a user could type; only our own tags survive', () => {
    const html = renderMrkdwn(
      '&lt;script&gt;alert(1)&lt;/script&gt; <javascript:alert(1)|click me> "quoted" \ue000 <img src=x onerror=alert(1)>',
    );
    expect(html).not.toMatch(/<script|<img|href="javascript|onerror=alert\(1\)>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('click me');
    expect(html).toContain('&quot;quoted&quot;');
    expect(html).toContain('\ufffd');
  });

  it('shows mentions by name when it can', () => {
    const names = {
      user: (id: string) => (id === 'U1' ? 'gp-relay' : undefined),
      channel: () => 'ap-invoices',
    };
    expect(renderMrkdwn('<@U1> <#C1> <!here>', names)).toBe(
      '<span class="mention">@gp-relay</span> <span class="chan-ref">#ap-invoices</span> <span class="mention ping">@here</span>',
    );
  });
});

describe('recorded messages carry mentions and links', () => {
  let emu: SlackEmulator;
  beforeAll(async () => {
    emu = await startSlackEmulator();
  });
  afterAll(async () => {
    await emu.close();
  });

  it('records the pings of a posted message and none for escaped text', async () => {
    const ws = emu.createWorkspace({ channels: ['ap-invoices'] });
    const client = sdkClient(emu.apiUrl, ws.botToken);
    const channel = ws.channels[0]!.id;
    await client.chat.postMessage({ channel, text: 'Vendor &lt;!channel&gt; updated' });
    await client.chat.postMessage({ channel, text: '<!here> invoice <https://erp.example/1|INV-1> on hold' });
    const [escaped, pinging] = emu.messages({ channel });
    expect(escaped).toMatchObject({ mentions: [], links: [] });
    expect(pinging).toMatchObject({
      mentions: [{ kind: 'here' }],
      links: [{ url: 'https://erp.example/1', label: 'INV-1', auto: false }],
    });
  });
});
