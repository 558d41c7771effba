/**
 * Plain message text with its web addresses, e-mail addresses and phone numbers as links.
 *
 * Nothing here produces HTML from strings: the result is text plus `html` templates whose
 * text and href are bindings, so markup in a message shows as text. Every href is exactly
 * what `safeUrl(href, 'link')` returned; a candidate it refuses stays text as a whole.
 *
 * Linked:
 * - `http://` and `https://` URLs, and `www.` hosts (linked as `https://`). Trailing `.,;:!?`
 *   (and their Arabic and CJK forms), an odd trailing `'`, and closing brackets without an
 *   opener inside the URL are left out: `(see https://a.example/x)` links `https://a.example/x`.
 *   A URL ends at whitespace, control and format characters (bidi overrides), `<`, `>`, `"`,
 *   a backtick, typographic quotes, and CJK and Arabic punctuation, so `<https://a.example>`
 *   and `请访问https://a.example/x。` work. It starts only after a space or punctuation other
 *   than `@._-/+:%&=#~\` (so `javascript:https://…` stays text).
 * - E-mail addresses (`local@host.tld`, ASCII) as `mailto:`.
 * - Phone numbers as `tel:` with the digits and a leading `+` only: international
 *   (`+49 30 1234567`, `+1 (555) 010-9999`, `+44 (0)20 7946 0958` whose `(0)` is dropped),
 *   national with a trunk `0` (`030 1234567`, `(030) 1234567`, `0171-1234567`), and North
 *   American `555-010-9999`, `(555) 010-9999`, `1-555-010-9999`. 7 to 15 digits (E.164), at
 *   most one single-digit group; two numbers separated by a space are two links.
 *
 * Not linked: other schemes (`javascript:`, `data:`, `ftp:`, a bare `mailto:`…), URLs with
 * credentials, digit runs that do not have a phone's shape (order numbers `A-1042`, dates
 * `2026-11-26` and `01.02.2026`, times `10:30`, prices `1,234.50`, a bare `1234567`, card
 * numbers), and anything glued to letters or digits on either side.
 *
 * One left-to-right scan: each position does a bounded amount of work (an e-mail looks at
 * most 64 characters back and 254 ahead, a phone at most 8 groups of 15 digits), and a URL
 * candidate is skipped as a whole, so time is linear in the input.
 */
import { html, type TemplateResult } from 'lit/html.js';
import { safeUrl } from '../safe-url.js';

/** Longer input is returned as plain text (a chat message is at most 4,096 characters). */
export const MAX_LINKIFY = 20_000;

/**
 * `text` as an array of strings and `<a>` templates, in order (empty for empty text), for
 * a Lit child binding. Never throws.
 */
export function linkify(text: string): unknown {
  if (typeof text !== 'string') return [];
  if (text.length > MAX_LINKIFY) return [text];
  const out: (string | TemplateResult)[] = [];
  const n = text.length;
  let textStart = 0;
  const link = (start: number, end: number, href: string) => {
    if (start > textStart) out.push(text.slice(textStart, start));
    out.push(anchor(href, text.slice(start, end)));
    textStart = end;
  };

  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if ((c === 'h' || c === 'H' || c === 'w' || c === 'W') && !URL_JOIN.test(text[i - 1] ?? ' ')) {
      const url = matchUrl(text, i);
      if (url) {
        if (url.href) link(i, url.end, url.href);
        i = url.next;
        continue;
      }
    } else if (c === '@') {
      const mail = matchEmail(text, i, textStart);
      if (mail) {
        link(mail.start, mail.end, mail.href);
        i = mail.end;
        continue;
      }
    } else if ((c === '+' || c === '(' || isDigit(c)) && !PHONE_JOIN.test(text[i - 1] ?? ' ')) {
      const phone = matchPhone(text, i);
      if (phone.href) link(i, phone.end, phone.href);
      i = phone.next;
      continue;
    }
    i++;
  }
  if (textStart < n) out.push(text.slice(textStart));
  return out;
}

/** Web links open in a new tab without an opener; mailto: and tel: get no target. */
function anchor(href: string, label: string): TemplateResult {
  // dir="ltr" isolates the address, so in right-to-left text its slashes and digits stay in order.
  return href.startsWith('http:') || href.startsWith('https:')
    ? html`<a href=${href} target="_blank" rel="noopener noreferrer" dir="ltr">${label}</a>`
    : html`<a href=${href} dir="ltr">${label}</a>`;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

// ------------------------------------------------------------------ URLs

/** A URL does not start right after these (inside a word, a path, an e-mail or a scheme). */
const URL_JOIN = /[A-Za-z0-9@._\-/+:%&=#~\\]/;
/** A URL ends before these. */
const URL_BREAK = /[\s\p{Cc}\p{Cf}<>"`“”‘’«»„‚‹›。，、；：！？،؛؟]/u;
/** Left out at the end of a URL. */
const URL_TRAIL = '.,;:!?…。，、；：！？،؛؟۔';
/** Closing brackets, left out at the end of a URL unless opened inside it. */
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{', '）': '（', '】': '【', '」': '「', '』': '『' };
const OPENERS = new Set(Object.values(CLOSERS));

/**
 * A URL candidate at `i` (undefined when `i` starts none): its `href` when `safeUrl` accepts
 * it, where it `end`s, and where scanning goes on (`next`): after the link, or after the whole
 * candidate when it is refused, so its tail is not scanned again.
 */
function matchUrl(text: string, i: number): { href?: string; end: number; next: number } | undefined {
  const head = text.slice(i, i + 8).toLowerCase();
  const prefix = head.startsWith('https://') ? 8 : head.startsWith('http://') ? 7 : head.startsWith('www.') ? 4 : 0;
  if (!prefix) return undefined;
  const counts = new Map<string, number>();
  let j = i;
  for (; j < text.length; j++) {
    const c = text[j]!;
    if (URL_BREAK.test(c)) break;
    if (c in CLOSERS || OPENERS.has(c) || c === "'") counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const next = j;
  const count = (c: string) => counts.get(c) ?? 0;
  while (j > i + prefix) {
    const c = text[j - 1]!;
    const opener = CLOSERS[c];
    if (URL_TRAIL.includes(c)) j--;
    else if ((opener && count(c) > count(opener)) || (c === "'" && count(c) % 2 === 1)) {
      counts.set(c, count(c) - 1);
      j--;
    } else break;
  }
  if (j <= i + prefix) return { end: j, next };
  const raw = text.slice(i, j);
  if (prefix === 4 && !/[\p{L}\p{N}]/u.test(raw[4]!)) return { end: j, next };
  const href = safeUrl(prefix === 4 ? `https://${raw}` : raw, 'link');
  return href ? { href, end: j, next: j } : { end: j, next };
}

// ------------------------------------------------------------------ e-mail

const LOCAL = /[A-Za-z0-9._+-]/;
const DOMAIN = /[A-Za-z0-9.-]/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TLD = /^[A-Za-z]{2,63}$/;
const WORD = /[\p{L}\p{N}_]/u;

/** The address around the `@` at `at`, not reaching back before `floor`, or undefined. */
function matchEmail(text: string, at: number, floor: number): { href: string; start: number; end: number } | undefined {
  let s = at;
  while (s > floor && at - s < 65 && LOCAL.test(text[s - 1]!)) s--;
  const before = text[s - 1];
  while (text[s] === '.' && s < at) s++; // ".name@host": the dot is punctuation
  const local = text.slice(s, at);
  if (!local || local.length > 64 || local.endsWith('.') || local.includes('..')) return undefined;
  if (before !== undefined && (LOCAL.test(before) || WORD.test(before) || '@/\\'.includes(before))) return undefined;

  let e = at + 1;
  while (e < text.length && e - at <= 254 && DOMAIN.test(text[e]!)) e++;
  if (e - at > 254) return undefined;
  while (e > at + 1 && text[e - 1] === '.') e--;
  const after = text[e];
  if (after !== undefined && (after === '@' || WORD.test(after))) return undefined;
  const labels = text.slice(at + 1, e).split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || !TLD.test(labels.at(-1)!)) return undefined;
  const href = safeUrl(`mailto:${text.slice(s, e)}`, 'link');
  return href ? { href, start: s, end: e } : undefined;
}

// ------------------------------------------------------------------ phones

/** A phone number does not start right after these (order numbers, amounts, versions). */
const PHONE_JOIN = /[\p{L}\p{N}\-./_+@#&%$€£¥*=~^\\|,]/u;
/** Between digit groups: one space (or no-break space), hyphen, dot or slash. */
const PHONE_SEPS = ' \u00a0-./';
const MAX_GROUPS = 8;
const MIN_DIGITS = 7;
const MAX_DIGITS = 15;

interface Group {
  readonly digits: string;
  readonly paren: boolean;
  /** The separator before this group ('' for the first, or right after a parenthesis). */
  readonly sep: string;
  readonly end: number;
}

/**
 * A phone number starting at `i` (`+`, `(` or a digit): its `href` and `end` when it is one,
 * and where scanning goes on (`next`): after the number, or after its first group if not.
 */
function matchPhone(text: string, i: number): { href?: string; end: number; next: number } {
  const plus = text[i] === '+';
  let k = plus ? i + 1 : i;
  const groups: Group[] = [];
  if (!plus || isDigit(text[k])) {
    let sep = '';
    let parenUsed = false;
    let total = 0;
    while (groups.length < MAX_GROUPS && total <= MAX_DIGITS) {
      let p = k;
      let paren = false;
      if (text[p] === '(' && !parenUsed) {
        paren = parenUsed = true;
        p++;
      }
      const start = p;
      while (isDigit(text[p]) && p - start <= MAX_DIGITS) p++;
      if (p === start || (paren && (p - start > 5 || text[p] !== ')'))) break;
      const digits = text.slice(start, p);
      if (paren) p++;
      groups.push({ digits, paren, sep, end: p });
      total += digits.length;
      const s = text[p];
      if (s === '(' || (paren && isDigit(s))) {
        sep = '';
        k = p;
      } else if (s !== undefined && PHONE_SEPS.includes(s) && (isDigit(text[p + 1]) || text[p + 1] === '(')) {
        sep = s === '\u00a0' ? ' ' : s;
        k = p + 1;
      } else break;
    }
  }
  for (let m = groups.length; m > 0; m--) {
    if (!phoneDigits(text, groups.slice(0, m), plus)) continue;
    // "030 1234567 030 7654321" is two numbers, not one: cut where both halves are numbers.
    split: for (let k = 1; k < m; k++) {
      if (!phoneDigits(text, groups.slice(0, k), plus)) continue;
      for (let j = groups.length; j > k; j--) {
        if (phoneDigits(text, groups.slice(k, j), false)) {
          m = k;
          break split;
        }
      }
    }
    const digits = phoneDigits(text, groups.slice(0, m), plus)!;
    const end = groups[m - 1]!.end;
    const href = safeUrl(`tel:${plus ? '+' : ''}${digits}`, 'link');
    if (href) return { href, end, next: end };
  }
  const next = groups[0]?.end ?? i + 1;
  return { end: next, next: Math.max(next, i + 1) };
}

/** The digits to dial when `groups` (followed by what follows them) are a phone number. */
function phoneDigits(text: string, groups: readonly Group[], plus: boolean): string | undefined {
  const after = text[groups.at(-1)!.end];
  if (after !== undefined && (WORD.test(after) || after === '@')) return undefined;
  if (after !== undefined && '-./,:+'.includes(after) && isDigit(text[groups.at(-1)!.end + 1])) return undefined;
  const all = groups.map((g) => g.digits).join('');
  if (groups.filter((g) => g.digits.length === 1).length > 1) return undefined; // "0 0 0 0 0 0 0"
  if (plus) {
    // +44 (0)20 …: the national trunk 0 in brackets is not dialled from abroad.
    const dialled = groups.filter((g) => !(g.paren && g.digits === '0')).map((g) => g.digits).join('');
    const ok = !groups[0]!.paren && all[0] !== '0' && dialled.length >= MIN_DIGITS && dialled.length <= MAX_DIGITS;
    return ok ? dialled : undefined;
  }
  if (all.length < MIN_DIGITS || all.length > MAX_DIGITS) return undefined;
  if (all[0] === '0') return isDate(groups) ? undefined : all;
  return isNorthAmerican(groups) ? all : undefined;
}

/** `01.02.2026`, `5/11/26`, `2026-11-26`: three groups, one separator, a date's lengths. */
function isDate(groups: readonly Group[]): boolean {
  if (groups.length !== 3 || groups.some((g) => g.paren)) return false;
  const [a, b, c] = groups.map((g) => g.digits.length) as [number, number, number];
  const sep = groups[1]!.sep;
  if (!'.-/'.includes(sep) || groups[2]!.sep !== sep) return false;
  return (a <= 2 && b <= 2 && (c === 2 || c === 4)) || (a === 4 && b <= 2 && c <= 2);
}

/** `555-010-9999`, `555.010.9999`, `555 010-9999`, `(555) 010-9999`, `1-555-010-9999`. */
function isNorthAmerican(groups: readonly Group[]): boolean {
  let gs = groups;
  if (gs.length === 4 && gs[0]!.digits === '1' && !gs[0]!.paren) gs = gs.slice(1);
  if (gs.length !== 3 || gs[1]!.paren || gs[2]!.paren) return false;
  const [area, exchange, line] = gs as [Group, Group, Group];
  if (area.digits.length !== 3 || exchange.digits.length !== 3 || line.digits.length !== 4) return false;
  if (area.digits[0] === '0' || area.digits[0] === '1') return false;
  if (area.paren) return (exchange.sep === '' || exchange.sep === ' ') && '- .'.includes(line.sep);
  const first = exchange.sep;
  return '- .'.includes(first) && (line.sep === first || (first === ' ' && line.sep === '-'));
}
