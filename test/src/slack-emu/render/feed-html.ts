import type { Recorder } from '../recorder';
import type { Channel, Store, Workspace } from '../store';
import type { RecordedMessage } from '../types';
import { renderMessageBody } from './blocks-html';
import { escapeHtml, type NameResolver } from './mrkdwn-html';

/** Drawn rather than an emoji: headless and kiosk browsers often lack an emoji font. */
const LOCK_SVG =
  '<svg width="11" height="12" viewBox="0 0 11 12" aria-label="private"><rect x="1" y="5" width="9" height="7" rx="1.5" fill="currentColor"/><path d="M3 5V3.5a2.5 2.5 0 0 1 5 0V5" fill="none" stroke="currentColor" stroke-width="1.5"/></svg>';

/** Top-level messages shown per channel; older ones are summarised so the page stays light. */
const MAX_TOP_LEVEL_PER_CHANNEL = 200;

function resolverFor(ws: Workspace): NameResolver {
  return {
    user: (id) => (id === ws.botUserId ? 'gp-relay' : id === ws.humanUserId ? 'finance-admin' : undefined),
    channel: (id) => ws.channels.get(id)?.name,
  };
}

function time(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)}Z`;
}

/** DOM id of a message; permalinks land on it. */
export function messageAnchor(channel: string, ts: string): string {
  return `m-${channel}-${ts.replace('.', '')}`;
}

function messageHtml(m: RecordedMessage, names: NameResolver, replies: RecordedMessage[]): string {
  const author = m.author.kind === 'bot' ? (m.username ?? 'GP Relay') : 'finance-admin';
  const badges: string[] = [];
  if (m.author.kind === 'bot') badges.push('<span class="tag app">APP</span>');
  if (m.edits.length > 0) {
    const when = m.edits.map((e) => time(e.editedAt)).join(', ');
    badges.push(
      `<span class="edited" title="edited at ${escapeHtml(when)}">(edited${m.edits.length > 1 ? ` ×${m.edits.length}` : ''})</span>`,
    );
  }
  if (m.metadata)
    badges.push(
      `<span class="tag meta" title="message metadata">${escapeHtml(m.metadata.event_type)}</span>`,
    );
  if (m.replyBroadcast) badges.push('<span class="tag">also sent to channel</span>');
  if (m.orphanReply) badges.push('<span class="tag warn">reply to a missing parent: nobody sees this</span>');
  if (m.truncated) badges.push('<span class="tag warn">text truncated at 40,000</span>');
  const pings = m.mentions.filter((x) => x.kind === 'channel' || x.kind === 'here' || x.kind === 'everyone');
  if (pings.length > 0)
    badges.push(`<span class="tag warn">pings @${pings.map((p) => p.kind).join(', @')}</span>`);
  const thread =
    replies.length === 0
      ? ''
      : `<div class="thread"><div class="thread-head">${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}</div>${replies
          .map((r) => messageHtml(r, names, []))
          .join('')}</div>`;
  return `<article class="msg" id="${messageAnchor(m.channel, m.ts)}">
<div class="avatar ${m.author.kind}">${m.author.kind === 'bot' ? 'GP' : 'FA'}</div>
<div class="content"><div class="meta"><span class="author">${escapeHtml(author)}</span>${badges.join('')}<a class="time" href="#${messageAnchor(m.channel, m.ts)}" title="ts ${escapeHtml(m.ts)}">${time(m.postedAt)}</a></div>
<div class="body">${renderMessageBody(m.text, m.blocks, names)}</div>${thread}</div></article>`;
}

function channelHtml(c: Channel, names: NameResolver, limited: number): string {
  const topLevel = c.messages.filter((m) => m.threadTs === undefined);
  const shown = topLevel.slice(-MAX_TOP_LEVEL_PER_CHANNEL);
  const hidden = topLevel.length - shown.length;
  const orphans = c.messages.filter((m) => m.orphanReply);
  const repliesByParent = new Map<string, RecordedMessage[]>();
  for (const r of c.messages) {
    if (r.threadTs === undefined || r.orphanReply) continue;
    repliesByParent.set(r.threadTs, [...(repliesByParent.get(r.threadTs) ?? []), r]);
  }
  const flags = [
    c.isPrivate ? '<span class="tag">private</span>' : '',
    c.isArchived ? '<span class="tag warn">archived</span>' : '',
    c.isDeleted ? '<span class="tag warn">deleted</span>' : '',
    c.botIsMember ? '' : '<span class="tag">bot not a member</span>',
    limited > 0
      ? `<span class="tag rl" title="HTTP 429 answers for this channel">429 ×${limited}</span>`
      : '',
  ].join('');
  const body =
    topLevel.length === 0 && orphans.length === 0
      ? '<div class="empty">No messages yet</div>'
      : `${hidden > 0 ? `<div class="empty">${hidden} older messages not shown</div>` : ''}${shown
          .map((m) => messageHtml(m, names, repliesByParent.get(m.ts) ?? []))
          .join('')}${orphans.map((m) => messageHtml(m, names, [])).join('')}`;
  return `<section class="chan" id="c-${c.id}"><h3><span class="hash">${c.isPrivate ? LOCK_SVG : '#'}</span>${escapeHtml(c.name)}<span class="cid">${c.id}</span>${flags}<span class="count">${topLevel.length} msg</span></h3><div class="msgs">${body}</div></section>`;
}

/** The live part of the page: every workspace and channel, messages oldest first (newest last). */
export function renderFeed(store: Store, recorder: Recorder): string {
  if (store.workspaces.size === 0) return '<div class="empty big">No workspaces yet.</div>';
  const limitedByChannel = new Map<string, number>();
  for (const r of recorder.rateLimits) {
    if (r.channel) limitedByChannel.set(r.channel, (limitedByChannel.get(r.channel) ?? 0) + 1);
  }
  return [...store.workspaces.values()]
    .map((ws) => {
      const names = resolverFor(ws);
      const state = ws.inactive
        ? '<span class="tag warn">deleted workspace</span>'
        : ws.uninstalled
          ? '<span class="tag warn">app uninstalled</span>'
          : '';
      const channels = [...ws.channels.values()]
        .filter((c) => !c.isDeleted || c.messages.length > 0)
        .map((c) => channelHtml(c, names, limitedByChannel.get(c.id) ?? 0))
        .join('');
      return `<div class="ws"><h2>${escapeHtml(ws.name)}<span class="cid">${ws.teamId} · ${escapeHtml(ws.domain)}</span>${state}</h2>${channels}</div>`;
    })
    .join('');
}

export function renderStats(recorder: Recorder): string {
  const messages = recorder.allMessages().length;
  const edits = recorder.allMessages().reduce((n, m) => n + m.edits.length, 0);
  return `${messages} messages · ${edits} edits · ${recorder.rateLimits.length} × 429 · ${recorder.calls.length} API calls`;
}
