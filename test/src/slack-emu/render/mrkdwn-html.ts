import { type MrkdwnToken, tokenizeMrkdwn } from '../mrkdwn';

/** Names for ids, so `<@U…>` renders as `@gp-relay` and `<#C…>` as `#ap-invoices`. */
export interface NameResolver {
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
}

const noNames: NameResolver = { user: () => undefined, channel: () => undefined };

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Only these schemes become clickable; anything else (javascript:, data:) renders as text. */
export function safeHref(url: string): string | undefined {
  try {
    const u = new URL(url);
    return ['http:', 'https:', 'mailto:'].includes(u.protocol) ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

// Placeholders live in a Unicode private-use range that input text is scrubbed of first, so user text
// can never forge one.
const PH_BASE = 0xe000;
const PH_MAX = 0xf8ff;
const PLACEHOLDER = /[\ue000-\uf8ff]/g;

class Placeholders {
  private readonly html: string[] = [];
  private readonly plain: string[] = [];
  add(html: string, plain: string): string {
    if (PH_BASE + this.html.length > PH_MAX) return escapeHtml(plain);
    this.html.push(html);
    this.plain.push(plain);
    return String.fromCharCode(PH_BASE + this.html.length - 1);
  }
  /** Replace placeholders with their HTML (or, inside code, with their escaped plain text). */
  restore(text: string, asPlain = false): string {
    return text.replace(PLACEHOLDER, (ch) => {
      const i = ch.charCodeAt(0) - PH_BASE;
      const value = asPlain ? escapeHtml(this.plain[i] ?? '') : (this.html[i] ?? '');
      return asPlain ? value : this.restore(value);
    });
  }
  plainOf(text: string): string {
    return text.replace(PLACEHOLDER, (ch) => this.plain[ch.charCodeAt(0) - PH_BASE] ?? '');
  }
}

/** One mention or link as HTML (plus its plain-text form). */
export function tokenHtml(
  t: Exclude<MrkdwnToken, { type: 'text' }>,
  names: NameResolver,
): { html: string; plain: string } {
  switch (t.type) {
    case 'broadcast': {
      const plain = `@${t.range}`;
      return { html: `<span class="mention ping">${escapeHtml(plain)}</span>`, plain };
    }
    case 'user': {
      const plain = `@${t.label ?? names.user(t.id) ?? t.id}`;
      return { html: `<span class="mention">${escapeHtml(plain)}</span>`, plain };
    }
    case 'usergroup': {
      const plain = t.label ?? `@${t.id}`;
      return { html: `<span class="mention">${escapeHtml(plain)}</span>`, plain };
    }
    case 'channel': {
      const plain = `#${t.label ?? names.channel(t.id) ?? t.id}`;
      return { html: `<span class="chan-ref">${escapeHtml(plain)}</span>`, plain };
    }
    case 'link': {
      const plain = t.label ?? t.url;
      const href = safeHref(t.url);
      if (!href) return { html: escapeHtml(plain), plain };
      return {
        html: `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer nofollow">${escapeHtml(plain)}</a>`,
        plain,
      };
    }
  }
}

const INLINE_RULES: Array<[RegExp, string]> = [
  [/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, '$1<strong>$2</strong>'],
  [/(^|[^\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])/g, '$1<em>$2</em>'],
  [/(^|[^\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])/g, '$1<del>$2</del>'],
];

/**
 * Render Slack mrkdwn (as a client would show it) to safe HTML. Control sequences become mentions and
 * links, the three Slack entities are decoded for display, and every character of user text is
 * HTML-escaped; formatting tags are the only markup we add.
 */
export function renderMrkdwn(
  raw: string,
  names: NameResolver = noNames,
  options: { format?: boolean } = {},
): string {
  const ph = new Placeholders();
  let text = '';
  for (const t of tokenizeMrkdwn(raw.replace(PLACEHOLDER, '\ufffd'))) {
    if (t.type === 'text') text += t.text.replace(PLACEHOLDER, '\ufffd');
    else {
      const { html, plain } = tokenHtml(t, names);
      text += ph.add(html, plain);
    }
  }
  if (options.format === false) return ph.restore(escapeHtml(text)).replace(/\n/g, '<br>');

  // Code first, so nothing inside it is formatted.
  text = text.replace(/```([\s\S]+?)```/g, (_, code: string) =>
    ph.add(`<pre>${ph.restore(escapeHtml(ph.plainOf(code)), true)}</pre>`, code),
  );
  text = text.replace(/`([^`\n]+)`/g, (_, code: string) =>
    ph.add(`<code>${ph.restore(escapeHtml(ph.plainOf(code)), true)}</code>`, code),
  );
  let html = escapeHtml(text);
  for (const [re, to] of INLINE_RULES) html = html.replace(re, to);
  html = quoteLines(html);
  return ph.restore(html);
}

/** Lines starting with `>` (escaped: `&gt;`) are a block quote. */
function quoteLines(html: string): string {
  const out: string[] = [];
  let quote: string[] = [];
  const flush = () => {
    if (quote.length) out.push(`<blockquote>${quote.join('<br>')}</blockquote>`);
    quote = [];
  };
  for (const line of html.split('\n')) {
    const m = /^&gt; ?(.*)$/.exec(line);
    if (m) quote.push(m[1] ?? '');
    else {
      flush();
      out.push(line);
    }
  }
  flush();
  return out
    .join('<br>')
    .replace(/<br><blockquote>/g, '<blockquote>')
    .replace(/<\/blockquote><br>/g, '</blockquote>');
}

/** plain_text objects show their text literally. */
export function renderPlain(text: string): string {
  return escapeHtml(text).replace(/\n/g, '<br>');
}
