/**
 * A message over the service's limit is never cut silently (issue 15 §3): it is sent in order
 * as parts. Apart from limits.ts so the limit stays a constant the bundler inlines, and this
 * lands in the chunk of the engine that sends.
 */
import { MAX_TEXT_LENGTH } from './limits.js';

/**
 * A text over the service's limit (§7: 4096, counted here as the UTF-16 length the element
 * checks; whether the service counts bytes is unverified) as the parts to send in order, each
 * at most `max` long, so nothing typed is lost and nothing is cut silently.
 *
 * A part ends at the last paragraph break, else line break, else space in the second half of
 * what fits; else after sentence or clause punctuation (CJK too, which has no spaces); else at
 * a grapheme boundary (never inside a surrogate pair, an emoji sequence or a letter with its
 * marks). The whitespace where a part ends is not sent (each part is trimmed there); a text
 * within the limit comes back whole, untouched.
 */
export function splitText(text: string, max: number = MAX_TEXT_LENGTH): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = cutPoint(rest, max);
    const head = rest.slice(0, cut).trimEnd();
    if (head) parts.push(head);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

/** Sentence and clause ends, Latin and CJK, after which a part may end. */
const PUNCTUATION = /[.!?;:,\u3001\u3002\uff01\uff0c\uff1a\uff1b\uff1f\u061f\u060c\u06d4]/;

/** Where the first part of `s` (longer than `max`) ends: 0 < cut <= max. */
function cutPoint(s: string, max: number): number {
  // The whole of what fits, when whitespace follows it.
  if (/\s/.test(s[max]!)) return max;
  const floor = Math.floor(max / 2);
  const head = s.slice(0, max);
  const paragraph = head.lastIndexOf('\n\n');
  if (paragraph >= floor) return paragraph + 2;
  const line = head.lastIndexOf('\n');
  if (line >= floor) return line + 1;
  for (let i = max - 1; i >= floor; i--) if (/\s/.test(head[i]!)) return i + 1;
  for (let i = max - 1; i >= floor; i--) if (PUNCTUATION.test(head[i]!)) return i + 1;
  return graphemeBoundary(s, max);
}

/** The last grapheme boundary at or before `max` (a code point boundary for a grapheme longer than `max`). */
function graphemeBoundary(s: string, max: number): number {
  const Segmenter = (Intl as { Segmenter?: typeof Intl.Segmenter }).Segmenter;
  if (Segmenter) {
    // The grapheme holding position `max` starts at the boundary; look a little past it.
    const start = new Segmenter(undefined, { granularity: 'grapheme' }).segment(s.slice(0, max + 64)).containing(max)?.index ?? max;
    if (start > 0) return start;
  }
  // No Segmenter (or one huge grapheme): not inside a surrogate pair, and not before a mark or joiner.
  let cut = max;
  while (cut > 1 && (/[\udc00-\udfff]/.test(s[cut]!) || /[\p{M}\u200d\ufe0e\ufe0f]/u.test(s[cut]!) || s[cut - 1] === '\u200d')) cut--;
  return cut;
}
