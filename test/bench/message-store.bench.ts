/**
 * Micro-benchmark of MessageStore's append path (not a test: nothing here is asserted).
 *
 *   npx esbuild test/bench/message-store.bench.ts --bundle --format=esm --platform=node | node --input-type=module
 *
 * For n = 1,000 and 5,000 messages already stored, it times appending one more message
 * (newer than all others, the common live case) followed by one read of `messages`, as the
 * element does on each render; and a burst of 1,000 appends followed by one read.
 * Prints min/median/max in microseconds per append.
 */
import { MessageStore } from '../../src/conversation/message-store.js';
import type { ChatMessage } from '../../src/types.js';

const agent = (i: number): ChatMessage => ({ id: `m${i}`, from: 'agent', text: `message ${i}`, time: 1_000_000 + i * 1000 });

function filled(n: number): MessageStore {
  const store = new MessageStore();
  for (let i = 0; i < n; i++) store.upsert(agent(i));
  void store.messages;
  return store;
}

const stats = (samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(2);
  return `min ${f(s[0]!)} / median ${f(s[s.length >> 1]!)} / max ${f(s.at(-1)!)} µs`;
};

for (const n of [1000, 5000]) {
  // One append then one read, 200 times per round, 7 rounds (each from a fresh store of n).
  const perAppend: number[] = [];
  for (let round = 0; round < 7; round++) {
    const store = filled(n);
    const count = 200;
    const start = performance.now();
    for (let i = n; i < n + count; i++) {
      store.upsert(agent(i));
      if (store.messages.length === 0) throw new Error('unreachable');
    }
    perAppend.push(((performance.now() - start) * 1000) / count);
  }
  console.log(`FIGURE store append+read at ${n}: ${stats(perAppend)}`);

  // A burst: 1,000 appends, then one read.
  const perBurst: number[] = [];
  for (let round = 0; round < 5; round++) {
    const store = filled(n);
    const start = performance.now();
    for (let i = n; i < n + 1000; i++) store.upsert(agent(i));
    if (store.messages.length !== n + 1000) throw new Error('lost messages');
    perBurst.push(((performance.now() - start) * 1000) / 1000);
  }
  console.log(`FIGURE store burst of 1,000 appends at ${n}: ${stats(perBurst)} per append`);
}
