// Prints the gzip size of every file of the <script src> build and checks the budgets:
//
//   first load: the classic loader plus the entry chunk and what it imports statically,
//               i.e. what a page downloads before the launcher shows
//   total:      the first load plus every chunk a conversation loads (dynamic imports too),
//               without the optional features; the language catalogs are alternatives (a
//               visitor loads one), so only the largest counts: its core (what every open
//               chat shows); the rest of it comes with the first feature that speaks, and is
//               measured apart (rest)
//   features:   each optional feature's chunk, loaded only where the deployment or the page
//               uses it (markdown, sign-in, attachments, the check of a page's own
//               `strings`; the checks of what another tab sends, loaded when one first
//               speaks: only with more than one tab), against a budget of its own
//
// The import graph is read from the built files themselves, starting at the loader, so a
// chunk that moves into the first load by accident shows up here.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';

// The goals are 12 KB for the first load and 44 KB for a conversation (issue 15 lets it grow
// to 44 for what it adds). The first load meets its goal: 10.07 KB. The launcher is one button
// the element builds by hand (a ReactiveElement, not a LitElement), so lit-html, 2.7 KB of the
// old 12.40, loads with the panel's chunk instead; the table of the catalogs' cores came back
// into it (every page loads a core after the first paint: a chunk of its own was one more
// request for the same bytes). A conversation is still over its goal: 44.74 KB, from 45.76.
// What came out of it loads when it is used: the rest of a catalog (what trouble and the
// features that load on use say; `rest` below, the largest catalog counted is now its core,
// ja 1.39 -> 0.56 KB) and REST history's request (the 'history' feature: a new conversation
// that never drops reads no history). What is left to take is on paths every conversation
// runs, or needs an asynchronous load inside the session's delivery logic (history's loader,
// the error policy), which the fake-clock tests of that logic do not follow.
const GOAL = { firstLoad: 12 * 1024, total: 44 * 1024 };
// Today's figures, so that nothing grows meanwhile. A conversation is 0.3 KB more than 44.74
// for two delivery fixes made at the same time: a history check that history's limit stopped
// goes on from the page it reached (without, a check needing two pages read page 1 for ever
// and the outbox stalled), and a follower tab reads history when the leading tab took messages
// out of its outbox that it does not show as sent (they stayed "sending", or never showed).
const BUDGET = { firstLoad: 10.07 * 1024, total: 45.05 * 1024 };
/**
 * Optional features: gzip budget, and the chunks (by name) that make each. `tabs` is what only
 * runs with more than one tab (issue 15): the checks of every channel message, the allow-list
 * of what a follower may ask, and the leader's desk that serves followers (2.34 KB). `auth`
 * was 2.5 KB; issue 15's C2 made a failed refresh no sign-out (backoff, Retry-After, retry when
 * back online) and tokens.ts holds the sign-in's pure pieces: 2.84 KB with the sign-in view;
 * then the engine's sign-in wiring moved in (auth/sign-in-flow.ts: 0.19 KB less in every
 * conversation, 0.46 KB more here): 3.3 KB.
 * `long` splits a text over the service's limit into the parts it is sent as, with the
 * composer's count near the limit (issue 15 §3): loaded for the first such text or draft,
 * which few conversations have. `notices` is what
 * the panel says only when something went wrong or a session ends (a failed message's reason
 * and retry, a session's end divider, its last minutes' warning), loaded when one shows.
 * `history` is REST history's request, loaded with the first page a session reads (a session
 * resumed after a reload or a drop, a check of an unconfirmed message). The features that
 * speak (notices, auth, clear, attachments, long, bots' quick replies, strings) also bring
 * the rest of their language's catalog the first time, measured once, apart (`rest`).
 */
const FEATURES = { phone: 1 * 1024, attention: 1 * 1024, markdown: 4 * 1024, links: 2.5 * 1024, bots: 1.5 * 1024, clear: 1 * 1024, auth: 3.5 * 1024, attachments: 6 * 1024, strings: 1 * 1024, tabs: 2.5 * 1024, long: 1.5 * 1024, notices: 1 * 1024, history: 1 * 1024 };
const FEATURE_CHUNKS = { phone: ['fullscreen'], attention: ['attention'], markdown: ['markdown'], links: ['linkify'], bots: ['cards'], clear: ['clear'], auth: ['auth', 'sign-in'], attachments: ['attachments', 'attachment-view'], strings: ['check-strings'], tabs: ['tabs'], long: ['split-text', 'limit'], notices: ['notices'], history: ['history-request'] };
/** dist/messenger-compat.js: a script of its own (pages switching from Genesys Messenger), outside the loader's graph. */
const COMPAT = { file: 'messenger-compat.js', budget: 2.5 * 1024 };
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const LOADER = 'genesys-chat.min.js';

const files = new Map();
function file(name) {
  if (!files.has(name)) {
    const code = readFileSync(path.join(dist, name));
    files.set(name, { name, raw: code.length, gzip: gzipSync(code, { level: 9 }).length, brotli: brotliCompressSync(code).length, code: code.toString() });
  }
  return files.get(name);
}

/** Files a file imports: static (`from"./x.js"`, `import"./x.js"`) and dynamic (`import("./x.js")`). */
function imports(f) {
  const dir = path.posix.dirname(f.name);
  const rel = (spec) => path.posix.normalize(path.posix.join(dir, spec));
  const all = (re) => [...f.code.matchAll(re)].map((m) => rel(m[1]));
  return {
    static: [...all(/\bfrom\s*"(\.\.?\/[^"]+)"/g), ...all(/\bimport\s*"(\.\.?\/[^"]+)"/g)],
    dynamic: all(/\bimport\(\s*"(\.\.?\/[^"]+)"\s*\)/g),
  };
}

function closure(start, withDynamic) {
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    const { static: s, dynamic } = imports(file(name));
    for (const n of s) visit(n);
    if (withDynamic) for (const n of dynamic) visit(n);
  };
  for (const n of start) visit(n);
  return seen;
}

const loader = file(LOADER);
const entry = loader.code.match(/new URL\("([^"]+)"/)?.[1];
if (!entry) {
  console.error(`${LOADER} names no entry chunk: is this the loader build?`);
  process.exit(1);
}
const first = closure([LOADER, entry], false);
const everything = closure([LOADER, entry], true);

// The catalogs: chunks named after the language modules of src/i18n/ (en.ts, pt-BR.ts, …),
// each in two: its core (core-en, from src/i18n/core/) and the rest (en), with a table each
// (core-catalogs, catalogs). A visitor loads one language: only the largest of each counts.
const catalogNames = readdirSync(fileURLToPath(new URL('../src/i18n/', import.meta.url)))
  .filter((f) => /^[a-z]{2,3}(-[A-Z]{2})?\.ts$/.test(f))
  .map((f) => f.slice(0, -3));
const named = (prefix) => (name) => catalogNames.some((c) => new RegExp(`^chunks/${prefix}${c}-[\\w-]+\\.js$`).test(name));
const isCatalog = named('core-');
const isRest = named('');
const largestOf = (names) => names.reduce((a, b) => (file(a).gzip >= file(b).gzip ? a : b), names[0]);
const catalogs = [...everything].filter(isCatalog);
const largest = largestOf(catalogs);
const rests = [...everything].filter(isRest);
const largestRest = largestOf(rests);
const restTable = [...everything].filter((n) => /^chunks\/catalogs-[\w-]+\.js$/.test(n));
const REST_BUDGET = 1.5 * 1024;
const featureOf = (name) =>
  Object.keys(FEATURES).find((f) => FEATURE_CHUNKS[f].some((c) => new RegExp(`^chunks/${c}-[\\w-]+\\.js$`).test(name)));
const counted = new Set([...everything].filter((n) => (!isCatalog(n) || n === largest) && !isRest(n) && !restTable.includes(n) && !featureOf(n)));
// A feature's chunk that a counted chunk imports statically loads in every conversation: it
// would be left out of the total although every visitor downloads it (code both sides share
// that the bundler merged into it). Its place is in rollup.config.mjs (manualChunks).
const misplaced = [...counted].flatMap((n) => imports(file(n)).static.filter((i) => featureOf(i)).map((i) => `${n} imports ${i}`));

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const sum = (set, key) => [...set].reduce((n, name) => n + file(name)[key], 0);
console.log('file                                    raw        gzip       brotli   load');
for (const name of everything) {
  const f = file(name);
  const load = first.has(name)
    ? 'first'
    : isCatalog(name)
      ? 'one of the catalogs'
      : isRest(name) || restTable.includes(name)
        ? 'rest of a catalog'
        : featureOf(name)
          ? `feature: ${featureOf(name)}`
          : 'on use';
  console.log(`${name.padEnd(38)} ${kb(f.raw).padStart(9)} ${kb(f.gzip).padStart(10)} ${kb(f.brotli).padStart(10)}   ${load}`);
}
const report = {
  firstLoad: { files: [...first], gzip: sum(first, 'gzip'), brotli: sum(first, 'brotli'), budget: BUDGET.firstLoad },
  total: { files: [...counted], gzip: sum(counted, 'gzip'), brotli: sum(counted, 'brotli'), budget: BUDGET.total },
  catalogs: { count: catalogs.length, largest, gzip: catalogs.map((n) => file(n).gzip) },
  rest: { files: [largestRest, ...restTable], gzip: sum([largestRest, ...restTable], 'gzip'), budget: REST_BUDGET },
  messengerCompat: { gzip: file(COMPAT.file).gzip, brotli: file(COMPAT.file).brotli, budget: COMPAT.budget },
  features: Object.fromEntries(
    Object.entries(FEATURES).map(([f, budget]) => {
      const names = [...everything].filter((n) => featureOf(n) === f);
      return [f, { files: names, gzip: sum(names, 'gzip'), budget }];
    }),
  ),
};
console.log(`first load: ${kb(report.firstLoad.gzip)} gzip, ${kb(report.firstLoad.brotli)} brotli (budget ${kb(BUDGET.firstLoad)} gzip, goal ${kb(GOAL.firstLoad)})`);
console.log(`total:      ${kb(report.total.gzip)} gzip, ${kb(report.total.brotli)} brotli (budget ${kb(BUDGET.total)} gzip, goal ${kb(GOAL.total)}), with the largest of ${catalogs.length} catalogs`);
for (const key of ['firstLoad', 'total']) {
  if (report[key].gzip > GOAL[key]) console.log(`  ${key} is ${report[key].gzip - GOAL[key]} bytes gzip over its goal (issue 15)`);
}
if (catalogs.length !== catalogNames.length || rests.length !== catalogNames.length) {
  console.error(`expected ${catalogNames.length} catalog chunks of each kind, found ${catalogs.length} cores and ${rests.length} rests: a catalog was merged into another chunk`);
  process.exit(1);
}
writeFileSync(path.join(dist, 'size.json'), JSON.stringify(report, null, 2) + '\n');
const all = sum(new Set([...everything].filter((n) => (!isCatalog(n) || n === largest) && (!isRest(n) || n === largestRest))), 'gzip');
for (const [f, r] of Object.entries(report.features)) console.log(`feature ${f.padEnd(12)} ${kb(r.gzip)} gzip (budget ${kb(r.budget)})`);
console.log(`rest of a catalog ${kb(report.rest.gzip)} gzip (budget ${kb(REST_BUDGET)}): the largest with its table, loaded the first time the panel needs one of its strings`);
console.log(`everything:  ${kb(all)} gzip (every feature on, one catalog)`);
const compat = file(COMPAT.file);
console.log(`${COMPAT.file}:  ${kb(compat.raw)} raw, ${kb(compat.gzip)} gzip, ${kb(compat.brotli)} brotli (budget ${kb(COMPAT.budget)} gzip; not part of the loads above)`);
let failed = false;
for (const line of misplaced) {
  console.error(`a feature's chunk loads with every conversation (${line}): place what they share in rollup.config.mjs`);
  failed = true;
}
if (compat.gzip > COMPAT.budget) {
  console.error(`size budget exceeded: ${COMPAT.file} is ${compat.gzip - COMPAT.budget} bytes gzip over`);
  failed = true;
}
for (const key of ['firstLoad', 'total']) {
  if (report[key].gzip > BUDGET[key]) {
    console.error(`size budget exceeded: ${key} is ${report[key].gzip - BUDGET[key]} bytes gzip over`);
    failed = true;
  }
}
if (report.rest.gzip > REST_BUDGET) {
  console.error(`size budget exceeded: the rest of a catalog is ${report.rest.gzip - REST_BUDGET} bytes gzip over`);
  failed = true;
}
for (const [f, r] of Object.entries(report.features)) {
  if (r.gzip > r.budget) {
    console.error(`size budget exceeded: feature ${f} is ${r.gzip - r.budget} bytes gzip over`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
