// `npm run package-check` (part of `npm test`, after the build): packs the package the way
// `npm publish` would, lists what is in it, and lints the tarball itself, not the work tree:
//
//   - the contents: what a site needs (the script build, the module build with its types,
//     the React wrapper, the Messenger compatibility script, the custom-elements manifest,
//     README and LICENSE) and nothing it does not (sources, tests, the simulator, maps);
//   - publint, strict (warnings fail);
//   - @arethetypeswrong/cli with the ESM-only profile (the package, like Lit, has no
//     CommonJS build), so every entry of `exports` must resolve to typings;
//   - `engines`: every package in the lock file supports the Node versions it promises.
//
// The tarball is left in `.pack/` (git-ignored) for the install test in test/server/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatMessage } from 'publint/utils';
import { publint } from 'publint';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.join(root, '.pack');
rmSync(out, { recursive: true, force: true });
mkdirSync(out);

const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: root, encoding: 'utf8' }));
const tarball = path.join(out, packed.filename);
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
if (!files.some((f) => /^dist\/chunks\/genesys-chat-[\w-]+\.js$/.test(f))) problems.push('missing from the package: the entry chunk dist/chunks/genesys-chat-*.js');
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

if (problems.length) {
  console.error(`\npackage check failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('package check: ok');
