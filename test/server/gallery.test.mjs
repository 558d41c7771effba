// The gallery (docs/gallery.md): every state of `npm run screenshots` in every variant, each a
// committed PNG, and nothing else (a state added to the script, or a stale picture, fails).
// README shows a few of them, each one of those.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const script = read('scripts/screenshots.mjs');

/** The `name: '…'` entries of one top-level array of the script. */
function names(array) {
  const start = script.indexOf(`const ${array} = [`);
  const end = script.indexOf('\n];', start);
  assert.ok(start >= 0 && end > start, `scripts/screenshots.mjs has no ${array}`);
  // Only the entries' own names: `name:` at the indentation of an entry's first level.
  return [...script.slice(start, end).matchAll(/^ {2,4}(?:\{ )?name: '([a-z-]+)'/gm)].map((m) => m[1]);
}

test('the gallery shows every state in every variant, each committed, and nothing else', () => {
  const states = names('STATES');
  const variants = names('VARIANTS');
  assert.ok(states.length >= 13, `states: ${states}`);
  assert.deepEqual(variants, ['light', 'dark', 'rtl', 'phone']);
  const expected = states.flatMap((s) => variants.map((v) => `${s}-${v}.png`)).sort();
  const shown = [...read('docs/gallery.md').matchAll(/<img src="screenshots\/([^"]+)"/g)].map((m) => m[1]).sort();
  assert.deepEqual(shown, expected);
  // README: a few pictures (3 to 5, not the gallery again), each a state of the gallery.
  const readme = [...read('README.md').matchAll(/<img src="docs\/screenshots\/([^"]+)"/g)].map((m) => m[1]);
  assert.ok(readme.length >= 3 && readme.length <= 5, `README shows ${readme.length} pictures`);
  for (const f of readme) assert.ok(expected.includes(f), `README shows ${f}, which is not in the gallery`);
  assert.match(read('README.md'), /\]\(docs\/gallery\.md\)/, 'README links the gallery');
  const committed = readdirSync(new URL('../../docs/screenshots/', import.meta.url)).filter((f) => f.endsWith('.png')).sort();
  assert.deepEqual(committed, expected);
  // Each is a PNG, not a placeholder.
  for (const f of committed) {
    const bytes = readFileSync(new URL(`../../docs/screenshots/${f}`, import.meta.url));
    assert.equal(bytes.subarray(1, 4).toString(), 'PNG', f);
    assert.ok(bytes.length > 10_000, `${f} is ${bytes.length} bytes`);
  }
});
