// @web/test-runner plugin: runs the Genesys simulator in-process for the browser tests.
// Browser side: test/helpers/sim-client.ts (`await simulator()`).

import { fileURLToPath } from 'node:url';
import { startSimulator } from '../../server/simulator.mjs';

/** The repository root: the simulator serves it (demo pages, dist/) as `npm start` does. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * @param {import('../../server/simulator.mjs').SimulatorOptions} [options]
 *   simulator options; defaults: any free port, scripted agent off, log silent
 *   (set SIM_LOG=1 to print one line per connection/error), static files from the
 *   repository root (demo/*.html, dist/; run `npm run build` first for dist/).
 * @returns {import('@web/test-runner').TestRunnerPlugin}
 */
export function simulatorPlugin(options = {}) {
  /** @type {import('../../server/simulator.mjs').Simulator | undefined} */
  let sim;
  return {
    name: 'genesys-simulator',
    async serverStart() {
      sim = await startSimulator({
        port: 0,
        static: { root: ROOT },
        // The browser tests make a deployment id up per test (cfg-<time>-<n>, chaos-<seed>-…):
        // every id is served. A test rehearses an unknown one with removeDeployment.
        deployments: 'any',
        log: process.env.SIM_LOG ? (line) => console.log(line) : undefined,
        ...options,
      });
    },
    async serverStop() {
      await sim?.close();
      sim = undefined;
    },
    async executeCommand({ command, payload }) {
      if (!sim) return undefined;
      if (command === 'sim-info') return { httpUrl: sim.httpUrl, wsUrl: sim.wsUrl, apiUrl: sim.apiUrl };
      if (command === 'sim-call') {
        // Same as POST /__sim/<method>, without fetch: { method, args }.
        const { method, args } = /** @type {{ method: string, args?: object }} */ (payload ?? {});
        const { CONTROL_METHODS } = await import('../../server/control.mjs');
        if (!CONTROL_METHODS.includes(method)) throw new Error(`Unknown simulator method ${method}`);
        return (await /** @type {any} */ (sim)[method](args ?? {})) ?? { ok: true };
      }
      return undefined;
    },
  };
}
