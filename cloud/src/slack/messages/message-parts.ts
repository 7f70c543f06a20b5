import type { Delta } from '@gprelay/shared';
import { truncate } from './mrkdwn';
import type { SlackMessage } from './slack-message';

/** Carries our eventId so a post whose reply was lost can be found in the channel. */
export function documentMetadata(delta: Delta): SlackMessage['metadata'] {
  return {
    event_type: 'gp_document_changed',
    event_payload: {
      event_id: delta.eventId,
      company: delta.company,
      doc_type: delta.docType,
      doc_key: delta.key,
      version: delta.version,
    },
  };
}

/** A labelled section field; `value` must already be escaped. Slack caps a field at 2000 characters. */
export function field(label: string, value: string): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text: truncate(`*${label}*\n${value}`, 2000) };
}

/** Headline section with fields, plus a context line; the common shape of every document message. */
export function documentBlocks(
  headline: string,
  fields: Array<{ type: 'mrkdwn'; text: string }>,
  context: Array<string | null>,
): Record<string, unknown>[] {
  const contextText = context.filter((part): part is string => part !== null && part !== '').join(' · ');
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(headline, 3000) },
      fields: fields.slice(0, 10),
    },
    ...(contextText
      ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(contextText, 3000) }] }]
      : []),
  ];
}
