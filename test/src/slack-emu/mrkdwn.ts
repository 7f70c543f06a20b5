import type { Mention, MessageLink } from './types';

/**
 * Slack's message formatting, as a client reads it: control sequences in angle brackets are the only
 * way to ping or link (`<!channel>`, `<@U…>`, `<#C…>`, `<url|label>`), and everything else is display
 * text with exactly three entities decoded (`&amp;`, `&lt;`, `&gt;`). So `&lt;!channel&gt;` shows the
 * characters `<!channel>` and pings no one. Bare http(s) URLs are auto-linked by clients.
 */
export type MrkdwnToken =
  | { type: 'text'; text: string }
  | { type: 'broadcast'; range: 'channel' | 'here' | 'everyone'; label?: string }
  | { type: 'user'; id: string; label?: string }
  | { type: 'usergroup'; id: string; label?: string }
  | { type: 'channel'; id: string; label?: string }
  | { type: 'link'; url: string; label?: string; auto: boolean };

/** Decode the three entities Slack escapes; any other `&…;` is shown literally, as Slack does. */
export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, e: string) => (e === 'amp' ? '&' : e === 'lt' ? '<' : '>'));
}

const CONTROL = /<([^<>]*)>/g;
const BARE_URL = /\bhttps?:\/\/[^\s<>]+/g;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Split raw (Slack-escaped) mrkdwn into display text and control sequences. */
export function tokenizeMrkdwn(raw: string, options: { linkNames?: boolean } = {}): MrkdwnToken[] {
  const tokens: MrkdwnToken[] = [];
  let last = 0;
  for (const m of raw.matchAll(CONTROL)) {
    const control = parseControl(m[1] ?? '');
    if (!control) continue;
    pushText(tokens, raw.slice(last, m.index), options);
    tokens.push(control);
    last = m.index + m[0].length;
  }
  pushText(tokens, raw.slice(last), options);
  return tokens;
}

function parseControl(inner: string): MrkdwnToken | undefined {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : decodeEntities(inner.slice(bar + 1));
  const withLabel = (t: Exclude<MrkdwnToken, { type: 'text' }>): MrkdwnToken =>
    label === undefined ? t : { ...t, label };
  if (target === '!channel' || target === '!here' || target === '!everyone') {
    return withLabel({ type: 'broadcast', range: target.slice(1) as 'channel' | 'here' | 'everyone' });
  }
  if (target.startsWith('!subteam^')) return withLabel({ type: 'usergroup', id: target.slice(9) });
  if (target.startsWith('!date^')) return { type: 'text', text: label ?? '' };
  if (target.startsWith('!')) return { type: 'text', text: label ?? '' };
  if (/^@[UW][A-Z0-9]+$/.test(target)) return withLabel({ type: 'user', id: target.slice(1) });
  if (/^#[CG][A-Z0-9]+$/.test(target)) return withLabel({ type: 'channel', id: target.slice(1) });
  if (SCHEME.test(target)) return withLabel({ type: 'link', url: decodeEntities(target), auto: false });
  return undefined;
}

function pushText(tokens: MrkdwnToken[], raw: string, options: { linkNames?: boolean }): void {
  if (!raw) return;
  const text = decodeEntities(raw);
  let last = 0;
  // Searched after decoding: an escaped `&lt;https://x&gt;` shows as `<https://x>`, which clients
  // still auto-link as `https://x` (the brackets are not part of the URL).
  for (const m of text.matchAll(BARE_URL)) {
    const url = m[0].replace(/[.,;:!?)\]'"]+$/, '');
    pushPlain(tokens, text.slice(last, m.index), options);
    tokens.push({ type: 'link', url, auto: true });
    last = m.index + url.length;
  }
  pushPlain(tokens, text.slice(last), options);
}

/** With `link_names`, Slack turns bare `@channel`/`@here`/`@everyone` into real pings. */
function pushPlain(tokens: MrkdwnToken[], text: string, options: { linkNames?: boolean }): void {
  if (!text) return;
  if (!options.linkNames) {
    tokens.push({ type: 'text', text });
    return;
  }
  let last = 0;
  for (const m of text.matchAll(/(^|[^\w@])@(channel|here|everyone)\b/g)) {
    const at = m.index + (m[1] ?? '').length;
    if (at > last) tokens.push({ type: 'text', text: text.slice(last, at) });
    tokens.push({ type: 'broadcast', range: m[2] as 'channel' | 'here' | 'everyone' });
    last = at + 1 + (m[2] ?? '').length;
  }
  if (last < text.length) tokens.push({ type: 'text', text: text.slice(last) });
}

export interface MessageReferences {
  mentions: Mention[];
  links: MessageLink[];
  channelRefs: string[];
}

/** Collects pings, links and channel references, each once, in first-seen order. */
export class ReferenceCollector {
  private readonly seen = new Set<string>();
  readonly result: MessageReferences = { mentions: [], links: [], channelRefs: [] };

  addMrkdwn(raw: string, options: { linkNames?: boolean } = {}): void {
    for (const t of tokenizeMrkdwn(raw, options)) this.addToken(t);
  }

  /** Plain text shows literally (no pings, no control sequences) but clients still auto-link URLs. */
  addPlain(text: string): void {
    for (const m of text.matchAll(BARE_URL)) {
      this.addToken({ type: 'link', url: m[0].replace(/[.,;:!?)\]'"]+$/, ''), auto: true });
    }
  }

  addToken(t: MrkdwnToken): void {
    switch (t.type) {
      case 'text':
        return;
      case 'broadcast':
        this.once(`b:${t.range}`, () => this.result.mentions.push({ kind: t.range }));
        return;
      case 'user':
        this.once(`u:${t.id}`, () => this.result.mentions.push({ kind: 'user', id: t.id }));
        return;
      case 'usergroup':
        this.once(`g:${t.id}`, () => this.result.mentions.push({ kind: 'usergroup', id: t.id }));
        return;
      case 'channel':
        this.once(`c:${t.id}`, () => this.result.channelRefs.push(t.id));
        return;
      case 'link':
        this.once(`l:${t.url}|${t.label ?? ''}`, () =>
          this.result.links.push({
            url: t.url,
            ...(t.label === undefined ? {} : { label: t.label }),
            auto: t.auto,
          }),
        );
        return;
    }
  }

  private once(key: string, add: () => void): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    add();
  }
}

/**
 * References in a message: the top-level `text` (always parsed for control sequences), mrkdwn text
 * objects anywhere in the blocks, plain_text objects (URLs only), and rich_text elements.
 */
export function collectReferences(
  text: string,
  blocks: unknown[] | undefined,
  options: { linkNames?: boolean } = {},
): MessageReferences {
  const c = new ReferenceCollector();
  c.addMrkdwn(text, options);
  if (blocks) walk(blocks, c, options);
  return c.result;
}

function walk(node: unknown, c: ReferenceCollector, options: { linkNames?: boolean }): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, c, options);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const o = node as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  switch (o.type) {
    case 'mrkdwn':
      if (str('text') !== undefined) c.addMrkdwn(str('text')!, options);
      return;
    case 'plain_text':
      if (str('text') !== undefined) c.addPlain(str('text')!);
      return;
    case 'user':
      if (str('user_id')) c.addToken({ type: 'user', id: str('user_id')! });
      return;
    case 'usergroup':
      if (str('usergroup_id')) c.addToken({ type: 'usergroup', id: str('usergroup_id')! });
      return;
    case 'broadcast': {
      const range = str('range');
      if (range === 'channel' || range === 'here' || range === 'everyone')
        c.addToken({ type: 'broadcast', range });
      return;
    }
    case 'channel':
      if (str('channel_id')) c.addToken({ type: 'channel', id: str('channel_id')! });
      return;
    case 'link':
      if (str('url')) c.addToken({ type: 'link', url: str('url')!, ...labelOf(str('text')), auto: false });
      return;
  }
  for (const v of Object.values(o)) if (typeof v === 'object') walk(v, c, options);
}

function labelOf(label: string | undefined): { label?: string } {
  return label === undefined ? {} : { label };
}
