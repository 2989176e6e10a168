// A safe Markdown subset for answers: paragraphs, line breaks, **bold**, numbered and bulleted lists,
// [links](https://...) and bare http(s) addresses. It builds DOM nodes and sets only textContent and
// the href of links whose protocol is http or https: no string it is given is ever parsed as HTML.

const SAFE_PROTOCOLS = new Set(['http:', 'https:']);
const ORDERED = /^\s*(\d{1,3})[.)]\s+(.*)$/;
const BULLET = /^\s*[-*•]\s+(.*)$/;

/** The URL as a string when it is an absolute http(s) address, else null. */
export function safeUrl(raw) {
  try {
    const url = new URL(raw);
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Renders Markdown text into a DocumentFragment.
 * @param {string} text untrusted text (an article, an operator's reply)
 * @param {Document} doc the document that creates the nodes
 */
export function renderMarkdown(text, doc = document) {
  const fragment = doc.createDocumentFragment();
  const lines = String(text ?? '').replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    if (lines[i].trim() === '') {
      i++;
      continue;
    }
    const ordered = ORDERED.exec(lines[i]);
    const bullet = !ordered && BULLET.exec(lines[i]);
    if (ordered || bullet) {
      const list = doc.createElement(ordered ? 'ol' : 'ul');
      if (ordered && ordered[1] !== '1') list.start = Number(ordered[1]);
      const pattern = ordered ? ORDERED : BULLET;
      while (i < lines.length && pattern.test(lines[i])) {
        const match = pattern.exec(lines[i]);
        const item = doc.createElement('li');
        appendInline(item, ordered ? match[2] : match[1], doc);
        i++;
        // Indented continuation lines belong to the item.
        while (i < lines.length && /^\s{2,}\S/.test(lines[i]) && !ORDERED.test(lines[i]) && !BULLET.test(lines[i])) {
          item.appendChild(doc.createElement('br'));
          appendInline(item, lines[i].trim(), doc);
          i++;
        }
        list.appendChild(item);
      }
      fragment.appendChild(list);
      continue;
    }
    const paragraph = doc.createElement('p');
    let first = true;
    while (i < lines.length && lines[i].trim() !== '' && !ORDERED.test(lines[i]) && !BULLET.test(lines[i])) {
      if (!first) paragraph.appendChild(doc.createElement('br'));
      // Headings are shown as bold paragraphs.
      const heading = /^\s*#{1,6}\s+(.*)$/.exec(lines[i]);
      if (heading) {
        const strong = doc.createElement('strong');
        appendInline(strong, heading[1], doc);
        paragraph.appendChild(strong);
      } else {
        appendInline(paragraph, lines[i], doc);
      }
      first = false;
      i++;
    }
    fragment.appendChild(paragraph);
  }
  return fragment;
}

// Inline: **bold**, [label](url), bare http(s) URLs; everything else is text.
const INLINE = /\*\*([^*]+?)\*\*|__([^_]+?)__|\[([^\]\n]{1,500})\]\(([^)\s]{1,2000})\)|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?"'，。；：！？])/g;

function appendInline(parent, text, doc) {
  let last = 0;
  INLINE.lastIndex = 0;
  for (let m = INLINE.exec(text); m; m = INLINE.exec(text)) {
    if (m.index > last) parent.appendChild(doc.createTextNode(text.slice(last, m.index)));
    if (m[1] !== undefined || m[2] !== undefined) {
      const strong = doc.createElement('strong');
      appendLinks(strong, m[1] ?? m[2], doc);
      parent.appendChild(strong);
    } else if (m[3] !== undefined) {
      const href = safeUrl(m[4]);
      if (href) {
        parent.appendChild(link(href, m[3], doc));
      } else {
        // Not an http(s) link (javascript:, data:, relative): shown as the text it is.
        parent.appendChild(doc.createTextNode(m[0]));
      }
    } else {
      const href = safeUrl(m[5]);
      parent.appendChild(href ? link(href, m[5], doc) : doc.createTextNode(m[5]));
    }
    last = INLINE.lastIndex;
  }
  if (last < text.length) parent.appendChild(doc.createTextNode(text.slice(last)));
}

function appendLinks(parent, text, doc) {
  // Bold text may hold a bare address but no nested bold.
  const bare = /(https?:\/\/[^\s<>()]+[^\s<>().,;:!?"'，。；：！？])/g;
  let last = 0;
  for (let m = bare.exec(text); m; m = bare.exec(text)) {
    if (m.index > last) parent.appendChild(doc.createTextNode(text.slice(last, m.index)));
    const href = safeUrl(m[1]);
    parent.appendChild(href ? link(href, m[1], doc) : doc.createTextNode(m[1]));
    last = bare.lastIndex;
  }
  if (last < text.length) parent.appendChild(doc.createTextNode(text.slice(last)));
}

function link(href, label, doc) {
  const a = doc.createElement('a');
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  a.textContent = label;
  return a;
}

/** Plain text of Markdown, for the transcript file and screen-reader announcements. */
export function plainText(text) {
  return String(text ?? '')
    .replace(/\*\*([^*]+?)\*\*/g, '$1')
    .replace(/__([^_]+?)__/g, '$1')
    .replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (all, label, url) => (safeUrl(url) ? `${label} (${url})` : all));
}
