/**
 * Escapes user text (GP vendor names, descriptions) for Slack mrkdwn: Slack
 * reads `<...>` as mentions and links and `&` as an entity, so these three are
 * the ones that must be encoded. `<!channel>` becomes harmless visible text.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to `max` characters without splitting a surrogate pair or an escape. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  cut = cut.replace(/&[a-z]{0,3}$/, '');
  return `${cut}…`;
}
