/**
 * File names as shown (S2), for the log's attachments and the composer's pending files: the
 * name is text from an agent, a bot or a file system, and must not be able to disguise what
 * the file is.
 */

/**
 * Bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069) and the marks
 * (U+200E, U+200F, U+061C): in a file name they only ever serve to reorder what is read.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** A file name as shown: without bidi controls, and its real extension (upper case, up to 10 characters), if it has one. */
export function displayName(name: string): { name: string; ext?: string } {
  const clean = name.replace(BIDI_CONTROLS, '');
  const ext = /\.([^.\s]{1,10})$/u.exec(clean)?.[1];
  return { name: clean, ext: ext && clean.length > ext.length + 1 ? ext.toLocaleUpperCase('en') : undefined };
}
