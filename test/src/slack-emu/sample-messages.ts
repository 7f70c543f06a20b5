import { WebClient } from '@slack/web-api';
import type { WorkspaceInfo } from './types';

/**
 * A few realistic messages, posted through the real Web API path (so they are validated, rate
 * limited and recorded like any other), for looking at the page without running the whole demo.
 */
export async function postSampleMessages(apiUrl: string, ws: WorkspaceInfo): Promise<void> {
  const client = new WebClient(ws.botToken, { slackApiUrl: apiUrl, retryConfig: { retries: 0 } });
  const id = (name: string) => ws.channels.find((c) => c.name === name)?.id ?? ws.channels[0]!.id;
  const invoice = await client.chat.postMessage({
    channel: id('ap-invoices'),
    text: 'Payables invoice INV-10023 from ACME & Sons: $12,400.00',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Payables invoice INV-10023' } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*Vendor:* ACME &amp; Sons · <https://gp.example/inv/10023|Open in GP>',
        },
        fields: [
          { type: 'mrkdwn', text: '*Amount*\n$12,400.00' },
          { type: 'mrkdwn', text: '*Due*\n2026-02-14' },
          { type: 'mrkdwn', text: '*Company*\nTWO' },
          { type: 'mrkdwn', text: '*Batch*\n`AP-0115`' },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'GP Relay · unposted → posted' }] },
    ],
    metadata: { event_type: 'gp_delivery', event_payload: { event_id: 'sample-1' } },
  });
  await client.chat.postMessage({
    channel: id('ap-invoices'),
    thread_ts: invoice.ts!,
    text: 'Status changed: *unposted* → *posted* by _sa_',
  });
  await client.chat.update({
    channel: id('ap-invoices'),
    ts: invoice.ts!,
    text: 'Payables invoice INV-10023 (posted)',
  });
  await client.chat.postMessage({
    channel: id('purchase-orders'),
    text: '*PO 4471* released to ACME &amp; Sons\n&gt; 3 lines · $8,900.00 · `PO-4471`',
  });
}
