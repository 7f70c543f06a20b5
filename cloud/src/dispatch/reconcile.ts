import type { SlackMessage } from '../slack/messages/slack-message';
import type { SlackApi } from '../slack/slack-api';
import { classifySlackError } from '../slack/slack-outcome';

/** How far before an earlier attempt's claim the channel is searched, for clock differences. */
const RECONCILE_MARGIN_MS = 60_000;

/** Metadata field listing the delivery ids a message carries ("12,13,14"). */
export const DELIVERIES_FIELD = 'deliveries';

/** The deliveries a message says it carries, from its metadata. */
export function deliveriesIn(metadata: SlackMessage['metadata'] | undefined): number[] {
  const listed = metadata?.event_payload?.[DELIVERIES_FIELD];
  return typeof listed === 'string' ? listed.split(',').map(Number).filter(Number.isInteger) : [];
}

/**
 * Finds messages an earlier, unresolved attempt may have posted: delivery id
 * → message ts, for the ids found. Reading history needs the bot in the
 * channel even where it may post without joining, so a public channel is
 * joined once when Slack says `not_in_channel`.
 */
export async function findPosted(
  slack: SlackApi,
  channelId: string,
  deliveryIds: readonly number[],
  since: Date,
  threadTs?: string,
): Promise<Map<number, string>> {
  const read = () =>
    threadTs
      ? slack.replies(channelId, threadTs)
      : slack.history(channelId, ((since.getTime() - RECONCILE_MARGIN_MS) / 1000).toFixed(6));
  let messages: Awaited<ReturnType<typeof read>>;
  try {
    messages = await read();
  } catch (error) {
    if (classifySlackError(error).error !== 'not_in_channel') throw error;
    await slack.joinChannel(channelId);
    messages = await read();
  }
  const wanted = new Set(deliveryIds);
  const found = new Map<number, string>();
  for (const message of messages) {
    for (const id of deliveriesIn(message.metadata)) if (wanted.has(id)) found.set(id, message.ts);
  }
  return found;
}
