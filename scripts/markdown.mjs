// A small, dependency-free Markdown to HTML converter for this project's own docs
// (README.md and docs/*.md), used by scripts/docs-site.mjs, and the heading anchors that
// test/server/docs-links.test.mjs checks links against. It handles what these pages use:
// ATX headings, paragraphs, fenced code (also inside list items), nested lists, tables,
// block quotes, inline code, emphasis, links, images, autolinks and raw HTML blocks (the
// gallery's <img> tables). It is not a general CommonMark implementation, and it does not
// need to be: the pages are ours, and the docs site test renders every one of them.

/** HTML-escapes text. */
export const escapeHtml = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * GitHub's anchor for a heading: the text without markup, lower-cased, punctuation dropped
 * (letters, digits, spaces, `-` and `_` kept), spaces to `-`. Repeats get `-1`, `-2`, …
 * (`seen` counts them per page).
 */
export function slug(heading, seen = new Map()) {
  const text = heading
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '');
  const base = text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
  const n = seen.get(base) ?? 0;
  seen.set(base, n + 1);
  return n === 0 ? base : `${base}-${n}`;
}

/** The anchors of a page's headings (outside code blocks). */
export function headingAnchors(markdown) {
  const seen = new Map();
  const anchors = new Set();
  let fence = null;
  for (const line of markdown.split('\n')) {
    const f = /^\s*(```|~~~)/.exec(line);
    if (f) fence = fence === null ? f[1] : fence === f[1] ? null : fence;
    else if (fence === null) {
      const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
      if (h) anchors.add(slug(h[1], seen));
    }
  }
  return anchors;
}

/**
 * Inline Markdown to HTML. `link(href)` rewrites link and image targets (the docs site maps
 * `docs/x.md` to `x.html`).
 */
export function inline(text, link = (href) => href) {
  const slots = [];
  const keep = (html) => `\u0000${slots.push(html) - 1}\u0000`;
  let s = text;
  // Code spans first: nothing inside them is markup.
  s = s.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_, __, code) => keep(`<code>${escapeHtml(code.trim() === '' ? code : code.replace(/^ (.*) $/, '$1'))}</code>`));
  // Raw inline HTML tags we write in the docs (<img>, <a>, <br>, <kbd>, …): kept as they are,
  // with their src/href rewritten.
  s = s.replace(/<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/gi, (tag) => keep(tag.replace(/\b(src|href)="([^"]*)"/g, (_, attr, v) => `${attr}="${escapeHtml(link(v))}"`)));
  s = s.replace(/<(https?:\/\/[^\s>]+|mailto:[^\s>]+)>/g, (_, url) => keep(`<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`));
  s = s.replace(/!\[([^\]]*)\]\(([^)\s]+)(?:\s+"([^"]*)")?\)/g, (_, alt, src, title) =>
    keep(`<img src="${escapeHtml(link(src))}" alt="${escapeHtml(alt)}"${title ? ` title="${escapeHtml(title)}"` : ''}>`),
  );
  s = s.replace(/\[((?:[^\[\]]|\[[^\]]*\])+)\]\(([^)\s]+)\)/g, (_, label, href) => keep(`<a href="${escapeHtml(link(href))}">${inline(label, link)}</a>`));
  s = escapeHtml(s);
  s = s.replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '<strong>$1</strong>');
  s = s.replace(/(^|[^\w*])\*(?=\S)([^*]*?\S)\*(?!\w)/g, '$1<em>$2</em>');
  s = s.replace(/(^|[^\w])_(?=\S)([^_]*?\S)_(?!\w)/g, '$1<em>$2</em>');
  s = s.replace(/~~(?=\S)([\s\S]*?\S)~~/g, '<del>$1</del>');
  s = s.replace(/ {2,}\n/g, '<br>\n');
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u0000(\d+)\u0000/g, (_, i) => slots[Number(i)]);
}

const isTableRow = (line) => /^\s*\|.*\|\s*$/.test(line);
const splitRow = (line) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));

/**
 * Block Markdown to HTML.
 * @param {string} markdown
 * @param {{ link?: (href: string) => string, code?: (lang: string, code: string) => string }} [options]
 *   `link` rewrites targets; `code` renders a fenced block (default: <pre><code>).
 */
export function markdownToHtml(markdown, options = {}) {
  const link = options.link ?? ((href) => href);
  const codeBlock = options.code ?? ((lang, code) => `<pre><code${lang ? ` class="language-${escapeHtml(lang)}"` : ''}>${escapeHtml(code)}</code></pre>`);
  const seen = new Map();
  return blocks(markdown.replace(/\r\n?/g, '\n').split('\n'));

  /** @param {string[]} lines */
  function blocks(lines) {
    const html = [];
    let i = 0;
    const blank = (l) => l.trim() === '';
    while (i < lines.length) {
      const line = lines[i];
      if (blank(line)) {
        i++;
        continue;
      }
      // Fenced code: its indentation is removed from every line.
      const fence = /^(\s*)(```|~~~)\s*([\w+-]*)/.exec(line);
      if (fence) {
        const indent = fence[1].length;
        const body = [];
        i++;
        while (i < lines.length && !new RegExp(`^\\s*${fence[2]}\\s*$`).test(lines[i])) body.push(lines[i++].slice(Math.min(indent, /^\s*/.exec(lines[i - 1])[0].length)));
        i++;
        html.push(codeBlock(fence[3], body.join('\n')));
        continue;
      }
      const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
      if (heading) {
        const level = heading[1].length;
        const id = slug(heading[2], seen);
        html.push(`<h${level} id="${escapeHtml(id)}">${inline(heading[2], link)}<a class="anchor" href="#${escapeHtml(id)}" aria-label="Link to this section">#</a></h${level}>`);
        i++;
        continue;
      }
      if (/^\s*(-{3,}|\*{3,}|_{3,})\s*$/.test(line)) {
        html.push('<hr>');
        i++;
        continue;
      }
      // A table: a header row, a delimiter row, body rows.
      if (isTableRow(line) && i + 1 < lines.length && /^\s*\|?\s*:?-{2,}/.test(lines[i + 1])) {
        const head = splitRow(line);
        const align = splitRow(lines[i + 1]).map((c) => (c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : ''));
        i += 2;
        const rows = [];
        while (i < lines.length && isTableRow(lines[i])) rows.push(splitRow(lines[i++]));
        // A class, not a style attribute: the docs' pages allow no inline style (CSP).
        const td = (tag, c, k) => `<${tag}${align[k] ? ` class="align-${align[k]}"` : ''}>${inline(c, link)}</${tag}>`;
        html.push(
          `<div class="table"><table><thead><tr>${head.map((c, k) => td('th', c, k)).join('')}</tr></thead><tbody>${rows
            .map((r) => `<tr>${r.map((c, k) => td('td', c, k)).join('')}</tr>`)
            .join('\n')}</tbody></table></div>`,
        );
        continue;
      }
      // A raw HTML block (a line that starts with a tag): kept until a blank line.
      if (/^\s*<(table|div|p|img|details|picture|figure|!--)/i.test(line)) {
        const body = [];
        while (i < lines.length && !blank(lines[i])) body.push(lines[i++]);
        html.push(body.join('\n').replace(/\b(src|href)="([^"]*)"/g, (_, attr, v) => `${attr}="${escapeHtml(link(v))}"`));
        continue;
      }
      if (/^\s*>/.test(line)) {
        const body = [];
        while (i < lines.length && /^\s*>/.test(lines[i])) body.push(lines[i++].replace(/^\s*> ?/, ''));
        html.push(`<blockquote>${blocks(body)}</blockquote>`);
        continue;
      }
      const item = /^(\s*)([-*+]|\d+[.)])\s+/.exec(line);
      if (item) {
        const indent = item[1].length;
        const ordered = /\d/.test(item[2]);
        const start = ordered ? Number.parseInt(item[2], 10) : 1;
        const items = [];
        while (i < lines.length) {
          const m = /^(\s*)([-*+]|\d+[.)])\s+/.exec(lines[i]);
          if (!m || m[1].length !== indent || /\d/.test(m[2]) !== ordered) break;
          const content = m[0].length;
          const body = [lines[i].slice(content)];
          i++;
          // The item goes on while lines are indented past its marker, or blank lines are
          // followed by such a line.
          while (i < lines.length) {
            if (blank(lines[i])) {
              let j = i;
              while (j < lines.length && blank(lines[j])) j++;
              if (j < lines.length && /^\s*/.exec(lines[j])[0].length > indent) {
                while (i < j) body.push(lines[i++].trim());
                continue;
              }
              break;
            }
            const lead = /^\s*/.exec(lines[i])[0].length;
            if (lead > indent) body.push(lines[i++].slice(Math.min(lead, content)));
            else if (!/^(\s*)([-*+]|\d+[.)])\s+|^\s*(#|```|~~~|\|)/.test(lines[i])) body.push(lines[i++]);
            else break;
          }
          items.push(body);
        }
        const tag = ordered ? 'ol' : 'ul';
        html.push(
          `<${tag}${ordered && start !== 1 ? ` start="${start}"` : ''}>${items
            .map((body) => {
              const inner = blocks(body);
              // A tight item: its one paragraph without <p>.
              const tight = /^<p>[\s\S]*<\/p>$/.test(inner) && inner.indexOf('<p>', 1) < 0;
              return `<li>${tight ? inner.slice(3, -4) : inner}</li>`;
            })
            .join('\n')}</${tag}>`,
        );
        continue;
      }
      // A paragraph: until a blank line or the start of another block.
      const body = [];
      while (
        i < lines.length &&
        !blank(lines[i]) &&
        !(body.length && /^\s*(#{1,6}\s|```|~~~|>|[-*+]\s|\d+[.)]\s)/.test(lines[i])) &&
        !(body.length && isTableRow(lines[i]))
      )
        body.push(lines[i++]);
      html.push(`<p>${inline(body.join('\n').trim(), link)}</p>`);
    }
    return html.join('\n');
  }
}
