#!/usr/bin/env node
// `npm start`: the demo page, the agent console and the simulator on one port.
//   PORT (default 8787), HOST (default 127.0.0.1), SIM_LOG=1 for a line per connection/error.
//   `npm start -- --receipts` (or SIM_RECEIPTS=1): the simulator pushes Delivered/Read Receipt
//   frames of the customer's own messages to the guest. Unverified: no official Genesys client
//   declares that frame type, so it is off by default (the agent console can switch it too).

import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startSimulator } from './simulator.mjs';

const { values: flags } = parseArgs({ options: { receipts: { type: 'boolean', default: false } } });
const receipts = flags.receipts || /^(1|true|yes|on)$/i.test(process.env.SIM_RECEIPTS ?? '');

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT || 8787);
const host = process.env.HOST || '127.0.0.1';

const sim = await startSimulator({
  port,
  host,
  scriptedAgent: true,
  receipts,
  static: { root },
  log: process.env.SIM_LOG ? (line) => console.log(line) : undefined,
});

const shown = host === '127.0.0.1' || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
console.log(`Demo:          http://${shown}:${sim.port}/`);
console.log(`Agent console: http://${shown}:${sim.port}/demo/agent.html`);
console.log(`WebSocket:     ws://${shown}:${sim.port}/v1?deploymentId=<any id>`);
console.log(`Server receipts to the guest (unverified): ${receipts ? 'on' : 'off; --receipts or SIM_RECEIPTS=1 turns them on'}`);
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
