// Prints the gzip size of the classic-script build and fails above the budget.
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';

const BUDGET = 25 * 1024;
const file = new URL('../dist/genesys-chat.min.js', import.meta.url);
const code = readFileSync(file);
const gzip = gzipSync(code, { level: 9 }).length;
const brotli = brotliCompressSync(code).length;
const kb = (n) => (n / 1024).toFixed(2);
console.log(`dist/genesys-chat.min.js: ${kb(code.length)} KB raw, ${kb(gzip)} KB gzip, ${kb(brotli)} KB brotli (budget ${kb(BUDGET)} KB gzip)`);
if (gzip > BUDGET) {
  console.error(`size budget exceeded by ${gzip - BUDGET} bytes gzip`);
  process.exit(1);
}
