/**
 * The few XML-writing helpers the simulator needs, spelled the way .NET's
 * XmlSerializer writes: `&`, `<`, `>` escaped in text (quotes are not),
 * nil elements as `<X xsi:nil="true" />`.
 */
export function escapeText(value: string): string {
  return value.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

/** `<name>text</name>`; nothing for undefined (minOccurs="0" members left out). */
export function textElement(name: string, value: string | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeText(value)}</${name}>`;
}

/** A nillable, minOccurs="1" member with no value. */
export function nilElement(name: string): string {
  return `<${name} xsi:nil="true" />`;
}

export function element(name: string, content: string): string {
  return `<${name}>${content}</${name}>`;
}
