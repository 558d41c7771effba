#!/usr/bin/env node
// `npm start`: the demo page, the agent console and the simulator on one port.
//   PORT (default 8787), HOST (default 127.0.0.1), SIM_LOG=1 for a line per connection/error.

import { fileURLToPath } from 'node:url';
import { startSimulator } from './simulator.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT || 8787);
const host = process.env.HOST || '127.0.0.1';

const sim = await startSimulator({
  port,
  host,
  scriptedAgent: true,
  static: { root },
  log: process.env.SIM_LOG ? (line) => console.log(line) : undefined,
});

const shown = host === '127.0.0.1' || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
console.log(`Demo:          http://${shown}:${sim.port}/`);
console.log(`Agent console: http://${shown}:${sim.port}/demo/agent.html`);
console.log(`WebSocket:     ws://${shown}:${sim.port}/v1?deploymentId=<any id>`);
console.log('Scripted agent is on; attach the agent console to a session to answer yourself. Ctrl+C to stop.');

let stopping = false;
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, async () => {
    if (stopping) process.exit(1);
    stopping = true;
    await sim.close();
    process.exit(0);
  });
}
