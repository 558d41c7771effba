import { expect } from '@open-wc/testing';
import { render } from 'lit';
import { MAX_MARKDOWN, renderMarkdown } from '../../src/panel/markdown.js';
import { safeUrl } from '../../src/safe-url.js';
import { MARKDOWN_XSS_VECTORS, XSS_VECTORS, materialize } from '../security/xss-vectors.js';
import { xssHits } from '../helpers/xss-hits.js';


/** Renders `text` into a fresh, attached div and returns the div. */
function md(text: string): HTMLElement {
  const div = document.createElement('div');
  document.body.append(div);
  render(renderMarkdown(text), div);
  return div;
}

/** The markup inside the `.md` wrapper, without Lit's comment markers. */
function markup(text: string): string {
  const div = md(text);
  const out = div.querySelector('.md')!.innerHTML.replace(/<!--[\s\S]*?-->/g, '');
  div.remove();
  return out;
}

const ALLOWED_TAGS = new Set(['p', 'br', 'strong', 'em', 's', 'code', 'pre', 'a', 'ul', 'ol', 'li', 'span']);
const ALLOWED_ATTRS: Record<string, readonly string[]> = { a: ['href', 'target', 'rel'], ol: ['start'], span: ['class'] };

/** Everything wrong with a rendering, as readable lines (empty when clean). */
function audit(root: HTMLElement): string[] {
  const problems: string[] = [];
  for (const el of root.querySelectorAll('*')) {
    const tag = el.localName;
    if (!ALLOWED_TAGS.has(tag)) problems.push(`element <${tag}>`);
    for (const name of el.getAttributeNames()) {
      if (name.startsWith('on')) problems.push(`event-handler attribute ${name} on <${tag}>`);
      else if (!ALLOWED_ATTRS[tag]?.includes(name)) problems.push(`attribute ${name} on <${tag}>`);
    }
    if (tag === 'a') {
      const href = el.getAttribute('href');
      if (href === null || safeUrl(href) !== href) problems.push(`link to ${JSON.stringify(href)}`);
      const web = href?.startsWith('http');
      if (web && (el.getAttribute('target') !== '_blank' || el.getAttribute('rel') !== 'noopener noreferrer')) {
        problems.push(`web link without target/rel: ${href}`);
      }
      if (el.querySelector('a') || el.parentElement?.closest('a')) problems.push('nested link');
    }
  }
  return problems;
}

describe('renderMarkdown: constructs', () => {
  const cases: readonly (readonly [string, string, string])[] = [
    ['plain text', 'Hello there', '<p>Hello there</p>'],
    ['a single newline is a line break', 'one\ntwo\r\nthree', '<p>one<br>two<br>three</p>'],
    ['a blank line starts a paragraph', 'one\n\n\ntwo', '<p>one</p><p>two</p>'],
    ['bold', '**bold** and __also__', '<p><strong>bold</strong> and <strong>also</strong></p>'],
    ['italic', '*it* and _it_', '<p><em>it</em> and <em>it</em></p>'],
    ['bold italic', '***both***', '<p><em><strong>both</strong></em></p>'],
    ['nested emphasis', '**bold _and it_**', '<p><strong>bold <em>and it</em></strong></p>'],
    ['intra-word underscores stay literal', 'snake_case_name and __init__.py', '<p>snake_case_name and <strong>init</strong>.py</p>'],
    ['a lone or spaced marker is literal', 'a * b _ c ** d', '<p>a * b _ c ** d</p>'],
    ['strikethrough', '~~gone~~ but ~one~', '<p><s>gone</s> but ~one~</p>'],
    ['inline code is literal', 'run `a *b* [c](https://x.example)` now', '<p>run <code>a *b* [c](https://x.example)</code> now</p>'],
    ['double-backtick code may hold a backtick', '``a ` b``', '<p><code>a ` b</code></p>'],
    ['unclosed backticks are text', 'a `b', '<p>a `b</p>'],
    ['fenced code is literal', 'before\n```js\n**x** <b>y</b>\n  indented\n```\nafter', '<p>before</p><pre><code>**x** &lt;b&gt;y&lt;/b&gt;\n  indented</code></pre><p>after</p>'],
    ['an unclosed fence is text', '```\ncode', '<p>```<br>code</p>'],
    ['one-line triple backticks are inline code', '```SELECT 1```', '<p><code>SELECT 1</code></p>'],
    ['a web link', '[site](https://example.com/a?b=c)', '<p><a target="_blank" rel="noopener noreferrer" href="https://example.com/a?b=c">site</a></p>'],
    ['a link with a title', '[site](https://example.com "Example")', '<p><a target="_blank" rel="noopener noreferrer" href="https://example.com/">site</a></p>'],
    ['a link in angle brackets', '[site](<https://example.com/a>)', '<p><a target="_blank" rel="noopener noreferrer" href="https://example.com/a">site</a></p>'],
    ['a link with a space is refused (safeUrl)', '[site](<https://example.com/a b>)', '<p>site</p>'],
    ['a link with parentheses', '[wiki](https://en.wikipedia.org/wiki/Lit_(software))', '<p><a target="_blank" rel="noopener noreferrer" href="https://en.wikipedia.org/wiki/Lit_(software)">wiki</a></p>'],
    ['mailto and tel links have no target', '[mail](mailto:help@example.com) [call](tel:+15550100)', '<p><a href="mailto:help@example.com">mail</a> <a href="tel:+15550100">call</a></p>'],
    ['link text may hold emphasis', '[**big** deal](https://example.com/)', '<p><a target="_blank" rel="noopener noreferrer" href="https://example.com/"><strong>big</strong> deal</a></p>'],
    ['a refused link is its text', '[click](javascript:alert(1)) me', '<p>click me</p>'],
    ['bare URLs are linked, trailing punctuation left out', 'See https://example.com/a_b_c. Or (http://x.example/p)!', '<p>See <a target="_blank" rel="noopener noreferrer" href="https://example.com/a_b_c">https://example.com/a_b_c</a>. Or (<a target="_blank" rel="noopener noreferrer" href="http://x.example/p">http://x.example/p</a>)!</p>'],
    ['a bare URL inside emphasis', '**https://example.com/**', '<p><strong><a target="_blank" rel="noopener noreferrer" href="https://example.com/">https://example.com/</a></strong></p>'],
    ['a URL as link text is not linked twice', '[https://a.example/](https://b.example/)', '<p><a target="_blank" rel="noopener noreferrer" href="https://b.example/">https://a.example/</a></p>'],
    ['links do not nest', '[a [b](https://b.example/) c](https://c.example/)', '<p>[a <a target="_blank" rel="noopener noreferrer" href="https://b.example/">b</a> c](<a target="_blank" rel="noopener noreferrer" href="https://c.example/">https://c.example/</a>)</p>'],
    ['a deceptive bare URL is text', 'https://bank.example@evil.example/', '<p>https://bank.example@evil.example/</p>'],
    ['bullets', '- one\n* two\n+ three', '<ul><li>one</li><li>two</li><li>three</li></ul>'],
    ['numbers keep their start', '3. c\n4. d', '<ol start="3"><li>c</li><li>d</li></ol>'],
    ['numbers from one have no start', '1. a\n1. b', '<ol><li>a</li><li>b</li></ol>'],
    ['one level of nesting', '- a\n  - a1\n  - a2\n- b\n  1. b1', '<ul><li>a<ul><li>a1</li><li>a2</li></ul></li><li>b<ol><li>b1</li></ol></li></ul>'],
    ['deeper nesting stays at one level', '- a\n  - b\n    - c', '<ul><li>a<ul><li>b</li><li>c</li></ul></li></ul>'],
    ['a list after a paragraph line', 'Options:\n- **fast**\n- cheap', '<p>Options:</p><ul><li><strong>fast</strong></li><li>cheap</li></ul>'],
    ['a continuation line joins the item', '- one\ncontinued\n\nafter', '<ul><li>one<br>continued</li></ul><p>after</p>'],
    ['a number mid-paragraph is not a list', 'In the year\n2024. we shipped', '<p>In the year<br>2024. we shipped</p>'],
    ['backslash escapes', '\\*not\\* \\_em\\_ \\[x\\](y) \\`z\\` \\\\ \\a', '<p>*not* _em_ [x](y) `z` \\ \\a</p>'],
    ['headings, rules and tables are text', '# Title\n---\n| a | b |', '<p># Title<br>---<br>| a | b |</p>'],
    ['images are not rendered', '![alt](https://example.com/x.png)', '<p>!<a target="_blank" rel="noopener noreferrer" href="https://example.com/x.png">alt</a></p>'],
    ['HTML is text', '<b>hi</b> &amp; <i>x</i>', '<p>&lt;b&gt;hi&lt;/b&gt; &amp;amp; &lt;i&gt;x&lt;/i&gt;</p>'],
    ['empty input', '', ''],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => {
      expect(markup(input)).to.equal(expected);
    });
  }

  it('renders into the DOM with the expected elements, text, href, target and rel', () => {
    const div = md('Hi **Ann**, see [the guide](https://help.example/guide) or [mail us](mailto:help@example.com).\n\n- one\n- `two`');
    const root = div.querySelector('.md')!;
    expect([...root.children].map((c) => c.localName)).to.deep.equal(['p', 'ul']);
    expect(root.querySelector('strong')!.textContent).to.equal('Ann');
    const [web, mail] = [...root.querySelectorAll('a')];
    expect([web!.textContent, web!.href, web!.target, web!.rel]).to.deep.equal(['the guide', 'https://help.example/guide', '_blank', 'noopener noreferrer']);
    expect([mail!.textContent, mail!.href, mail!.hasAttribute('target'), mail!.hasAttribute('rel')]).to.deep.equal(['mail us', 'mailto:help@example.com', false, false]);
    expect([...root.querySelectorAll('li')].map((li) => li.textContent)).to.deep.equal(['one', 'two']);
    expect(root.querySelector('li code')!.textContent).to.equal('two');
    expect(audit(div)).to.deep.equal([]);
    div.remove();
  });

  it('renders the 4,096-character maximum message', () => {
    const unit = 'Hello **there**, _see_ [docs](https://help.example/a) and `code`.\n- item https://x.example/p\n\n';
    const text = unit.repeat(Math.ceil(4096 / unit.length)).slice(0, 4096);
    const div = md(text);
    expect(text.length).to.equal(4096);
    expect(div.querySelectorAll('a').length).to.be.greaterThan(40);
    expect(div.querySelectorAll('strong').length).to.be.greaterThan(40);
    expect(audit(div)).to.deep.equal([]);
    div.remove();
  });

  it(`renders input over ${MAX_MARKDOWN} characters as plain text`, () => {
    const text = '**x** [a](https://a.example/)\n'.repeat(Math.ceil((MAX_MARKDOWN + 1) / 30));
    const div = md(text);
    expect(div.querySelectorAll('.md *').length).to.equal(0);
    expect(div.querySelector('.md')!.textContent).to.equal(text);
    div.remove();
  });
});

describe('renderMarkdown: hostile input', () => {
  const hits = xssHits();

  const HOSTILE = [
    '[x](javascript:alert(1))',
    '[x](JAVASCRIPT:alert(1))',
    '[x](java\nscript:window.__xss=1)',
    '[x](java\tscript:window.__xss=1)',
    '<script>window.__xss=1</script>',
    '<img src=x onerror="window.__xss=1">',
    '[<img src=x onerror="window.__xss=1">](https://ok.example/)',
    '<a href="javascript:window.__xss=1">x</a>',
    '[x](data:text/html,<script>window.__xss=1</script>)',
    '`<img src=x onerror="window.__xss=1">`',
    '```\n<img src=x onerror="window.__xss=1">\n```',
    '**<svg onload="window.__xss=1">**',
    '- [a](vbscript:x)\n  - [b](file:///etc/passwd)',
    'https://ok.example/"><img src=x onerror="window.__xss=1">',
  ];

  it('renders only allowed elements and safe links, and runs nothing', async () => {
    const problems: string[] = [];
    const inputs = [
      ...HOSTILE,
      ...MARKDOWN_XSS_VECTORS.map((v, i) => materialize(v, i)),
      ...XSS_VECTORS.map((v, i) => materialize(v, 1000 + i)),
    ];
    const divs = inputs.map((text) => {
      const div = md(text);
      for (const p of audit(div)) problems.push(`${JSON.stringify(text.slice(0, 60))}: ${p}`);
      return div;
    });
    // Give any injected script, handler or image a chance to run before looking for it.
    await new Promise((r) => setTimeout(r, 100));
    for (const div of divs) div.remove();
    expect(problems).to.deep.equal([]);
    expect(hits).to.deep.equal([]);
    expect(window.__xss).to.equal(undefined);
    console.log(`FIGURE markdown xss: ${inputs.length} hostile inputs rendered, 0 problems`);
  });

  it('shows refused links as their text and HTML as text', () => {
    expect(markup('[x](javascript:alert(1))')).to.equal('<p>x</p>');
    expect(markup('[x](JAVASCRIPT:alert(1))')).to.equal('<p>x</p>');
    expect(markup('[x](data:text/html,hi)')).to.equal('<p>x</p>');
    expect(markup('<script>window.__xss=1</script>')).to.equal('<p>&lt;script&gt;window.__xss=1&lt;/script&gt;</p>');
    expect(markup('[<img src=x>](https://ok.example/)')).to.equal('<p><a target="_blank" rel="noopener noreferrer" href="https://ok.example/">&lt;img src=x&gt;</a></p>');
  });
});

describe('renderMarkdown: pathological input', () => {
  const cases: readonly (readonly [string, string])[] = [
    ['** x10,000', '**'.repeat(10_000)],
    ['[ x10,000', '['.repeat(10_000)],
    ['[x]( x10,000', '[x]('.repeat(5_000)],
    ['] x10,000 after [', '['.repeat(6) + ']('.repeat(9_000)],
    ['*a* nested 10,000 deep', '*a '.repeat(10_000) + 'x' + ' a*'.repeat(10_000)],
    ['*_ alternating 10,000 deep', '*_'.repeat(5_000) + 'x' + '_*'.repeat(5_000)],
    ['~~ nested', '~~a '.repeat(5_000) + ' a~~'.repeat(5_000)],
    ['100,000 backticks', '`'.repeat(100_000)],
    ['backtick runs of rising length', Array.from({ length: 180 }, (_, i) => '`'.repeat(i + 1)).join('a')],
    ['https:// x2,500', 'https://'.repeat(2_500)],
    ['unbalanced everything', '*_~`[](<>\\'.repeat(2_000)],
    ['list items x5,000', '- a\n  - b\n'.repeat(2_500)],
    ['unclosed fences of every length', Array.from({ length: 2_000 }, (_, i) => '`'.repeat(3 + (i % 7)) + 'x').join('\n')],
    ['newlines x19,999', '\n'.repeat(19_999)],
    // The inputs above that are over the cap render as plain text; the same shapes under it:
    ['*a* nested 3,333 deep (under the cap)', '*a '.repeat(3_333) + 'x' + ' a*'.repeat(3_333)],
    ['~~ nested 2,500 deep (under the cap)', '~~a '.repeat(2_500) + ' a~~'.repeat(2_500)],
    ['20,000 backticks (under the cap)', '`'.repeat(20_000)],
    ['backtick pairs x10,000 (under the cap)', '`a'.repeat(10_000)],
    ['list items x4,000 (under the cap)', '- a\n  - b\n'.repeat(2_000)],
    ['[x](u) links x2,000 (under the cap)', '[**x**](https://a.example/) '.repeat(700)],
  ];
  for (const [name, text] of cases) {
    it(`${name} renders without overflowing the stack`, () => {
      const t0 = performance.now();
      const template = renderMarkdown(text);
      const t1 = performance.now();
      const div = document.createElement('div');
      render(template, div);
      const t2 = performance.now();
      console.log(`BENCH markdown ${name} (${text.length} chars): renderMarkdown ${(t1 - t0).toFixed(1)} ms, Lit render to DOM ${(t2 - t1).toFixed(1)} ms`);
      expect(audit(div)).to.deep.equal([]);
      expect(div.querySelector('.md')).to.exist;
    });
  }

  it('caps inline nesting: the markers past the cap stay text', () => {
    const div = md('*a '.repeat(50) + 'x' + ' a*'.repeat(50));
    let depth = 0;
    for (let el = div.querySelector('em'); el; el = el.querySelector('em')) depth++;
    expect(depth).to.equal(6);
    expect(div.textContent).to.include('*a *a');
  });
});
