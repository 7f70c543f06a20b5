import type { GlJournalDelta } from '@gprelay/shared';
import type { DocumentView } from './document-view';
import { formatDate, formatMoney } from './format';
import { documentBlocks, documentMetadata, field } from './message-parts';
import { escapeMrkdwn, truncate } from './mrkdwn';
import type { SlackMessage } from './slack-message';

/** Lines shown in the message; the rest are summarised by the count. */
const SHOWN_LINES = 5;

const isZero = (value: string) => /^-?0*(\.0*)?$/.test(value);

function facts(delta: GlJournalDelta) {
  const r = delta.record;
  const posted = delta.state === 'posted' ? 'Posted' : 'Unposted';
  return {
    status: r.voided ? `${posted} · Voided` : posted,
    posted,
    date: formatDate(r.transactionDate),
    debit: formatMoney(r.debitTotal),
    credit: formatMoney(r.creditTotal),
    reference: escapeMrkdwn(r.reference),
  };
}

/** A GL journal entry in Slack: ids, posting date, debit/credit totals and its first lines. */
export const glJournalView: DocumentView<GlJournalDelta> = {
  message(delta) {
    const r = delta.record;
    const f = facts(delta);
    const shown = r.lines.slice(0, SHOWN_LINES).map((line) => {
      const amount = isZero(line.debit.value)
        ? `Cr ${formatMoney(line.credit)}`
        : `Dr ${formatMoney(line.debit)}`;
      return `\`${escapeMrkdwn(line.account)}\` ${escapeMrkdwn(line.description)} ${amount}`;
    });
    const more = r.lineCount > shown.length ? `… and ${r.lineCount - shown.length} more line(s)` : null;
    return {
      text: truncate(
        `${f.posted} journal entry ${r.journalEntry}: debits ${f.debit}, credits ${f.credit}`,
        3000,
      ),
      blocks: [
        ...documentBlocks(
          `:ledger: *Journal entry ${r.journalEntry}* ${f.reference}`,
          [
            field('Status', f.status),
            field('Date', f.date),
            field('Debits', f.debit),
            field('Credits', f.credit),
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
    };
  },
  row(delta) {
    const f = facts(delta);
    return `:ledger: *JE ${delta.record.journalEntry}* · ${f.reference} · Dr ${f.debit} / Cr ${f.credit} · ${f.date} · ${f.status}`;
  },
  title(delta) {
    return `Journal entry ${delta.record.journalEntry}`;
  },
  shownFields(delta) {
    const f = facts(delta);
    return [
      ['Status', f.status],
      ['Date', f.date],
      ['Debits', f.debit],
      ['Credits', f.credit],
      ['Lines', String(delta.record.lineCount)],
      ['Reference', f.reference],
    ];
  },
};

export function buildGlJournalMessage(delta: GlJournalDelta): SlackMessage {
  return { ...glJournalView.message(delta), metadata: documentMetadata(delta) };
}
