import type { Channel, Workspace } from './store';
import { formatTs } from './store';
import type { RecordedMessage } from './types';

/** The workspace URL that auth.test reports; permalinks hang off it and resolve on the emulator page. */
export function workspaceUrl(origin: string, ws: Workspace): string {
  return `${origin}/w/${ws.domain}/`;
}

/** Slack's permalink shape: `<workspace url>archives/<C…>/p<ts digits>`, plus thread params for replies. */
export function permalink(origin: string, ws: Workspace, m: RecordedMessage): string {
  const base = `${workspaceUrl(origin, ws)}archives/${m.channel}/p${m.ts.replace('.', '')}`;
  return m.threadTs === undefined ? base : `${base}?thread_ts=${m.threadTs}&cid=${m.channel}`;
}

/** A message object as chat.postMessage, chat.update and conversations.history return it. */
export function messageJson(
  m: RecordedMessage,
  ws: Workspace,
  channel: Channel,
  options: { includeMetadata: boolean },
): Record<string, unknown> {
  const out: Record<string, unknown> = { type: 'message' };
  if (m.author.kind === 'bot') {
    out.subtype = m.threadTs !== undefined && m.replyBroadcast ? 'thread_broadcast' : 'bot_message';
    Object.assign(out, {
      text: m.text,
      user: m.author.userId,
      bot_id: m.author.botId,
      app_id: ws.appId,
      ...(m.username === undefined ? {} : { username: m.username }),
    });
  } else {
    Object.assign(out, { text: m.text, user: m.author.userId });
  }
  out.ts = m.ts;
  out.team = ws.teamId;
  if (m.author.kind === 'bot') {
    out.bot_profile = {
      id: m.author.botId,
      app_id: ws.appId,
      name: 'GP Relay',
      deleted: false,
      team_id: ws.teamId,
    };
  }
  if (m.blocks !== undefined) out.blocks = m.blocks;
  const lastEdit = m.edits.at(-1);
  if (lastEdit) out.edited = { user: m.author.userId, ts: formatTs(lastEdit.editedAt * 1000) };
  if (options.includeMetadata && m.metadata) out.metadata = m.metadata;

  if (m.threadTs !== undefined) {
    out.thread_ts = m.threadTs;
    const parent = channel.messages.find((x) => x.ts === m.threadTs && x.threadTs === undefined);
    if (parent) out.parent_user_id = parent.author.userId;
  } else {
    const replies = channel.messages.filter((x) => x.threadTs === m.ts);
    if (replies.length > 0) {
      const users = [...new Set(replies.map((r) => r.author.userId))];
      Object.assign(out, {
        thread_ts: m.ts,
        reply_count: replies.length,
        reply_users_count: users.length,
        latest_reply: replies.at(-1)?.ts,
        reply_users: users,
        is_locked: false,
        subscribed: false,
      });
    }
  }
  return out;
}
