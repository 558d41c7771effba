/**
 * The one allow-list for every URL the widget renders: message and card links, card and
 * quick-reply images, attachment downloads, agent avatars, and page-supplied URLs such as a
 * login page. Everything that reaches an `href` or `src` goes through `safeUrl`.
 */

/** What the URL is for: `link` is an `<a href>`, `image` an `<img src>`. */
export type UrlKind = 'link' | 'image';

/** Longest URL accepted, data URLs aside (browsers and servers cut long URLs differently). */
export const MAX_URL = 2048;
/** Longest `data:image/…` URL accepted: a small inline picture, not a file transfer. */
export const MAX_DATA_URL = 200_000;

const LINK_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:', 'tel:']);
const IMAGE_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'data:']);
/**
 * Control characters, any Unicode whitespace, and backslashes. The URL parser silently drops
 * tabs and newlines ("java\tscript:" would become "javascript:") and reads `\` as `/` in http(s)
 * URLs, so a URL holding any of them is refused before parsing rather than repaired.
 */
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\s\\]/;
/** The media type of a `data:image/…` URL (its pathname), with or without parameters and base64. */
const DATA_IMAGE = /^image\/[a-z0-9][a-z0-9!#$&^_.+-]*[;,]/i;

/**
 * The URL normalised by the URL parser (its `href`), or undefined when it may not be rendered.
 *
 * - `link`: `http:`, `https:`, `mailto:` and `tel:`.
 * - `image`: `http:`, `https:` and `data:image/…` (any image type, base64 or not, at most
 *   {@link MAX_DATA_URL} characters).
 *
 * Refused: every other scheme (`javascript:`, `vbscript:`, `data:text/html`, `file:`, `blob:`,
 * …), relative URLs unless `base` is given to resolve them against, URLs with control
 * characters, whitespace or backslashes inside them (surrounding whitespace is trimmed),
 * http(s) URLs with credentials (`https://bank.example@evil.example/` is deceptive), and
 * URLs longer than {@link MAX_URL}. Never throws.
 */
export function safeUrl(raw: unknown, kind: UrlKind = 'link', base?: string): string | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_DATA_URL + 64) return undefined;
  const s = raw.trim();
  if (!s || UNSAFE_CHARS.test(s)) return undefined;
  let url: URL;
  try {
    url = base === undefined ? new URL(s) : new URL(s, base);
  } catch {
    return undefined;
  }
  const protocol = url.protocol;
  if (!(kind === 'image' ? IMAGE_PROTOCOLS : LINK_PROTOCOLS).has(protocol)) return undefined;
  const href = url.href;
  if (protocol === 'data:') {
    return href.length <= MAX_DATA_URL && DATA_IMAGE.test(url.pathname) ? href : undefined;
  }
  if (href.length > MAX_URL) return undefined;
  if (protocol === 'http:' || protocol === 'https:') {
    return url.hostname && !url.username && !url.password ? href : undefined;
  }
  // mailto:, tel: need something to write to or call.
  return url.pathname ? href : undefined;
}
