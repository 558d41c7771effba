/**
 * The composer's count near the service's limit ("3,950 / 4,096") and, over it, how many
 * messages the text will go as (issue 15 §3: never a silent cut; the field has no
 * maxlength). A chunk with the splitting it counts the parts with, loaded the first time a
 * draft comes near the limit: most conversations never write that much.
 */
import { css } from '@lit/reactive-element';
import { MAX_TEXT_LENGTH } from '../protocol/limits.js';
import { splitText } from '../protocol/split-text.js';

/**
 * Fills the panel's `.limit` box for `draft` (shown when `near`, emptied when not). Written
 * straight into the nodes: typing must not re-render the log.
 */
export function showCount(box: HTMLElement, draft: string, near: boolean, lang: string, overLimit: (count: number) => string): void {
  const count = box.firstElementChild as HTMLElement;
  const over = box.lastElementChild as HTMLElement;
  const parts = draft.length > MAX_TEXT_LENGTH ? splitText(draft.trim()).length : 1;
  const overText = parts > 1 ? overLimit(parts) : '';
  box.hidden = !near;
  box.classList.toggle('over', parts > 1);
  if (!near) {
    count.textContent = '';
    over.textContent = '';
    return;
  }
  let n: Intl.NumberFormat;
  try {
    n = new Intl.NumberFormat(lang || undefined);
  } catch {
    n = new Intl.NumberFormat();
  }
  count.textContent = `${n.format(draft.length)} / ${n.format(MAX_TEXT_LENGTH)}`;
  if (over.textContent !== overText) over.textContent = overText;
}

/** The count's styles (the panel keeps the box's place above the composer). */
export const limitStyles = css`
  .limit {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 8px;
    margin: 0;
    padding: 6px 16px 0;
    border-block-start: 1px solid color-mix(in srgb, var(--_fg) 12%, var(--_bg));
    font-size: 0.78em;
    color: var(--_muted);
  }
  .limit[hidden] {
    display: none;
  }
  .limit #limit-count {
    font-variant-numeric: tabular-nums;
  }
  .limit.over #limit-count {
    font-weight: 600;
  }
  .limit .over {
    color: var(--_fg);
  }
`;
