import { expect } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import { MAX_LINKIFY, linkify } from '../../src/panel/linkify.js';
import { safeUrl } from '../../src/safe-url.js';
import { XSS_VECTORS, materialize } from '../security/xss-vectors.js';
import { xssHits } from '../helpers/xss-hits.js';


/** Renders `linkify(text)` into a fresh, attached div and returns the div. */
function view(text: string): HTMLElement {
  const div = document.createElement('div');
  document.body.append(div);
  render(linkify(text), div);
  return div;
}

/** Each link as [text, href attribute, target, rel] (null for a missing attribute). */
function links(text: string): (string | null)[][] {
  const div = view(text);
  const out = [...div.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')]);
  div.remove();
  return out;
}

/** Everything wrong with a rendering, as readable lines (empty when clean). */
function audit(root: HTMLElement): string[] {
  const problems: string[] = [];
  for (const el of root.querySelectorAll('*')) {
    const tag = el.localName;
    if (tag !== 'a') problems.push(`element <${tag}>`);
    for (const name of el.getAttributeNames()) {
      if (name.startsWith('on')) problems.push(`event-handler attribute ${name} on <${tag}>`);
      else if (!['href', 'target', 'rel', 'dir'].includes(name)) problems.push(`attribute ${name} on <${tag}>`);
    }
    if (tag === 'a') {
      const href = el.getAttribute('href');
      if (href === null || safeUrl(href, 'link') !== href) problems.push(`link to ${JSON.stringify(href)}`);
      const web = href?.startsWith('http');
      if (web && (el.getAttribute('target') !== '_blank' || el.getAttribute('rel') !== 'noopener noreferrer')) {
        problems.push(`web link without target/rel: ${href}`);
      }
      if (!web && (el.hasAttribute('target') || el.hasAttribute('rel'))) problems.push(`target/rel on ${href}`);
    }
  }
  return problems;
}

const WEB = ['_blank', 'noopener noreferrer'] as const;
const NO_TARGET = [null, null] as const;

describe('linkify: output shape', () => {
  it('returns an array of strings and templates, text in order', () => {
    expect(linkify('')).to.deep.equal([]);
    expect(linkify('just words')).to.deep.equal(['just words']);
    const parts = linkify('a https://a.example/ b') as (string | TemplateResult)[];
    expect(parts).to.be.an('array').with.length(3);
    expect(parts[0]).to.equal('a ');
    expect(parts[1]).to.have.property('strings');
    expect(parts[2]).to.equal(' b');
  });

  it('keeps every character of the text', () => {
    const text = 'Mail a@b.example, call +49 30 1234567 or see (https://a.example/x).';
    const div = view(text);
    expect(div.textContent).to.equal(text);
    expect(div.querySelectorAll('a').length).to.equal(3);
    div.remove();
  });

  it(`returns input over ${MAX_LINKIFY} characters as one string`, () => {
    const text = 'https://a.example/ '.repeat(Math.ceil((MAX_LINKIFY + 1) / 19));
    expect(linkify(text)).to.deep.equal([text]);
  });
});

describe('linkify: links', () => {
  const cases: readonly (readonly [string, string, string, readonly [string | null, string | null]])[] = [
    ['Visit https://a.example/x today', 'https://a.example/x', 'https://a.example/x', WEB],
    ['http://a.example', 'http://a.example', 'http://a.example/', WEB],
    ['HTTPS://A.EXAMPLE/Path', 'HTTPS://A.EXAMPLE/Path', 'https://a.example/Path', WEB],
    ['see www.example.com/docs?q=1#top', 'www.example.com/docs?q=1#top', 'https://www.example.com/docs?q=1#top', WEB],
    ['(see https://a.example/x)', 'https://a.example/x', 'https://a.example/x', WEB],
    ['<https://a.example>', 'https://a.example', 'https://a.example/', WEB],
    ['Go to https://a.example/x.', 'https://a.example/x', 'https://a.example/x', WEB],
    ['https://a.example/x?!', 'https://a.example/x', 'https://a.example/x', WEB],
    ['Really? https://a.example/x;', 'https://a.example/x', 'https://a.example/x', WEB],
    ['https://en.wikipedia.org/wiki/Foo_(bar)', 'https://en.wikipedia.org/wiki/Foo_(bar)', 'https://en.wikipedia.org/wiki/Foo_(bar)', WEB],
    ['(https://en.wikipedia.org/wiki/Foo_(bar)).', 'https://en.wikipedia.org/wiki/Foo_(bar)', 'https://en.wikipedia.org/wiki/Foo_(bar)', WEB],
    ['[https://a.example/x]', 'https://a.example/x', 'https://a.example/x', WEB],
    ["'https://a.example/q'", 'https://a.example/q', 'https://a.example/q', WEB],
    ['"https://a.example/q"', 'https://a.example/q', 'https://a.example/q', WEB],
    ['“https://a.example/q”', 'https://a.example/q', 'https://a.example/q', WEB],
    ['Link: https://a.example/', 'https://a.example/', 'https://a.example/', WEB],
    ['https://a.example:8443/a/b?c=d&e=f', 'https://a.example:8443/a/b?c=d&e=f', 'https://a.example:8443/a/b?c=d&e=f', WEB],
    ['Mail help@example.com.', 'help@example.com', 'mailto:help@example.com', NO_TARGET],
    ['first.last+tag@sub.example.co.uk', 'first.last+tag@sub.example.co.uk', 'mailto:first.last+tag@sub.example.co.uk', NO_TARGET],
    ['(jo_ann-b@example.org)', 'jo_ann-b@example.org', 'mailto:jo_ann-b@example.org', NO_TARGET],
    ['+49 30 1234567', '+49 30 1234567', 'tel:+49301234567', NO_TARGET],
    ['Call +1 (555) 010-9999 now', '+1 (555) 010-9999', 'tel:+15550109999', NO_TARGET],
    ['+44 (0)20 7946 0958', '+44 (0)20 7946 0958', 'tel:+442079460958', NO_TARGET],
    ['Tel:+4930123456.', '+4930123456', 'tel:+4930123456', NO_TARGET],
    ['+33 6 12 34 56 78', '+33 6 12 34 56 78', 'tel:+33612345678', NO_TARGET],
    ['030 1234567', '030 1234567', 'tel:0301234567', NO_TARGET],
    ['Ruf an: 030 1234567 um 10:30', '030 1234567', 'tel:0301234567', NO_TARGET],
    ['(030) 1234567', '(030) 1234567', 'tel:0301234567', NO_TARGET],
    ['0171-1234567', '0171-1234567', 'tel:01711234567', NO_TARGET],
    ['030/1234567', '030/1234567', 'tel:0301234567', NO_TARGET],
    ['06\u00a012\u00a034\u00a056\u00a078', '06\u00a012\u00a034\u00a056\u00a078', 'tel:0612345678', NO_TARGET],
    ['555-010-9999', '555-010-9999', 'tel:5550109999', NO_TARGET],
    ['(555) 010-9999', '(555) 010-9999', 'tel:5550109999', NO_TARGET],
    ['555.010.9999', '555.010.9999', 'tel:5550109999', NO_TARGET],
    ['1-555-010-9999', '1-555-010-9999', 'tel:15550109999', NO_TARGET],
    ['On 2026-11-26 call 030 1234567.', '030 1234567', 'tel:0301234567', NO_TARGET],
  ];
  for (const [text, label, href, [target, rel]] of cases) {
    it(`${JSON.stringify(text)} links ${JSON.stringify(label)} to ${href}`, () => {
      expect(links(text)).to.deep.equal([[label, href, target, rel]]);
      expect(safeUrl(href, 'link')).to.equal(href);
    });
  }

  it('links several in one message, in order', () => {
    const text = 'Docs: https://a.example/x, mail help@example.com or call +49 30 1234567; www.b.example!';
    expect(links(text).map((l) => l[1])).to.deep.equal([
      'https://a.example/x',
      'mailto:help@example.com',
      'tel:+49301234567',
      'https://www.b.example/',
    ]);
  });

  it('links numbers separated by spaces one by one', () => {
    expect(links('030 1234567 030 7654321').map((l) => l[1])).to.deep.equal(['tel:0301234567', 'tel:0307654321']);
    expect(links('555-010-9999 555-010-8888').map((l) => l[1])).to.deep.equal(['tel:5550109999', 'tel:5550108888']);
    expect(links('+49 30 1234567 +49 30 7654321').map((l) => l[1])).to.deep.equal(['tel:+49301234567', 'tel:+49307654321']);
  });

  it('isolates each link as left-to-right', () => {
    const div = view('https://a.example/ a@b.example 030 1234567');
    expect([...div.querySelectorAll('a')].map((a) => a.dir)).to.deep.equal(['ltr', 'ltr', 'ltr']);
    div.remove();
  });
});

describe('linkify: not links', () => {
  const cases: readonly string[] = [
    'Order A-1042 shipped',
    'Order #0301234567',
    'Ref A-0301234567',
    'on 2026-11-26',
    'on 26.11.2026',
    'on 01.02.2026',
    'on 01/02/2026',
    'at 10:30',
    'at 10:30:15',
    'costs 1,234.50',
    'costs 1.234.567,50 €',
    'costs $1234567',
    'code 123456',
    'PIN 12345',
    'ticket 1234567',
    '4111 1111 1111 1111',
    'version 1.2.3.4',
    'IP 192.168.100.200',
    '+49 123',
    '+1234567890123456',
    '0301234567890123',
    '+0 30 1234567',
    '123-456-7890',
    '555-0109-999',
    '0301234567x',
    'x0301234567',
    '0301234567@',
    '0 0 0 0 0 0 0 0',
    '01 2 3 4 5 6',
    'https://',
    'www.',
    'www..example',
    'foo@bar',
    'foo@bar.c',
    'foo@bar.c0m',
    'a@b@c.example',
    'foo..bar@example.com',
    '@example.com',
    'ftp://a.example/file',
    'file:///etc/passwd',
    'mailto:',
    'tel:',
    'xhttps://a.example',
    'Link:https://a.example/',
    'a.www.example.com',
    'see example.com',
  ];
  for (const text of cases) {
    it(`${JSON.stringify(text)} stays text`, () => {
      const div = view(text);
      expect(div.querySelector('a')).to.equal(null);
      expect(div.textContent).to.equal(text);
      div.remove();
    });
  }
});

describe('linkify: hostile input', () => {
  const hits = xssHits();

  const REFUSED = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\nscript:alert(1)',
    'javascript://a.example/%0aalert(1)',
    'javascript:https://a.example/',
    'vbscript:msgbox(1)',
    'data:text/html,<script>window.__xss=1</script>',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'https://user:pass@bank.example@evil.example',
    'https://bank.example@evil.example/',
    'https://user@evil.example/',
    'http://a.example\\@evil.example/',
    '<a href="javascript:window.__xss=1">x</a>',
    '<img src=x onerror="window.__xss=1">',
    '<script>window.__xss=1</script>',
    '&#106;avascript:alert(1)',
    'https://' + 'a'.repeat(2100) + '.example/',
  ];
  for (const text of REFUSED) {
    it(`${JSON.stringify(text.slice(0, 60))} is shown as text`, () => {
      const div = view(text);
      expect(div.querySelector('*')).to.equal(null);
      expect(div.textContent).to.equal(text);
      div.remove();
    });
  }

  it('keeps a quote from breaking out of the href', () => {
    const div = view('https://evil.example/"onmouseover=alert(1)');
    const a = div.querySelectorAll('a');
    expect(a.length).to.equal(1);
    expect(a[0]!.getAttribute('href')).to.equal('https://evil.example/');
    expect(a[0]!.getAttributeNames().sort()).to.deep.equal(['dir', 'href', 'rel', 'target']);
    expect(div.textContent).to.equal('https://evil.example/"onmouseover=alert(1)');
    expect(audit(div)).to.deep.equal([]);
    div.remove();
  });

  it('ends a URL at a control character', () => {
    const div = view('https://a.example/\u0000x');
    expect(div.querySelector('a')!.getAttribute('href')).to.equal('https://a.example/');
    // Compared escaped: a NUL in an assertion message would break the test runner's report.
    expect(JSON.stringify(div.textContent)).to.equal(JSON.stringify('https://a.example/\u0000x'));
    div.remove();
  });

  it('keeps bidi overrides out of links', () => {
    const div = view('https://a.example/\u202Egpj.exe');
    expect(div.querySelector('a')!.getAttribute('href')).to.equal('https://a.example/');
    expect(div.textContent).to.equal('https://a.example/\u202Egpj.exe');
    div.remove();
  });

  const HOSTILE = [
    ...REFUSED,
    'https://ok.example/"><img src=x onerror="window.__xss=1">',
    "https://ok.example/'onmouseover='window.__xss=1'",
    'https://ok.example/`${window.__xss=1}`',
    'www.ok.example/"><svg onload=window.__xss=1>',
    'x@ok.example?subject=<script>window.__xss=1</script>',
    '"><a href=javascript:window.__xss=1>+49 30 1234567</a>',
    '{{constructor.constructor("window.__xss=1")()}} https://ok.example/',
    '${window.__xss=1} 030 1234567',
  ];

  it('renders only safe links and text, and runs nothing', async () => {
    const inputs = [...HOSTILE, ...XSS_VECTORS.map((v, i) => materialize(v, 2000 + i))];
    const problems: string[] = [];
    const divs = inputs.map((text) => {
      const div = view(text);
      for (const p of audit(div)) problems.push(`${JSON.stringify(text.slice(0, 60))}: ${p}`);
      if (div.textContent !== text) problems.push(`${JSON.stringify(text.slice(0, 60))}: text changed`);
      return div;
    });
    await new Promise((r) => setTimeout(r, 100));
    for (const div of divs) div.remove();
    expect(problems).to.deep.equal([]);
    expect(hits).to.deep.equal([]);
    expect(window.__xss).to.equal(undefined);
    console.log(`FIGURE linkify xss: ${inputs.length} hostile inputs rendered, 0 problems`);
  });
});

describe('linkify: right-to-left and mixed text', () => {
  it('keeps a URL inside Arabic text intact', () => {
    const text = 'زوروا https://help.example/ar/مساعدة?id=7 للمزيد من المعلومات.';
    const div = view(text);
    const a = div.querySelector('a')!;
    expect(a.textContent).to.equal('https://help.example/ar/مساعدة?id=7');
    expect(a.getAttribute('href')).to.equal(safeUrl('https://help.example/ar/مساعدة?id=7', 'link'));
    expect(a.getAttribute('href')).to.equal('https://help.example/ar/%D9%85%D8%B3%D8%A7%D8%B9%D8%AF%D8%A9?id=7');
    expect(a.dir).to.equal('ltr');
    expect(div.textContent).to.equal(text);
    div.remove();
  });

  it('leaves Arabic punctuation after a URL out of it', () => {
    expect(links('راجع https://a.example/x، شكرا')).to.deep.equal([['https://a.example/x', 'https://a.example/x', ...WEB]]);
    expect(links('هل رأيت https://a.example/x؟')).to.deep.equal([['https://a.example/x', 'https://a.example/x', ...WEB]]);
  });

  it('links e-mail and phone in Arabic text', () => {
    expect(links('راسلنا على help@example.com أو اتصل +966 11 123 4567 شكرا')).to.deep.equal([
      ['help@example.com', 'mailto:help@example.com', null, null],
      ['+966 11 123 4567', 'tel:+966111234567', null, null],
    ]);
  });

  it('links a URL between CJK characters', () => {
    expect(links('请访问https://a.example/x。谢谢')).to.deep.equal([['https://a.example/x', 'https://a.example/x', ...WEB]]);
  });

  it('links a URL with an internationalised host, showing it as written', () => {
    const div = view('Siehe https://bücher.example/straße');
    const a = div.querySelector('a')!;
    expect(a.textContent).to.equal('https://bücher.example/straße');
    expect(a.getAttribute('href')).to.equal('https://xn--bcher-kva.example/stra%C3%9Fe');
    div.remove();
  });
});

describe('linkify: pathological input', () => {
  const fill = (unit: string) => unit.repeat(Math.ceil(4096 / unit.length)).slice(0, 4096);
  const cases: readonly (readonly [string, string])[] = [
    ['https:// x512', fill('https://')],
    ['"https:// " x455', fill('https:// ')],
    ['https://a.example/ x227', fill('https://a.example/ ')],
    ['www. x1024', fill('www.')],
    ['( x4096', fill('(')],
    ['https://a( x', 'https://a' + fill('(').slice(9)],
    ['https://a) x', 'https://a' + fill(')').slice(9)],
    ['a@ x2048', fill('a@')],
    ['a. then @', fill('a.').slice(0, 4095) + '@'],
    ['@ then a.', '@' + fill('a.').slice(1)],
    ['x@a.example x', fill('x@a.example ')],
    ['digits x4096', fill('0')],
    ['"0 " x2048', fill('0 ')],
    ['"+1 " x1024', fill('+1 ')],
    ['"(0)" x1365', fill('(0)')],
    ['"030 1234567 " x341', fill('030 1234567 ')],
    ['"1-" x2048', fill('1-')],
    ['mixed', fill('See https://a.example/(x) or a@b.example, +49 30 1234567; 2026-11-26 ')],
  ];
  for (const [name, text] of cases) {
    it(`${name} (${text.length} chars) is linkified in linear time`, () => {
      const t0 = performance.now();
      const parts = linkify(text);
      const t1 = performance.now();
      const div = document.createElement('div');
      render(parts, div);
      const t2 = performance.now();
      console.log(`BENCH linkify ${name} (${text.length} chars): linkify ${(t1 - t0).toFixed(2)} ms, Lit render ${(t2 - t1).toFixed(2)} ms, ${div.querySelectorAll('a').length} links`);
      expect(div.textContent).to.equal(text);
      expect(audit(div)).to.deep.equal([]);
    });
  }
});
