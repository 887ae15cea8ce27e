// Atom 1.0 (RFC 4287) feeds: the envelope and the entries, written the same way by every
// feed Jirga publishes (the monitor's claims, an election's schedule changes). Links are
// absolute, as feed readers need.

/** Text or an attribute value, escaped for XML. */
export const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface AtomEntry {
  id: string;
  title: string;
  updated: string;
  published: string;
  /** The page the entry is about. */
  link: string;
  related?: readonly { href: string; title: string }[];
  categories?: readonly string[];
  /** Plain text. */
  content: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  /** When the feed last changed (the newest entry's time; the epoch when there is none). */
  updated: string;
  self: string;
  alternate: string;
  author: string;
  entries: readonly AtomEntry[];
}

export function writeAtom(feed: AtomFeed): string {
  const x = xmlEscape;
  const entries = feed.entries.map((e) =>
    [
      '  <entry>',
      `    <id>${x(e.id)}</id>`,
      `    <title>${x(e.title)}</title>`,
      `    <updated>${x(e.updated)}</updated>`,
      `    <published>${x(e.published)}</published>`,
      `    <link rel="alternate" type="text/html" href="${x(e.link)}"/>`,
      ...(e.related ?? []).map((r) => `    <link rel="related" href="${x(r.href)}" title="${x(r.title)}"/>`),
      ...(e.categories ?? []).map((t) => `    <category term="${x(t)}"/>`),
      `    <content type="text">${x(e.content)}</content>`,
      '  </entry>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${x(feed.id)}</id>`,
    `  <title>${x(feed.title)}</title>`,
    `  <updated>${x(feed.updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${x(feed.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${x(feed.alternate)}"/>`,
    `  <author><name>${x(feed.author)}</name></author>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
