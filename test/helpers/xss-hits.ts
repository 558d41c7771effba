// What a hostile-input test counts: calls of the vectors' `top.__gcxXss(id)` payload, and
// the `window.__xss` flag simpler payloads set. Call inside a describe().

declare global {
  interface Window {
    __gcxXss?: (id: number) => void;
    __xss?: number;
  }
}

/** The ids of vectors that ran in the current test (empty is the only good answer). */
export function xssHits(): number[] {
  const hits: number[] = [];
  beforeEach(() => {
    hits.length = 0;
    window.__gcxXss = (id) => void hits.push(id);
    delete window.__xss;
  });
  afterEach(() => {
    delete window.__gcxXss;
  });
  return hits;
}
