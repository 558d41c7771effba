// Every link and picture in README.md and docs/**/*.md resolves inside the repository: a
// relative target is a file git has (committed or about to be, not ignored like dist/), an
// `#anchor` is a heading of the target page, and nothing points outside the repository
// except http(s) URLs (to sources, and to the local demo) and mailto:. Nothing names the
// notes the project was built from outside the repository (shared/, design.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { headingAnchors } from '../../scripts/markdown.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (p) => readFileSync(path.join(root, p), 'utf8');

/** README.md and docs/**\/*.md, as repository paths. */
function pages() {
  const walk = (dir) =>
    readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
      const p = `${dir}/${e.name}`;
      return e.isDirectory() ? walk(p) : e.name.endsWith('.md') ? [p] : [];
    });
  return ['README.md', ...walk('docs')];
}

/** What git has or would add: tracked files and untracked ones it does not ignore. */
function repositoryFiles() {
  try {
    const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return new Set(out.split('\0').filter(Boolean));
  } catch {
    return undefined; // not a git checkout (an unpacked copy): existence is checked instead
  }
}

/** The link targets of a Markdown page, outside code blocks and code spans, with line numbers. */
export function linksOf(markdown) {
  const links = [];
  let fence = null;
  markdown.split('\n').forEach((raw, index) => {
    const f = /^\s*(```|~~~)/.exec(raw);
    if (f) {
      fence = fence === null ? f[1] : fence === f[1] ? null : fence;
      return;
    }
    if (fence !== null) return;
    const line = raw.replace(/(`+)[\s\S]*?\1/g, '');
    const at = index + 1;
    for (const m of line.matchAll(/!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) links.push({ target: m[1], line: at });
    for (const m of line.matchAll(/<(?:img|a|source)\b[^>]*?\b(?:src|href|srcset)="([^"]+)"/gi)) links.push({ target: m[1], line: at });
    for (const m of line.matchAll(/<((?:https?|ftp|file):[^\s>]+)>/g)) links.push({ target: m[1], line: at });
  });
  return links;
}

test('every link and picture in README.md and docs/ resolves inside the repository', () => {
  const files = repositoryFiles();
  const anchorsOf = new Map();
  const anchors = (p) => {
    if (!anchorsOf.has(p)) anchorsOf.set(p, headingAnchors(read(p)));
    return anchorsOf.get(p);
  };
  const problems = [];
  let relative = 0;
  let withAnchor = 0;
  for (const page of pages()) {
    const text = read(page);
    for (const { target, line } of linksOf(text)) {
      const where = `${page}:${line} ${target}`;
      if (/^https?:\/\//i.test(target)) {
        if (/\/shared\/|design\.md|genesys-guest-protocol/.test(target)) problems.push(`${where}: points at the project's private notes`);
        continue;
      }
      if (/^mailto:/i.test(target)) continue;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) {
        problems.push(`${where}: only http(s) and mailto links may leave the repository`);
        continue;
      }
      if (target.startsWith('/')) {
        problems.push(`${where}: an absolute path names the web server's root, not a file of the repository`);
        continue;
      }
      const [file, hash] = target.split('#');
      const resolved = file === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), decodeURI(file)));
      if (resolved.startsWith('../') || resolved === '..') {
        problems.push(`${where}: outside the repository`);
        continue;
      }
      if (/^shared\//.test(resolved)) {
        problems.push(`${where}: shared/ is not part of the repository`);
        continue;
      }
      const full = path.join(root, resolved);
      const isDir = existsSync(full) && statSync(full).isDirectory();
      const known = files ? isDir || files.has(resolved) : existsSync(full);
      if (!known) {
        problems.push(`${where}: ${resolved} is not a file of the repository${existsSync(full) ? ' (it exists, but git ignores it)' : ''}`);
        continue;
      }
      if (file !== '') relative++;
      if (hash !== undefined) {
        withAnchor++;
        if (!resolved.endsWith('.md')) problems.push(`${where}: an #anchor on a file that is not a Markdown page`);
        else if (!anchors(resolved).has(hash)) problems.push(`${where}: ${resolved} has no heading #${hash} (it has ${[...anchors(resolved)].slice(0, 8).join(', ')}, …)`);
      }
    }
    // Not as a link either: the notes the project was built from are not in the repository.
    text.split('\n').forEach((l, i) => {
      if (/\bshared\/|\bdesign\.md\b|genesys-guest-protocol/.test(l)) problems.push(`${page}:${i + 1}: names a file outside the repository: ${l.trim().slice(0, 80)}`);
    });
  }
  assert.deepEqual(problems, []);
  // Not vacuous: README links its pages, and pages link each other's sections.
  assert.ok(relative >= 60, `only ${relative} relative links checked`);
  assert.ok(withAnchor >= 10, `only ${withAnchor} links with an #anchor checked`);
});

test('the link check catches what it should', () => {
  const links = linksOf(
    [
      'See [a](docs/a.md#b) and ![p](docs/p.png) and <img src="x.png" width="2"> and <https://example.com/>.',
      '`[not](a link)` in code',
      '```md',
      '[not](in a fence)',
      '```',
    ].join('\n'),
  );
  assert.deepEqual(
    links.map((l) => l.target),
    ['docs/a.md#b', 'docs/p.png', 'x.png', 'https://example.com/'],
  );
  assert.ok(headingAnchors('# Switching from Genesys Messenger: `dist/messenger-compat.js`\n## A\n## A').has('switching-from-genesys-messenger-distmessenger-compatjs'));
  assert.deepEqual([...headingAnchors('## A\n## A\n```\n## not\n```')], ['a', 'a-1']);
});

test("README's test command is the one .ci/run runs, and README's demo command the one docs/development.md gives", () => {
  const readme = read('README.md');
  const block = (heading) => {
    const at = readme.indexOf(`\n## ${heading}\n`);
    assert.ok(at >= 0, `README has no "## ${heading}"`);
    return /```sh\n([^`]+?)\n```/.exec(readme.slice(at))?.[1].trim();
  };
  const ci = read('.ci/run')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  assert.equal(block('Test'), 'npm test');
  assert.equal(ci.at(-1), block('Test'), '.ci/run ends with exactly the test command README gives');
  assert.equal(block('Try it'), 'npm install && npm start');
  assert.match(read('docs/development.md'), /```sh\nnpm install && npm start\n```/);
  for (const name of ['HOST', 'PORT', 'npm run dev']) assert.ok(readme.includes(name), `README names ${name}`);
});
