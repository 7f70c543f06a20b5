import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator, type WorkspaceInfo } from './index';
import { jsonOf, ManualClock, sdkClient } from './test-support';

let emu: SlackEmulator;
let ws: WorkspaceInfo;

beforeEach(async () => {
  emu = await startSlackEmulator({ clock: new ManualClock() });
  ws = emu.createWorkspace({
    name: 'Contoso <Finance>',
    channels: ['ap-invoices', { name: 'audit', isPrivate: true }],
  });
});
afterEach(async () => {
  await emu.close();
});

const view = (since = -1) => jsonOf(fetch(`${emu.origin}/_emu/view?since=${since}`));

describe('the live page', () => {
  it('serves a self-contained page that polls the view endpoint, under a strict CSP', async () => {
    const res = await fetch(emu.pageUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('/_emu/view?since=');
    expect(html).toContain(emu.apiUrl);
    // A syntax error would leave the demo page dead; compile the inline script to be sure.
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1];
    expect(script).toBeTruthy();
    expect(() => new Function(script!)).not.toThrow();
  });

  it('renders blocks, threads, edits and metadata as escaped HTML, newest last', async () => {
    const client = sdkClient(emu.apiUrl, ws.botToken);
    const channel = ws.channels[0]!.id;
    const parent = await client.chat.postMessage({
      channel,
      text: 'Invoice INV-1',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Invoice <INV-1>' } },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*Vendor:* &lt;script&gt;alert(1)&lt;/script&gt; <https://erp.example/1|open>',
          },
          fields: [
            { type: 'mrkdwn', text: '*Amount*\n$1,200.00' },
            { type: 'mrkdwn', text: '*Due*\n2026-02-01' },
          ],
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Company `TWO`' }] },
      ],
      metadata: { event_type: 'gp_invoice', event_payload: { event_id: 'ev-1' } },
    });
    await client.chat.postMessage({ channel, text: 'approved by _Dana_', thread_ts: parent.ts! });
    await client.chat.update({ channel, ts: parent.ts!, text: 'Invoice INV-1 (paid)' });
    await client.chat.postMessage({ channel, text: 'second top-level message' });

    const v = await view();
    const html: string = v.html;
    expect(html).toContain('Contoso &lt;Finance&gt;');
    expect(html).toContain('Invoice &lt;INV-1&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<strong>Vendor:</strong>');
    expect(html).toContain('<a href="https://erp.example/1"');
    expect(html).toContain('<div class="b-fields">');
    expect(html).toContain('<code>TWO</code>');
    expect(html).toContain('(edited)');
    expect(html).toContain('gp_invoice');
    expect(html).toMatch(/<div class="thread">.*approved by <em>Dana<\/em>/s);
    expect(html.indexOf('Invoice &lt;INV-1&gt;')).toBeLessThan(html.indexOf('second top-level message'));
    expect(html).toContain(`id="m-${channel}-${parent.ts!.replace('.', '')}"`);
    expect(v.stats).toBe('3 messages · 1 edits · 0 × 429 · 4 API calls');
  });

  it('answers a poll without HTML when nothing changed', async () => {
    const first = await view();
    expect((await view(first.version)).html).toBeUndefined();
    emu.archiveChannel(ws.channels[0]!.id);
    const next = await view(first.version);
    expect(next.version).toBeGreaterThan(first.version);
    expect(next.html).toContain('archived');
  });

  it('serves recorded messages as JSON for machines', async () => {
    await sdkClient(emu.apiUrl, ws.botToken).chat.postMessage({
      channel: ws.channels[0]!.id,
      text: '<!here> hi',
    });
    const body = await jsonOf(fetch(`${emu.origin}/_emu/messages?channel=ap-invoices`));
    expect(body.messages).toHaveLength(1);
    expect(body.messages[0]).toMatchObject({ text: '<!here> hi', mentions: [{ kind: 'here' }] });
  });
});
