import type { Delta } from '@gprelay/shared';
import { viewOf } from './document-views';
import { escapeMrkdwn, truncate } from './mrkdwn';
import type { SlackMessage } from './slack-message';

/** Slack's Block Kit limits (slack-api.md §0.4): blocks per message, chars per section, and the total we allow. */
export const MAX_BLOCKS = 50;
export const MAX_SECTION_CHARS = 3000;
/** Slack answers msg_blocks_too_long somewhere above ~12-13k characters of block text; stay under. */
export const MAX_TOTAL_CHARS = 11_000;

export interface BatchRender {
  message: Omit<SlackMessage, 'metadata'>;
  /** How many of the deltas (from the front) fit in this message. */
  included: number;
}

/**
 * Several documents for one channel in ONE message, a compact row each; a
 * header and a context line frame them. Takes as many as fit Block Kit's
 * limits and says how many: the rest go in the next message.
 */
export function buildBatchMessage(deltas: readonly Delta[]): BatchRender {
  if (deltas.length === 0) throw new RangeError('a batch needs at least one document');
  const companies = [...new Set(deltas.map((d) => d.company))];
  const rows: string[] = [];
  // Header, context and fallback text take room too.
  let used = 400;
  for (const delta of deltas) {
    const row = truncate(viewOf(delta).row(delta), MAX_SECTION_CHARS);
    if (rows.length >= MAX_BLOCKS - 2 || used + row.length > MAX_TOTAL_CHARS) break;
    rows.push(row);
    used += row.length;
  }
  const included = rows.length;
  const where = companies.length === 1 ? ` in ${escapeMrkdwn(companies[0]!)}` : '';
  const headline = `*${included} GP change${included === 1 ? '' : 's'}${where}*`;
  const titles = deltas.slice(0, included).map((d) => viewOf(d).title(d));
  return {
    included,
    message: {
      text: truncate(`${included} GP changes: ${titles.join('; ')}`, 3000),
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: headline } },
        ...rows.map((row) => ({ type: 'section', text: { type: 'mrkdwn', text: row } })),
        {
          type: 'context',
          elements: [
            { type: 'mrkdwn', text: 'Changes of one document edit its row here and reply in the thread.' },
          ],
        },
      ],
    },
  };
}
