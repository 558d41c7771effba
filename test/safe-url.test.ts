import { expect } from '@open-wc/testing';
import { MAX_DATA_URL, safeUrl, type UrlKind } from '../src/safe-url.js';

const entities = (s: string) => [...s].map((c) => `&#${c.charCodeAt(0)};`).join('');
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** [input, kind, expected href (undefined = refused)]. */
type Row = readonly [raw: unknown, kind: UrlKind, expected: string | undefined];

const TABLE: readonly Row[] = [
  // ---- benign links, normalised by the URL parser
  ['https://example.com', 'link', 'https://example.com/'],
  ['HTTPS://Example.COM:443/%20x', 'link', 'https://example.com/%20x'],
  ['  https://Example.COM/a?b=c#d  ', 'link', 'https://example.com/a?b=c#d'],
  ['http://localhost:8080/x', 'link', 'http://localhost:8080/x'],
  ['https://exämple.com/', 'link', 'https://xn--exmple-cua.com/'],
  ['https://example.com/a/../b', 'link', 'https://example.com/b'],
  ['mailto:help@example.com', 'link', 'mailto:help@example.com'],
  ['MAILTO:help@example.com?subject=Hi%20there', 'link', 'mailto:help@example.com?subject=Hi%20there'],
  ['tel:+1-555-0100', 'link', 'tel:+1-555-0100'],
  ['https://' + 'a'.repeat(2000) + '.com', 'link', 'https://' + 'a'.repeat(2000) + '.com/'],
  // ---- benign images
  ['https://cdn.example.com/avatar.png', 'image', 'https://cdn.example.com/avatar.png'],
  [PNG, 'image', PNG],
  ['data:image/gif,GIF89a', 'image', 'data:image/gif,GIF89a'],
  ['DATA:IMAGE/SVG+XML;charset=utf-8,%3Csvg%2F%3E', 'image', 'data:IMAGE/SVG+XML;charset=utf-8,%3Csvg%2F%3E'],
  ['data:image/webp;base64,UklGRg==', 'image', 'data:image/webp;base64,UklGRg=='],
  // ---- a scheme allowed for one kind only
  [PNG, 'link', undefined],
  ['mailto:help@example.com', 'image', undefined],
  ['tel:+15550100', 'image', undefined],
  // ---- script URLs in many spellings
  ['javascript:alert(1)', 'link', undefined],
  ['JaVaScRiPt:alert(1)', 'link', undefined],
  ['JAVASCRIPT:alert(1)', 'image', undefined],
  [' javascript:alert(1)', 'link', undefined],
  ['\u0001javascript:alert(1)', 'link', undefined],
  ['\u0000javascript:alert(1)', 'link', undefined],
  ['\ufeffjavascript:alert(1)', 'link', undefined],
  ['\u2028javascript:alert(1)', 'link', undefined],
  ['java\tscript:alert(1)', 'link', undefined],
  ['java\nscript:alert(1)', 'link', undefined],
  ['java\rscript:alert(1)', 'link', undefined],
  ['javascript\t:alert(1)', 'link', undefined],
  ['javascript://%0aalert(1)', 'link', undefined],
  [entities('javascript:') + 'alert(1)', 'link', undefined],
  ['javascript&colon;alert(1)', 'link', undefined],
  ['%6A%61%76%61%73%63%72%69%70%74:alert(1)', 'link', undefined],
  ['vbscript:msgbox(1)', 'link', undefined],
  ['livescript:alert(1)', 'link', undefined],
  ['https:javascript:alert(1)', 'link', undefined],
  // ---- data: that is not an image
  ['data:text/html,<script>alert(1)</script>', 'link', undefined],
  ['data:text/html,<script>alert(1)</script>', 'image', undefined],
  ['data:text/html;base64,PHNjcmlwdD4=', 'image', undefined],
  ['data:application/javascript,alert(1)', 'image', undefined],
  ['data:,hello', 'image', undefined],
  ['data:image/png', 'image', undefined],
  ['data:imagex/png,AAAA', 'image', undefined],
  ['data:text/plain;image/png,AAAA', 'image', undefined],
  ['data:image/svg+xml,<svg onload=alert(1) xmlns="http://www.w3.org/2000/svg"/>', 'image', undefined],
  ['data:image/png;base64,' + 'A'.repeat(MAX_DATA_URL), 'image', undefined],
  // ---- other schemes
  ['file:///etc/passwd', 'link', undefined],
  ['blob:https://example.com/0b6f2d1c', 'image', undefined],
  ['ftp://example.com/x', 'link', undefined],
  ['ws://example.com', 'link', undefined],
  ['about:blank', 'link', undefined],
  ['chrome://settings', 'link', undefined],
  ['intent://x#Intent;scheme=http;end', 'link', undefined],
  ['mailto:', 'link', undefined],
  // ---- relative and protocol-relative without a base
  ['example.com', 'link', undefined],
  ['/relative/path', 'link', undefined],
  ['?q=1', 'link', undefined],
  ['//evil.example/x', 'link', undefined],
  ['\\\\evil.example\\x', 'link', undefined],
  ['https:/\\evil.example', 'link', undefined],
  ['https:\\\\evil.example', 'link', undefined],
  // ---- deceptive or broken http(s)
  ['https://user:pw@example.com/', 'link', undefined],
  ['https://bank.example@evil.example/', 'link', undefined],
  ['http://javascript:alert(1)@127.0.0.1:9/', 'link', undefined],
  ['https://example.com/a b', 'link', undefined],
  ['https://exa\nmple.com', 'link', undefined],
  ['https://exa\u2028mple.com/', 'link', undefined],
  ['https://example.com/\u00a0x', 'link', undefined],
  ['https://example.com/x.png" onerror="alert(1)', 'image', undefined],
  ['https://', 'link', undefined],
  ['https://' + 'a'.repeat(2100) + '.com', 'link', undefined],
  ['https://' + 'a'.repeat(9000) + '.com', 'image', undefined],
  // ---- not strings
  [undefined, 'link', undefined],
  [null, 'link', undefined],
  [5, 'link', undefined],
  [{}, 'link', undefined],
  [['https://example.com/'], 'link', undefined],
  [{ toString: () => 'https://example.com/' }, 'link', undefined],
  ['', 'link', undefined],
  ['   ', 'link', undefined],
];

describe('safeUrl', () => {
  it(`has a table of ${TABLE.length} inputs`, () => {
    expect(TABLE.length).to.be.at.least(40);
  });

  for (const [raw, kind, expected] of TABLE) {
    const label = typeof raw === 'string' ? JSON.stringify(raw.length > 80 ? raw.slice(0, 60) + '…' : raw) : String(raw);
    it(`${kind} ${label} → ${expected === undefined ? 'refused' : 'allowed'}`, () => {
      expect(safeUrl(raw, kind)).to.equal(expected);
    });
  }

  it('defaults to link', () => {
    expect(safeUrl('mailto:a@example.com')).to.equal('mailto:a@example.com');
    expect(safeUrl(PNG)).to.equal(undefined);
  });

  it('resolves relative URLs against base, and checks the result', () => {
    const base = 'https://shop.example/account/page.html';
    expect(safeUrl('/login', 'link', base)).to.equal('https://shop.example/login');
    expect(safeUrl('login?next=%2F', 'link', base)).to.equal('https://shop.example/account/login?next=%2F');
    expect(safeUrl('https://sso.example/x', 'link', base)).to.equal('https://sso.example/x');
    expect(safeUrl('javascript:alert(1)', 'link', base)).to.equal(undefined);
    expect(safeUrl('java\tscript:alert(1)', 'link', base)).to.equal(undefined);
    expect(safeUrl('/\\evil.example', 'link', base)).to.equal(undefined);
    expect(safeUrl('//user@evil.example/', 'link', base)).to.equal(undefined);
    expect(safeUrl('/login', 'link', 'javascript:alert(1)')).to.equal(undefined);
    expect(safeUrl('/login', 'link', 'not a url')).to.equal(undefined);
    expect(safeUrl('x', 'link', 'data:text/html,hi')).to.equal(undefined);
  });

  it('every accepted URL parses back to itself with an allowed scheme', () => {
    for (const [raw, kind, expected] of TABLE) {
      if (expected === undefined) continue;
      const again = safeUrl(expected, kind);
      expect(again, String(raw)).to.equal(expected);
    }
  });
});
