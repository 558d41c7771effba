// docs/api.md is generated from custom-elements.json (`npm run docs:api`, after `npm run
// build` wrote the manifest from the element's JSDoc): the committed page must be exactly
// what the script renders now, so the reference cannot drift from the element.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { API_DOC, elementOf, readManifest, renderApiDoc } from '../../scripts/api-doc.mjs';

test('docs/api.md is what scripts/api-doc.mjs renders from custom-elements.json', () => {
  const committed = readFileSync(new URL(`../../${API_DOC}`, import.meta.url), 'utf8');
  const generated = renderApiDoc(readManifest());
  if (committed !== generated) {
    const a = committed.split('\n');
    const b = generated.split('\n');
    const at = a.findIndex((l, i) => l !== b[i]);
    assert.fail(`${API_DOC} differs from the manifest from line ${at + 1}:\n  committed: ${a[at]}\n  generated: ${b[at]}\nRun \`npm run build && npm run docs:api\` and commit ${API_DOC}.`);
  }
});

test('the generated page has a row for every attribute, member, event, part and CSS property of the manifest', () => {
  const manifest = readManifest();
  const d = elementOf(manifest);
  const page = renderApiDoc(manifest);
  const rows = (heading) => {
    const start = page.indexOf(`\n## ${heading}\n`);
    assert.ok(start >= 0, `no "## ${heading}"`);
    const end = page.indexOf('\n## ', start + 1);
    return [...page.slice(start, end < 0 ? undefined : end).matchAll(/^\| `([^`(]+)/gm)].map((m) => m[1]);
  };
  const pub = (d.members ?? []).filter((m) => !m.static && (m.privacy ?? 'public') === 'public');
  assert.deepEqual(rows('Attributes'), d.attributes.map((a) => a.name));
  assert.deepEqual(rows('Properties'), pub.filter((m) => m.kind === 'field').map((m) => m.name));
  assert.deepEqual(rows('Methods'), pub.filter((m) => m.kind === 'method').map((m) => m.name));
  assert.deepEqual(rows('Events'), d.events.map((e) => e.name));
  assert.deepEqual(rows('Parts'), d.cssParts.map((p) => p.name));
  assert.deepEqual(rows('CSS custom properties'), d.cssProperties.map((p) => p.name));
  // A change in the manifest changes the page: the test above is not comparing constants.
  const changed = structuredClone(manifest);
  elementOf(changed); // same shape
  changed.modules.flatMap((m) => m.declarations ?? []).find((x) => x.customElement).cssParts[0].description = 'changed';
  assert.notEqual(renderApiDoc(changed), page);
});
