/** Helpers shared by the controllers for their numeric options and timers. */

/** Longest delay setTimeout honours (a longer one fires at once). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** `value` when it is a finite number that `valid` accepts (by default: not negative), else `fallback`. */
export const numberOr = (
  value: number | undefined,
  fallback: number,
  valid: (n: number) => boolean = (n) => n >= 0,
): number => (typeof value === 'number' && Number.isFinite(value) && valid(value) ? value : fallback);
