// The public API in four places that must agree: the element (what src/ really has), the
// hand-written docs (docs/configuration.md "Attributes", docs/scripting.md "Methods" and
// "Events", docs/styling.md "Parts" and "CSS custom properties"), custom-elements.json
// (written by `npm run build` from the element's JSDoc header) and docs/api.md (generated
// from it by `npm run docs:api`; test/server/api-doc.test.mjs holds it to the manifest).
// For attributes, properties, methods, events, parts and CSS custom properties, a name found
// in one place and missing from another fails, naming the place.
//
// "In the element" is read from the sources, chunks included:
//   attributes  the Lit properties' attributes, and attributes read by name from the host
//               (`hasAttribute('sound')`); inherited natives the element documents (`lang`)
//               carry an `@attr` tag in the header, and attributes read by name must too
//   properties  the declared Lit properties, and the public getters of the class
//   methods     the public methods of the class (not Lit's lifecycle: those are `override`)
//   events      every event class constructed (to be dispatched) anywhere in src/, by its
//               `eventName`
//   parts       every `part="…"` and `part=${…}` in a template, and `setAttribute('part', '…')`, word by word
//   CSS         every `--genesys-chat-*` custom property the styles read
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (p) => readFileSync(path.join(root, p), 'utf8');
const sources = (dir) =>
  readdirSync(path.join(root, dir)).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(path.join(root, p)).isDirectory() ? sources(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
const src = Object.fromEntries(sources('src').map((p) => [p, read(p)]));
const element = src['src/genesys-chat.ts'];
const kebab = (s) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const camel = (s) => s.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

// ---------------------------------------------------------------- the element (src/)

function fromElement() {
  const block = /static override properties = \{([\s\S]*?)\n {2}\};/.exec(element)?.[1];
  assert.ok(block, 'src/genesys-chat.ts: no `static override properties = { … }`');
  const attributes = new Set();
  const properties = new Set();
  for (const [, name, options] of block.matchAll(/^\s{4}(\w+): \{([^}]*)\}/gm)) {
    properties.add(name);
    const attr = /attribute: (false|'([^']+)')/.exec(options);
    if (!attr) attributes.add(name.toLowerCase());
    else if (attr[2]) attributes.add(attr[2]);
  }
  // The class body: public methods and getters (no #, no static/override/protected/private).
  const body = element.slice(element.indexOf('export class GenesysChat'));
  const methods = new Set();
  for (const [, isGet, name] of body.matchAll(/^ {2}(?:async )?(get )?([a-z]\w*)\(/gm)) (isGet ? properties : methods).add(name);
  // Attributes read by name from the host anywhere (the attribute-only ones).
  const byName = new Set();
  for (const [file, text] of Object.entries(src)) {
    const host = file === 'src/genesys-chat.ts' ? /\bthis\.(?:hasAttribute|getAttribute)\('([a-z-]+)'\)/g : /\b(?:this\.#host|host)\.(?:hasAttribute|getAttribute)\('([a-z-]+)'\)/g;
    for (const [, name] of text.matchAll(host)) byName.add(name);
  }
  const tagged = new Set([...element.matchAll(/^ \* @attr ([a-z-]+)/gm)].map((m) => m[1]));
  for (const name of byName) assert.ok(tagged.has(name), `attribute "${name}" is read from the host but has no @attr tag in the header`);
  for (const name of tagged) attributes.add(name);

  // Events: the classes' names, then the ones dispatched somewhere.
  const eventName = new Map();
  for (const text of Object.values(src)) {
    for (const [, cls, name] of text.matchAll(/class (GenesysChat\w+Event) extends Event \{\s*static readonly eventName = '([^']+)'/g)) eventName.set(cls, name);
  }
  const events = new Set();
  for (const [file, text] of Object.entries(src)) {
    for (const [, cls] of text.matchAll(/\bnew (GenesysChat\w+Event)\(/g)) {
      assert.ok(eventName.has(cls), `${file} dispatches ${cls}, whose eventName was not found`);
      events.add(eventName.get(cls));
    }
  }

  // Parts: every part attribute of a template, static or an expression of string literals.
  const parts = new Set();
  for (const [file, text] of Object.entries(src)) {
    for (const m of text.matchAll(/(?<![[\w])part=(?:"([^"]*)"|\$\{([^}]*)\})/g)) {
      const literal = m[1] ?? [...m[2].matchAll(/'([^']*)'/g)].map((l) => l[1]).join(' ');
      assert.ok(literal.trim(), `${file}: a part attribute without a readable value: ${m[0]}`);
      for (const word of literal.split(/\s+/).filter(Boolean)) parts.add(word);
    }
    // The launcher is built by hand (no template engine in the first load): setAttribute('part', '…').
    for (const m of text.matchAll(/setAttribute\(\s*'part',\s*'([^']*)'\s*\)/g)) for (const word of m[1].split(/\s+/).filter(Boolean)) parts.add(word);
  }
  const css = new Set();
  for (const text of Object.values(src)) for (const [name] of text.matchAll(/--genesys-chat-[a-z0-9-]+/g)) css.add(name);
  return { attributes, properties, methods, events, parts, css };
}

// ---------------------------------------------------------------- the hand-written docs

/** The text of a page's `## heading` (or `###`) section, up to the next heading. */
function section(page, heading) {
  const text = read(page);
  const found = new RegExp(`\\n(##+) ${heading}\\n`).exec(text);
  assert.ok(found, `${page} has no "## ${heading}" section`);
  const start = found.index;
  const end = text.slice(start + found[0].length).search(/\n##+ /);
  return text.slice(start, end < 0 ? undefined : start + found[0].length + end);
}
const ticked = (text) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

function fromDocs() {
  const attrSection = section('docs/configuration.md', 'Attributes');
  const attributes = new Set([...attrSection.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]));
  // Each attribute is also a property, camel-cased, unless the table says it is attribute-only.
  const attributeOnly = new Set([...attrSection.matchAll(/^\| `([a-z-]+)` \|.*\(attribute only\)/gm)].map((m) => m[1]));
  const properties = new Set([...attributes].filter((a) => !attributeOnly.has(a) && a !== 'lang').map(camel));
  for (const [, name] of attrSection.matchAll(/Property\s+`(\w+)`/g)) properties.add(name);
  const methodsText = section('docs/scripting.md', 'Methods');
  const methods = new Set([...methodsText.matchAll(/`(\w+)\(/g)].map((m) => m[1]));
  for (const [, list] of methodsText.matchAll(/Read-only\s+([^.]+)\./g)) for (const name of ticked(list)) properties.add(name);
  const events = new Set(ticked(section('docs/scripting.md', 'Events')).flatMap((t) => t.split(/,\s*/)).filter((t) => /^genesys-chat-[a-z-]+$/.test(t)));
  const parts = new Set(ticked(section('docs/styling.md', 'Parts')).filter((t) => /^[a-z-]+$/.test(t)));
  const css = new Set(ticked(section('docs/styling.md', 'CSS custom properties')).filter((t) => t.startsWith('--genesys-chat-')));
  return { attributes, properties, methods, events, parts, css };
}

// ---------------------------------------------------------------- docs/api.md (generated)

function fromApiDoc() {
  /** The first column of a section's table rows. */
  const firsts = (heading) => [...section('docs/api.md', heading).matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
  return {
    attributes: new Set(firsts('Attributes')),
    properties: new Set(firsts('Properties')),
    methods: new Set(firsts('Methods').map((m) => m.replace(/\(.*$/, ''))),
    events: new Set(firsts('Events')),
    parts: new Set(firsts('Parts')),
    css: new Set(firsts('CSS custom properties')),
  };
}

// ---------------------------------------------------------------- custom-elements.json

function fromManifest() {
  const manifest = JSON.parse(read('custom-elements.json'));
  const declarations = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement);
  assert.equal(declarations.length, 1, 'custom-elements.json describes one element');
  const d = declarations[0];
  assert.equal(d.tagName, 'genesys-chat');
  const members = (d.members ?? []).filter((m) => !m.static && (m.privacy ?? 'public') === 'public');
  return {
    attributes: new Set((d.attributes ?? []).map((a) => a.name)),
    properties: new Set(members.filter((m) => m.kind === 'field').map((m) => m.name)),
    methods: new Set(members.filter((m) => m.kind === 'method').map((m) => m.name)),
    events: new Set((d.events ?? []).map((e) => e.name)),
    parts: new Set((d.cssParts ?? []).map((p) => p.name)),
    css: new Set((d.cssProperties ?? []).map((p) => p.name)),
  };
}

test('attributes, properties, methods, events, parts and CSS properties agree in the element, the docs, the manifest and docs/api.md', () => {
  const places = { element: fromElement(), 'the docs': fromDocs(), 'custom-elements.json': fromManifest(), 'docs/api.md': fromApiDoc() };
  const problems = [];
  for (const kind of ['attributes', 'properties', 'methods', 'events', 'parts', 'css']) {
    const all = new Set(Object.values(places).flatMap((p) => [...p[kind]]));
    for (const name of [...all].sort()) {
      const missing = Object.entries(places).filter(([, p]) => !p[kind].has(name)).map(([where]) => where);
      if (missing.length) problems.push(`${kind} ${name}: missing from ${missing.join(' and ')}`);
    }
  }
  assert.deepEqual(problems, []);
  // Not vacuous: what the documented contract promises is among them.
  const { element: e } = places;
  for (const a of ['deployment-id', 'region', 'lang', 'theme', 'sound', 'disable-title-badge']) assert.ok(e.attributes.has(a), a);
  for (const m of ['show', 'hide', 'toggle', 'send', 'clearConversation', 'login', 'logout']) assert.ok(e.methods.has(m), m);
  assert.ok(e.events.size >= 10 && e.parts.size >= 16 && e.css.size >= 15, JSON.stringify({ events: e.events.size, parts: e.parts.size, css: e.css.size }));
  assert.ok(kebab('deploymentId') === 'deployment-id');
});
