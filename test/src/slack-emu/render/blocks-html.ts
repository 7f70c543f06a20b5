import { escapeHtml, type NameResolver, renderMrkdwn, renderPlain, tokenHtml } from './mrkdwn-html';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A text object (`plain_text` or `mrkdwn`) as HTML. */
export function renderTextObject(value: unknown, names: NameResolver): string {
  if (!isObj(value) || typeof value.text !== 'string') return '';
  return value.type === 'mrkdwn' ? renderMrkdwn(value.text, names) : renderPlain(value.text);
}

/** Images are never fetched (the demo is offline and URLs are user data): show a labelled placeholder. */
function imagePlaceholder(el: Obj, cls: string): string {
  const alt = typeof el.alt_text === 'string' ? el.alt_text : 'image';
  return `<span class="${cls}" title="${escapeHtml(alt)}">image: ${escapeHtml(alt)}</span>`;
}

function element(el: unknown, names: NameResolver): string {
  if (!isObj(el)) return '';
  switch (el.type) {
    case 'image':
      return imagePlaceholder(el, 'img-ph small');
    case 'plain_text':
    case 'mrkdwn':
      return `<span>${renderTextObject(el, names)}</span>`;
    case 'button': {
      const style = el.style === 'primary' || el.style === 'danger' ? ` ${el.style}` : '';
      return `<span class="btn${style}">${renderTextObject(el.text, names)}</span>`;
    }
    case 'overflow':
      return '<span class="btn">⋯</span>';
    default: {
      const label = isObj(el.placeholder)
        ? renderTextObject(el.placeholder, names)
        : escapeHtml(String(el.type));
      return `<span class="btn select">${label} ▾</span>`;
    }
  }
}

function richText(node: unknown, names: NameResolver): string {
  if (Array.isArray(node)) return node.map((n) => richText(n, names)).join('');
  if (!isObj(node)) return '';
  const text = typeof node.text === 'string' ? node.text : '';
  switch (node.type) {
    case 'text': {
      const style = isObj(node.style) ? node.style : {};
      let html = renderPlain(text);
      if (style.code) html = `<code>${html}</code>`;
      if (style.bold) html = `<strong>${html}</strong>`;
      if (style.italic) html = `<em>${html}</em>`;
      if (style.strike) html = `<del>${html}</del>`;
      return html;
    }
    case 'link':
      return tokenHtml(
        { type: 'link', url: String(node.url ?? ''), auto: false, ...(text ? { label: text } : {}) },
        names,
      ).html;
    case 'user':
      return tokenHtml({ type: 'user', id: String(node.user_id ?? '') }, names).html;
    case 'channel':
      return tokenHtml({ type: 'channel', id: String(node.channel_id ?? '') }, names).html;
    case 'broadcast': {
      const range = node.range;
      if (range !== 'channel' && range !== 'here' && range !== 'everyone') return '';
      return tokenHtml({ type: 'broadcast', range }, names).html;
    }
    case 'emoji':
      return escapeHtml(`:${String(node.name ?? '')}:`);
    case 'rich_text_preformatted':
      return `<pre>${richText(node.elements, names)}</pre>`;
    case 'rich_text_quote':
      return `<blockquote>${richText(node.elements, names)}</blockquote>`;
    case 'rich_text_list':
      return `<ul>${(Array.isArray(node.elements) ? node.elements : []).map((e) => `<li>${richText(e, names)}</li>`).join('')}</ul>`;
    default:
      return richText(node.elements, names);
  }
}

function block(b: unknown, names: NameResolver): string {
  if (!isObj(b)) return '';
  switch (b.type) {
    case 'header':
      return `<div class="b-header">${renderTextObject(b.text, names)}</div>`;
    case 'section': {
      const text = b.text === undefined ? '' : `<div class="b-text">${renderTextObject(b.text, names)}</div>`;
      const fields = Array.isArray(b.fields)
        ? `<div class="b-fields">${b.fields.map((f) => `<div>${renderTextObject(f, names)}</div>`).join('')}</div>`
        : '';
      const accessory =
        b.accessory === undefined ? '' : `<div class="b-accessory">${element(b.accessory, names)}</div>`;
      return `<div class="b-section"><div class="b-main">${text}${fields}</div>${accessory}</div>`;
    }
    case 'context':
      return `<div class="b-context">${(Array.isArray(b.elements) ? b.elements : []).map((e) => element(e, names)).join('')}</div>`;
    case 'divider':
      return '<hr class="b-divider">';
    case 'actions':
      return `<div class="b-actions">${(Array.isArray(b.elements) ? b.elements : []).map((e) => element(e, names)).join('')}</div>`;
    case 'image':
      return `<div class="b-image">${imagePlaceholder(b, 'img-ph')}</div>`;
    case 'markdown':
      return `<div class="b-text">${renderMrkdwn(typeof b.text === 'string' ? b.text : '', names)}</div>`;
    case 'rich_text':
      return `<div class="b-text">${richText(b.elements, names)}</div>`;
    default:
      return `<div class="b-unknown">[${escapeHtml(String(b.type))} block]</div>`;
  }
}

/** Message body: its blocks when it has any (Slack shows blocks, `text` is only the fallback), else text. */
export function renderMessageBody(text: string, blocks: unknown[] | undefined, names: NameResolver): string {
  if (blocks && blocks.length > 0) return blocks.map((b) => block(b, names)).join('');
  return `<div class="b-text">${renderMrkdwn(text, names)}</div>`;
}
