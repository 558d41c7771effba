// `npm run dev` only: live reload for the pages the simulator serves. Not part of the
// simulator (a dev convenience, not Genesys behaviour), so it wraps the simulator's HTTP
// server from outside:
//
//   GET /__dev/events     Server-Sent Events: `reload` when the widget was rebuilt or a demo
//                         file changed
//   GET /__dev/reload.js  the listener: reloads the page on `reload`
//   HTML pages            served with <script src="/__dev/reload.js"> before </head>; a
//                         script from 'self', so the demo's strict CSP allows it, and the
//                         pages themselves carry nothing dev-only
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { STATIC_HEADERS } from './rest.mjs';

const LISTENER = `// genesys-chat dev server: reload this page when the widget is rebuilt or a demo file changes.
// The agent console has no widget on it: a rebuild would only detach the agent.
new EventSource('/__dev/events').addEventListener('reload', (e) => {
  if (e.data === 'the widget was rebuilt' && location.pathname.endsWith('/demo/agent.html')) return;
  console.info('[dev] ' + e.data + ': reloading');
  location.reload();
});
`;
const TAG = '<script src="/__dev/reload.js" defer></script>';

/**
 * @param {import('./simulator.mjs').Simulator} sim  listening or not yet
 * @param {{ root: string }} options  the static root the simulator serves
 * @returns {{ reload(reason: string): void, clients(): number, close(): void }}
 */
export function attachLiveReload(sim, { root }) {
  /** @type {Set<import('node:http').ServerResponse>} */
  const streams = new Set();
  const server = sim.server;
  const original = server.listeners('request');
  server.removeAllListeners('request');
  server.on('request', (req, res) => {
    void handle(req, res).then((handled) => {
      if (!handled) for (const l of original) l.call(server, req, res);
    });
  });
  // A comment every 20 s keeps idle proxies from closing the stream.
  const beat = setInterval(() => {
    for (const s of streams) s.write(': beat\n\n');
  }, 20_000);
  beat.unref();

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function handle(req, res) {
    if (req.method !== 'GET') return false;
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname === '/__dev/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return true;
    }
    if (pathname === '/__dev/reload.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' });
      res.end(LISTENER);
      return true;
    }
    if (!pathname.endsWith('/') && !pathname.endsWith('.html')) return false;
    let decoded;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return false;
    }
    // The same containment as the static server: anything odd is left to it.
    const base = path.resolve(root);
    const file = path.resolve(base, `.${decoded.endsWith('/') ? `${decoded}index.html` : decoded}`);
    if (decoded.includes('\0') || !file.startsWith(base + path.sep)) return false;
    if (!(await stat(file).catch(() => null))?.isFile()) return false;
    const page = await readFile(file, 'utf8');
    const at = page.indexOf('</head>');
    const body = at < 0 ? `${TAG}\n${page}` : `${page.slice(0, at)}${TAG}\n${page.slice(at)}`;
    // The page's own headers (the demo's and the console's CSP) as the static server sends them.
    const relative = path.relative(base, file).split(path.sep).join('/');
    const extra = /** @type {Record<string, Record<string, string>>} */ (STATIC_HEADERS)[relative] ?? {};
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache', 'Content-Length': Buffer.byteLength(body), ...extra });
    res.end(body);
    return true;
  }

  return {
    reload(reason) {
      const data = String(reason).replace(/\s+/g, ' ');
      for (const s of streams) s.write(`event: reload\ndata: ${data}\n\n`);
    },
    clients: () => streams.size,
    close() {
      clearInterval(beat);
      for (const s of streams) s.end();
      streams.clear();
    },
  };
}
