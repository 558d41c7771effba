// Run by `npm run build`: the Subresource Integrity hashes of the files a page names in a
// <script> tag, for the CDN snippet in docs/install.md ("once published"): the classic loader,
// the module entry a page may load instead (the loader loads it by its name, unhashed, so a
// page pins what it loads first in either way), and the Messenger compat script. Pin a
// versioned URL: the chunks they import are named by a content hash, not checked by the browser.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const dist = new URL('../dist/', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const hashes = {};
for (const name of ['genesys-chat.min.js', 'genesys-chat.module.js', 'messenger-compat.js']) {
  let bytes;
  try {
    bytes = readFileSync(new URL(name, dist));
  } catch {
    continue; // not built (yet)
  }
  hashes[name] = `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
  console.log(`${name.padEnd(24)} ${hashes[name]}`);
}
writeFileSync(new URL('sri.json', dist), JSON.stringify({ version, integrity: hashes }, null, 2) + '\n');
// The snippet docs/install.md shows under "Once published", with this build's version and hash.
if (hashes['genesys-chat.min.js']) {
  console.log(`once published:\n<script src="https://cdn.jsdelivr.net/npm/genesys-chat@${version}/dist/genesys-chat.min.js"\n        integrity="${hashes['genesys-chat.min.js']}" crossorigin="anonymous" defer></script>`);
}
