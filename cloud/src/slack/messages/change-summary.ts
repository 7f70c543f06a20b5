import type { Delta } from '@gprelay/shared';
import { viewOf } from './document-views';
import { truncate } from './mrkdwn';
import type { SlackMessage } from './slack-message';

/** "Status: Unposted → Posted" for each shown field that differs between two versions of one document. */
export function describeChanges(before: Delta, after: Delta): string[] {
  const view = viewOf(after);
  const old = new Map(viewOf(before).shownFields(before));
  return view
    .shownFields(after)
    .filter(([label, value]) => old.get(label) !== value)
    .map(([label, value]) => `${label}: ${old.get(label) ?? '—'} → ${value}`);
}

/** The thread reply that says what changed in GP; metadata is added by the caller. */
export function buildChangeReply(before: Delta, after: Delta): Omit<SlackMessage, 'metadata'> {
  const changes = describeChanges(before, after);
  const title = viewOf(after).title(after);
  const body =
    changes.length > 0 ? changes.map((c) => `• ${c}`).join('\n') : '• details not shown here changed in GP';
  return {
    text: truncate(`${title} changed: ${changes.join('; ') || 'details changed in GP'}`, 3000),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(`:arrows_counterclockwise: *${title}* changed in GP\n${body}`, 3000),
        },
      },
    ],
  };
}
