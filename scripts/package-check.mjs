// `npm run package-check` (part of `npm test`): packs the package the way `npm publish` would,
// from a clean tree, lists what is in it, lints the tarball itself, and uses it:
//
//   - a clean tree: the files git would commit (tracked, and new files not ignored), copied
//     to a temporary directory without dist/ or .pack/, node_modules linked. `npm pack` there
//     runs `prepack` (the build), so a fresh clone's `npm pack` is proven to build what it
//     packs: the work tree's dist/ cannot stand in for it;
//   - the contents: what a site needs (the script build, the module build with its types,
//     the React wrapper, the Messenger compatibility script, the custom-elements manifest,
//     README and LICENSE) and nothing it does not (sources, tests, the simulator, maps);
//   - publint, strict (warnings fail);
//   - @arethetypeswrong/cli with the ESM-only profile (the package, like Lit, has no
//     CommonJS build), so every entry of `exports` must resolve to typings;
//   - `engines`: every package in the lock file supports the Node versions it promises;
//   - use: the tarball installed into a fresh project without the network
//     (scripts/install-packed.mjs), then in headless Chromium by script tag (the installed
//     dist/genesys-chat.min.js defines the element, whose launcher renders) and through a
//     bundler (an entry importing 'genesys-chat', bundled by rollup from that project's
//     node_modules, defines the same element class).
//
// Each step prints how long it took. The tarball is left in `.pack/` (git-ignored) for the
// install test in test/server/, which also connects and sends a message.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatMessage } from 'publint/utils';
import { publint } from 'publint';
import { installPacked } from './install-packed.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.join(root, '.pack');
rmSync(out, { recursive: true, force: true });
mkdirSync(out);

const began = Date.now();
let lap = began;
/** Prints how long the step that just ended took. */
const timed = (what) => {
  const now = Date.now();
  console.log(`[${((now - lap) / 1000).toFixed(1)} s] ${what}`);
  lap = now;
};

// The clean tree. Outside a git checkout (an unpacked source archive), everything but the
// build outputs and node_modules.
const clean = mkdtempSync(path.join(tmpdir(), 'genesys-chat-clean-'));
const scratch = [clean];
process.on('exit', () => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});
let listed;
try {
  listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter((f) => f && existsSync(path.join(root, f)));
} catch {
  listed = undefined;
}
const skip = /^(node_modules|dist|\.pack|\.git)(\/|$)/;
if (listed) {
  for (const f of listed) {
    if (skip.test(f)) continue;
    mkdirSync(path.dirname(path.join(clean, f)), { recursive: true });
    cpSync(path.join(root, f), path.join(clean, f), { verbatimSymlinks: true });
  }
} else {
  cpSync(root, clean, { recursive: true, filter: (src) => !skip.test(path.relative(root, src).split(path.sep).join('/')) });
}
symlinkSync(path.join(root, 'node_modules'), path.join(clean, 'node_modules'), 'dir');
if (existsSync(path.join(clean, 'dist'))) throw new Error('the clean tree has a dist/: it would not prove that npm pack builds');
timed(`clean tree: ${listed ? `${listed.length} files git would commit` : 'a copy without dist/'} in ${clean}, node_modules linked`);

// npm pack runs prepack (the build) first; its output goes to stderr, the JSON to stdout.
// Some npm versions let a lifecycle script's output into stdout too: the JSON is the last
// array printed.
const packOutput = execFileSync('npm', ['pack', '--json', '--pack-destination', out, '--loglevel=warn'], {
  cwd: clean,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
  maxBuffer: 64 * 1024 * 1024,
});
const [packed] = JSON.parse(packOutput.slice(Math.max(0, packOutput.lastIndexOf('\n[\n') + 1)));
const tarball = path.join(out, packed.filename);
timed(`npm pack in the clean tree (prepack built dist/ there): ${packed.filename}`);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`${packed.filename}: ${packed.entryCount} files, ${kb(packed.size)} packed, ${kb(packed.unpackedSize)} unpacked`);
const files = packed.files.map((f) => f.path).sort();
// Grouped by folder, so the list stays readable: the chunks are many and hashed.
const groups = new Map();
for (const f of packed.files) {
  const dir = f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/') + 1) : '';
  const g = groups.get(dir) ?? { count: 0, size: 0, names: [] };
  g.count++;
  g.size += f.size;
  g.names.push(f.path.slice(dir.length));
  groups.set(dir, g);
}
for (const [dir, g] of [...groups].sort()) {
  const hashed = g.names.filter((n) => /-[\w-]{8}\.js$/.test(n));
  const list = [...g.names.filter((n) => !hashed.includes(n)), ...(hashed.length ? [`${hashed.length} chunks named by content hash`] : [])].join(', ');
  console.log(`  ${(dir || './').padEnd(22)} ${String(g.count).padStart(3)} files ${kb(g.size).padStart(9)}   ${list}`);
}

const problems = [];
const need = [
  'package.json',
  'README.md',
  'LICENSE',
  'custom-elements.json',
  'dist/genesys-chat.min.js',
  'dist/genesys-chat.min.d.ts',
  'dist/genesys-chat.module.js',
  'dist/index.js',
  'dist/index.d.ts',
  'dist/define.js',
  'dist/define.d.ts',
  'dist/react.js',
  'dist/react.d.ts',
  'dist/jsx.d.ts',
  'dist/messenger-compat.js',
];
for (const f of need) if (!files.includes(f)) problems.push(`missing from the package: ${f}`);
for (const f of files) {
  if (/^(src|test|server|scripts|demo|docs|\.ci)\//.test(f)) problems.push(`not for the package: ${f}`);
  if (/\.map$|size\.json$/.test(f)) problems.push(`not for the package: ${f}`);
}

// engines: what package.json promises, every locked package must support (dev tools included:
// they run on the machines that build and test this).
const semver = (await import('semver')).default;
const promised = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).engines.node;
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
let checked = 0;
for (const [where, entry] of Object.entries(lock.packages)) {
  const range = where && entry.engines?.node;
  if (!range) continue;
  checked++;
  if (!semver.subset(promised, range)) problems.push(`engines: ${where.replace(/^node_modules\//, '')} wants Node ${range}, outside the promised ${promised}`);
}
console.log(`engines: node ${promised}, which ${checked} locked packages with an engines field all support${problems.some((p) => p.startsWith('engines')) ? ' (not all: below)' : ''}`);

// publint on the tarball itself.
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const tar = readFileSync(tarball);
const lint = await publint({ pack: { tarball: tar.buffer.slice(tar.byteOffset, tar.byteOffset + tar.byteLength) }, level: 'suggestion', strict: true });
console.log(`publint: ${lint.messages.length ? '' : 'no messages'}`);
for (const m of lint.messages) {
  const line = `  ${m.type}: ${formatMessage(m, lint.pkg ?? pkg)}`;
  console.log(line);
  if (m.type !== 'suggestion') problems.push(`publint ${line.trim()}`);
}

// @arethetypeswrong/cli on the tarball: every entry point has types, for bundlers and Node.
try {
  const report = execFileSync(path.join(root, 'node_modules/.bin/attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-color'], { cwd: root, encoding: 'utf8' });
  console.log(`attw (esm-only profile):\n${report.trimEnd()}`);
} catch (error) {
  console.log(`attw (esm-only profile):\n${String(error.stdout ?? '').trimEnd()}\n${String(error.stderr ?? '').trimEnd()}`);
  problems.push('attw found problems (above)');
}

timed('contents, engines, publint and attw');

// Use: installed into a fresh project, then by script tag and through rollup in Chromium.
const project = mkdtempSync(path.join(tmpdir(), 'genesys-chat-site-'));
scratch.push(project);
const installed = installPacked(tarball, project);
timed(`installed into a fresh project (${installed.how}${installed.detail ? `: ${installed.detail}` : ''})`);

const { rollup } = await import('rollup');
const { nodeResolve } = await import('@rollup/plugin-node-resolve');
writeFileSync(
  path.join(project, 'entry.js'),
  "import { GenesysChat } from 'genesys-chat';\nimport 'genesys-chat/define.js';\nwindow.bundled = customElements.get('genesys-chat') === GenesysChat;\n",
);
let modules = [];
try {
  const bundle = await rollup({
    input: path.join(project, 'entry.js'),
    // Resolved from the fresh project's node_modules, as the site's own bundler would.
    plugins: [nodeResolve({ rootDir: project, browser: true })],
    onwarn: (w) => problems.push(`rollup: ${w.message}`),
  });
  await bundle.write({ dir: path.join(project, 'bundle'), format: 'es' });
  modules = bundle.watchFiles.filter((f) => !f.startsWith('\0'));
  await bundle.close();
} catch (error) {
  problems.push(`rollup could not bundle an import of 'genesys-chat' from the installed package: ${error.message}`);
}
const outside = modules.filter((f) => !path.resolve(f).startsWith(project) && !path.resolve(f).startsWith(path.join(root, 'node_modules')));
if (outside.length) problems.push(`rollup took files from outside the installed project: ${outside.slice(0, 3).join(', ')}`);
if (modules.length && !modules.some((f) => f.includes(`${path.sep}genesys-chat${path.sep}dist${path.sep}`))) problems.push('rollup did not bundle the installed genesys-chat');
timed(`bundled 'genesys-chat' with rollup from the fresh project (${modules.length} modules)`);

const { startSimulator } = await import('../server/simulator.mjs');
const { chromiumArgs, chromiumPath } = await import('./chromium.mjs');
const puppeteer = (await import('puppeteer-core')).default;
const sim = await startSimulator({ port: 0, static: { root: project }, deployments: ['package-check'] });
const element = `<genesys-chat deployment-id="package-check" socket-url="${sim.wsUrl}" storage="none"></genesys-chat>`;
writeFileSync(path.join(project, 'script-tag.html'), `<!doctype html><title>script tag</title>\n<script src="node_modules/genesys-chat/dist/genesys-chat.min.js" defer></script>\n${element}\n`);
writeFileSync(path.join(project, 'bundler.html'), `<!doctype html><title>bundler</title>\n<script type="module" src="bundle/entry.js"></script>\n${element}\n`);
const browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
try {
  for (const [file, extra] of [
    ['script-tag.html', ''],
    ['bundler.html', ' && window.bundled === true'],
  ]) {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} ${r.url()}`));
    await page.goto(`${sim.httpUrl}/${file}`);
    const ok = await page
      .waitForFunction(`!!customElements.get('genesys-chat') && !!document.querySelector('genesys-chat').shadowRoot?.querySelector('[part="launcher"]')${extra}`, { timeout: 15_000 })
      .then(() => true, () => false);
    if (!ok) problems.push(`${file}: the element was not defined or its launcher did not render${errors.length ? ` (${errors.join('; ')})` : ''}`);
    else if (errors.length) problems.push(`${file}: ${errors.join('; ')}`);
    await page.close();
  }
} finally {
  await browser.close();
  await sim.close();
}
timed('in headless Chromium: the script tag and the rollup bundle each defined <genesys-chat> and rendered its launcher');
console.log(`package check took ${((Date.now() - began) / 1000).toFixed(1)} s`);

if (problems.length) {
  console.error(`\npackage check failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('package check: ok');
