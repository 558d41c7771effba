// Tests run in Debian's headless Chromium (CHROME_PATH, else chrome-launcher's search):
// nothing here downloads a browser. The simulator starts in-process for integration tests.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';

const simPluginPath = new URL('./test/helpers/sim-plugin.mjs', import.meta.url);
const plugins = [
  esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
];
if (existsSync(simPluginPath)) {
  const { simulatorPlugin } = await import(simPluginPath.href);
  plugins.push(simulatorPlugin());
}
// Reaches into cross-origin frames (the strict-CSP demo served by the simulator).
const { framePlugin } = await import('./test/helpers/frame-plugin.mjs');
plugins.push(framePlugin());
// Slows the calling page's CPU (the chaos test runs as on a mid-range phone).
const { cpuThrottlePlugin } = await import('./test/helpers/cpu-plugin.mjs');
plugins.push(cpuThrottlePlugin());
// Bundles the React 18/19 and Vue test apps with esbuild, on first use (test/react, test/frameworks).
const { bundlePlugin } = await import('./test/helpers/bundle-plugin.mjs');
plugins.push(bundlePlugin());


export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: { exportConditions: ['development'] },
  plugins,
  concurrency: 1,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumArgs,
      },
    }),
  ],
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 300000,
};
