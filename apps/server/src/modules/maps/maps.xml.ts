/*
 * Just enough XML for FreeMind (.mm) and OPML: escaping on the way out, and a small element
 * parser on the way in (elements, attributes, text; no DTD, no namespaces). Both formats keep all
 * data in attributes of nested elements, so nothing heavier is needed.
 */

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;');
}

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    switch (e) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(
          e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10),
        );
    }
  });
}

/** Parses `xml` into its root element; throws on unbalanced tags. */
export function parseXml(xml: string): XmlElement {
  const body = xml.replace(
    /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|<!\[CDATA\[[\s\S]*?\]\]>/g,
    '',
  );
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
  const attr = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  const top: XmlElement = { name: '#document', attrs: {}, children: [] };
  const stack = [top];
  for (const m of body.matchAll(tag)) {
    const [, closing, name, rawAttrs, selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name || stack.length === 0) {
        throw new Error(`unbalanced </${name}>`);
      }
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of (rawAttrs ?? '').matchAll(attr)) {
      attrs[a[1]!] = decodeEntities(a[2] ?? a[3] ?? '');
    }
    const el: XmlElement = { name: name!, attrs, children: [] };
    stack[stack.length - 1]!.children.push(el);
    if (!selfClosing) {
      stack.push(el);
    }
  }
  if (stack.length !== 1 || top.children.length !== 1) {
    throw new Error('not a single well-formed root element');
  }
  return top.children[0]!;
}
