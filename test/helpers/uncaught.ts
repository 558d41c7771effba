/**
 * Counts uncaught errors and unhandled promise rejections while it is installed.
 *
 * Mocha's browser build installs `window.onerror`, which fails whichever test happens to
 * be running and returns true (so the browser does not report the error either). While a
 * trap is installed that handler is taken out, so every uncaught error reaches the trap's
 * listeners, is counted here and is still printed by the browser; `restore()` puts it back.
 *
 * Resource load failures (`<img>` that does not load) also travel as `error` events in the
 * capture phase; they are not script errors and are not counted (only `ErrorEvent`s are).
 */
export interface UncaughtTrap {
  /** The errors and rejection reasons seen so far, in order. */
  readonly errors: unknown[];
  /** Records a synchronous throw the caller caught on behalf of the page (e.g. out of a socket handler). */
  record(error: unknown): void;
  restore(): void;
}

export function trapUncaught(): UncaughtTrap {
  const errors: unknown[] = [];
  const seen = new Set<unknown>();
  const record = (error: unknown) => {
    // The same rejection can be reported twice (Lit re-rejects a failed update).
    if (error !== null && typeof error === 'object') {
      if (seen.has(error)) return;
      seen.add(error);
    }
    errors.push(error);
  };
  const onError = (event: Event) => {
    if (event instanceof ErrorEvent) record(event.error ?? new Error(event.message));
  };
  const onRejection = (event: PromiseRejectionEvent) => record(event.reason);
  const mochaOnError = window.onerror;
  window.onerror = null;
  window.addEventListener('error', onError, true);
  window.addEventListener('unhandledrejection', onRejection, true);
  return {
    errors,
    record,
    restore() {
      window.removeEventListener('error', onError, true);
      window.removeEventListener('unhandledrejection', onRejection, true);
      window.onerror = mochaOnError;
    },
  };
}

/** A short printable description of a caught error. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}\n${(error.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
  return String(error);
}
