#!/usr/bin/env node
// `npm run docs`: builds README.md and docs/*.md into a static site in dist-docs/ (gitignored),
// one HTML page per Markdown page, with the screenshots, a stylesheet and one script. Offline,
// no dependencies (scripts/markdown.mjs converts), well under a second.
//
// `npm start` builds it too and serves it at /docs/ (server/start.mjs). There the script
// (scripts/docs-site/live.js) finds the simulator, puts the built widget on every page
// (/dist/genesys-chat.min.js, the demo's deployment, the simulator's socket) and gives each
// runnable example (an `html` block with a <genesys-chat>, a `css` block that sets
// --genesys-chat-* properties) a button that runs it on the page. Hosted as plain files
// without the simulator, the pages are the same and the script only says where the live
// widget runs. Pages carry the demo's strict Content-Security-Policy: no inline script or
// style.
//
// Links: `docs/x.md` becomes `x.html`, README.md `readme.html`, docs/README.md `index.html`,
// pictures are copied; a link to another file of the repository points at `../<path>`,
// which the static server of `npm start` (the repository's root) answers.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeHtml, markdownToHtml } from './markdown.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const DEFAULT_OUT = path.join(ROOT, 'dist-docs');
const ASSETS = fileURLToPath(new URL('./docs-site/', import.meta.url));

/** The same policy as the demo page (server/rest.mjs DEMO_CSP). */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws: wss:; img-src 'self' https: data:; object-src 'none'; base-uri 'none'";

/** Repository path of a Markdown page -> its file in the site. */
export function pageFile(repoPath) {
  if (repoPath === 'README.md') return 'readme.html';
  if (repoPath === 'docs/README.md') return 'index.html';
  return `${repoPath.replace(/^docs\//, '').replace(/\.md$/, '')}.html`;
}

/** The pages, by repository path: README.md and every docs/**\/*.md. */
export function docPages(root = ROOT) {
  const walk = (dir) =>
    readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
      const p = `${dir}/${e.name}`;
      return e.isDirectory() ? walk(p) : e.name.endsWith('.md') ? [p] : [];
    });
  return ['README.md', ...walk('docs').sort()];
}

/** The order of the side navigation; pages not listed come last, by name. */
const ORDER = ['readme', 'install', 'configuration', 'scripting', 'styling', 'languages', 'signed-in', 'attachments', 'api', 'react', 'vue', 'angular', 'messenger', 'security', 'architecture', 'protocol', 'testing', 'development', 'simulator', 'gallery'];
const rank = (file) => {
  const i = ORDER.indexOf(file.replace(/\.html$/, ''));
  return i < 0 ? ORDER.length : i;
};

/** The page's title: its first heading, without markup. */
const titleOf = (markdown) => (/^# (.+)$/m.exec(markdown)?.[1] ?? 'genesys-chat').replace(/[`*]/g, '');

/** A fenced block; runnable examples get a button (enabled by live.js when the simulator answers). */
function codeBlock(lang, code) {
  const pre = `<pre><code${lang ? ` class="language-${escapeHtml(lang)}"` : ''}>${escapeHtml(code)}</code></pre>`;
  const runnable = (lang === 'html' && /<genesys-chat[\s>]/.test(code)) || (lang === 'css' && /--genesys-chat-|genesys-chat::part/.test(code));
  if (!runnable) return pre;
  return `<div class="example" data-example="${lang}">${pre}<button type="button" class="run" hidden>Run on this page</button></div>`;
}

/**
 * Builds the site into `out`. Returns the pages written (repository path -> site file).
 * @param {{ out?: string, root?: string }} [options]
 */
export function buildDocsSite({ out = DEFAULT_OUT, root = ROOT } = {}) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'screenshots'), { recursive: true });
  const pages = docPages(root);
  const known = new Set(pages);
  const sources = Object.fromEntries(pages.map((p) => [p, readFileSync(path.join(root, p), 'utf8')]));
  const nav = pages
    .filter((p) => p !== 'docs/README.md')
    .map((p) => ({ file: pageFile(p), title: p === 'README.md' ? 'README' : titleOf(sources[p]) }))
    .sort((a, b) => rank(a.file) - rank(b.file));

  for (const repoPath of pages) {
    const dir = path.posix.dirname(repoPath);
    const link = (href) => {
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#') || href.startsWith('//')) return href;
      const [target, hash = ''] = href.split('#');
      const resolved = path.posix.normalize(path.posix.join(dir, decodeURI(target)));
      const anchor = hash ? `#${hash}` : '';
      if (known.has(resolved)) return `${pageFile(resolved)}${anchor}`;
      if (resolved.startsWith('docs/screenshots/')) return `${resolved.slice('docs/'.length)}${anchor}`;
      return `../${resolved}${anchor}`;
    };
    const body = markdownToHtml(sources[repoPath], { link, code: codeBlock });
    const file = pageFile(repoPath);
    const title = titleOf(sources[repoPath]);
    const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta http-equiv="Content-Security-Policy" content="${CSP}">
    <title>${escapeHtml(title)} · genesys-chat</title>
    <link rel="stylesheet" href="docs.css">
    <script src="live.js" defer></script>
  </head>
  <body>
    <header class="site"><a href="index.html"><strong>genesys-chat</strong> docs</a><span class="live" id="live-status" role="status"></span></header>
    <div class="layout">
      <nav aria-label="Pages"><ul>
${nav.map((n) => `        <li><a href="${n.file}"${n.file === file ? ' aria-current="page"' : ''}>${escapeHtml(n.title)}</a></li>`).join('\n')}
      </ul></nav>
      <main>
${body}
      </main>
    </div>
  </body>
</html>
`;
    writeFileSync(path.join(out, file), html);
  }
  for (const f of readdirSync(path.join(root, 'docs/screenshots'))) copyFileSync(path.join(root, 'docs/screenshots', f), path.join(out, 'screenshots', f));
  for (const f of ['docs.css', 'live.js']) copyFileSync(path.join(ASSETS, f), path.join(out, f));
  return Object.fromEntries(pages.map((p) => [p, pageFile(p)]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const outArg = process.argv.indexOf('--out');
  const out = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : DEFAULT_OUT;
  const pages = buildDocsSite({ out });
  console.log(`docs: ${Object.keys(pages).length} pages in ${path.relative(process.cwd(), out) || out}/ (${Date.now() - started} ms)`);
  if (!existsSync(path.join(ROOT, 'dist/genesys-chat.min.js'))) console.log('docs: dist/ is not built: the live widget needs `npm run build` (npm start does it)');
}
