import type { GlJournalDelta } from '@gprelay/shared';
import { formatDate, formatMoney } from './format';
import { documentBlocks, documentMetadata, field } from './message-parts';
import { escapeMrkdwn, truncate } from './mrkdwn';
import type { SlackMessage } from './slack-message';

/** Lines shown in the message; the rest are summarised by the count. */
const SHOWN_LINES = 5;

/** A GL journal entry: ids, posting date, debit/credit totals and its first lines. */
export function buildGlJournalMessage(delta: GlJournalDelta): SlackMessage {
  const r = delta.record;
  const posted = delta.state === 'posted' ? 'Posted' : 'Unposted';
  const debit = formatMoney(r.debitTotal);
  const credit = formatMoney(r.creditTotal);
  const shown = r.lines.slice(0, SHOWN_LINES).map((line) => {
    const amount =
      line.debit.value !== '0' && !/^0(\.0*)?$/.test(line.debit.value)
        ? `Dr ${formatMoney(line.debit)}`
        : `Cr ${formatMoney(line.credit)}`;
    return `\`${escapeMrkdwn(line.account)}\` ${escapeMrkdwn(line.description)} ${amount}`;
  });
  const more = r.lineCount > shown.length ? `… and ${r.lineCount - shown.length} more line(s)` : null;
  return {
    text: truncate(`${posted} journal entry ${r.journalEntry}: debits ${debit}, credits ${credit}`, 3000),
    blocks: [
      ...documentBlocks(
        `:ledger: *Journal entry ${r.journalEntry}* ${escapeMrkdwn(r.reference)}`,
        [
          field('Status', r.voided ? `${posted} · Voided` : posted),
          field('Date', formatDate(r.transactionDate)),
          field('Debits', debit),
          field('Credits', credit),
          field('Company', escapeMrkdwn(r.companyName)),
        ],
        [
          r.batchId ? `batch ${escapeMrkdwn(r.batchId)}` : null,
          r.sourceDocument ? `source ${escapeMrkdwn(r.sourceDocument)}` : null,
        ],
      ),
      ...(shown.length > 0
        ? [
            {
              type: 'section',
              text: { type: 'mrkdwn', text: truncate([...shown, more].filter(Boolean).join('\n'), 3000) },
            },
          ]
        : []),
    ],
    metadata: documentMetadata(delta),
  };
}
