import { describe, expect, it } from 'vitest';
import { child, findDescendant, isNil, readXml, XmlReadError, XSI_NS } from './xml-reader';

const A = 'urn:a';
const B = 'urn:b';

describe('readXml', () => {
  it('resolves element and attribute namespaces by URI, whatever the prefixes', () => {
    const root = readXml(
      `<?xml version="1.0" encoding="utf-8"?><!-- a comment --><p:root xmlns:p="${A}" xmlns="${B}" xmlns:xsi="${XSI_NS}">` +
        `<item p:kind="x" plain="y"><p:inner/></item><nil xsi:nil="true"/><?pi ignored?></p:root>`,
    );
    expect([root.ns, root.name]).toEqual([A, 'root']);
    const item = child(root, B, 'item')!;
    expect(item.attributes).toEqual([
      { ns: A, name: 'kind', value: 'x' },
      { ns: '', name: 'plain', value: 'y' },
    ]);
    expect(child(item, A, 'inner')).toBeDefined();
    expect(isNil(child(root, B, 'nil')!)).toBe(true);
    expect(item.resolvePrefix('p')).toBe(A);
    expect(findDescendant(root, 'inner')?.ns).toBe(A);
  });

  it('decodes entities, character references and CDATA, and normalises line ends', () => {
    const root = readXml(
      '\ufeff<r a="1&#9;2\n3">x &amp; &lt;y&gt; &#x41;&#66; <![CDATA[<raw & kept>]]>\r\nend\rlast</r>',
    );
    expect(root.text).toBe('x & <y> AB <raw & kept>\nend\nlast');
    expect(root.attributes[0]?.value).toBe('1\t2 3');
  });

  it.each([
    ['a DOCTYPE (entities are never expanded)', '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', /DOCTYPE/],
    ['an undefined entity', '<x>&nbsp;</x>', /undefined entity/],
    ['a bare ampersand', '<x>a & b</x>', /./],
    ['an illegal character reference', '<x>&#1;</x>', /./],
    ['an undeclared prefix', '<p:x/>', /prefix/],
    ['two roots', '<x/><y/>', /./],
    ['no root', '<?xml version="1.0"?>', /./],
    ['an unclosed element', '<x><y></x>', /./],
  ])('refuses %s', (_, xml, message) => {
    expect(() => readXml(xml)).toThrow(XmlReadError);
    expect(() => readXml(xml)).toThrow(message);
  });
});
