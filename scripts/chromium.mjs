// Debian's Chromium for tests and scripts: CHROME_PATH, else /usr/bin/chromium, else
// whatever chrome-launcher finds. Flags that keep it quiet on a closed network.
import { existsSync } from 'node:fs';

export const chromiumPath =
  process.env.CHROME_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
