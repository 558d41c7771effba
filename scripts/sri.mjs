// Run by `npm run build`: the Subresource Integrity hashes of the files a page names in a
// <script> tag, for the CDN snippet in docs/install.md ("once published"). The loader names its entry
// chunk by a content hash, so pinning the loader pins the entry chunk's name too.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const dist = new URL('../dist/', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const hashes = {};
for (const name of ['genesys-chat.min.js', 'messenger-compat.js']) {
  let bytes;
  try {
    bytes = readFileSync(new URL(name, dist));
  } catch {
    continue; // not built (yet)
  }
  hashes[name] = `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
  console.log(`${name.padEnd(22)} ${hashes[name]}`);
}
writeFileSync(new URL('sri.json', dist), JSON.stringify({ version, integrity: hashes }, null, 2) + '\n');
// The snippet docs/install.md shows under "Once published", with this build's version and hash.
if (hashes['genesys-chat.min.js']) {
  console.log(`once published:\n<script src="https://cdn.jsdelivr.net/npm/genesys-chat@${version}/dist/genesys-chat.min.js"\n        integrity="${hashes['genesys-chat.min.js']}" crossorigin="anonymous" defer></script>`);
}
