/**
 * The chaos scenario of "Never lose a message": a seeded, repeatable run that sends
 * numbered customer messages through `<genesys-chat storage="local">` against the
 * simulator while faults strike at seeded random moments:
 *
 * - sockets dropped at any moment (`sim.drop`), and by the simulator right after it stored
 *   a message, before or after the echo (`faults.dropAfterMessage`);
 * - connections refused for 1–4 s (`sim.refuse`, then a drop);
 * - server frames duplicated and reordered, customer messages refused with 429, REST
 *   history failing with 503 (`faults.duplicate`, `faults.reorder`, `faults.rateLimit429`,
 *   `faults.historyFailure`), at a low rate all the time and in storms;
 * - page reloads: the element is removed and a fresh one mounted with the same deployment
 *   id; the token and the outbox live in localStorage, so the session resumes;
 * - a slow network or device: every server frame late by a random 0..N ms, in order
 *   (`faults.deliveryJitterMs`, option `deliveryJitterMs`), and, set by the caller through
 *   the DevTools protocol, a throttled CPU (`cpuThrottle`, only reported here).
 *
 * Then it waits (bounded) for the outbox to drain and counts, from the simulator's stored
 * conversation, the messages lost, duplicated and out of order, and from the shadow DOM of
 * each element that every message shows exactly once, in order, with status `sent` (or the
 * later `delivered`/`read`). It asserts nothing itself: it returns the counts.
 *
 * The seed fixes every decision of the scenario and of the simulator's fault PRNG; the
 * timing of a browser and a socket is not fixed, so a rerun repeats the pattern of faults,
 * not necessarily the exact frame each one hits.
 *
 * With `profile: 'hostile'` (hostile.ts) the real service's unkindness joins in: untagged
 * errors, swallowed echoes, filtered metadata, history failing every way, configures answered
 * with SessionExpiredEvent or 4017 for a few seconds, final refusals (the scenario then acts as
 * a person: it presses retry on a failed message, and counts it), a late config.json, and,
 * with `signedIn`, the token endpoints down for a while. With `tabs: 2` two tabs (same-origin
 * iframes) type into one conversation; the leader tab is killed and a new one loaded among
 * the faults; order is checked per sending tab, and every live tab must show every message.
 *
 * Runs in `npm test` (test/chaos/chaos.test.ts, a small seed) and stand-alone
 * (`npm run chaos -- --messages 2000 [--profile hostile] [--tabs 2]`, scripts/chaos.mjs).
 */
import type { GenesysChat } from '../../src/genesys-chat.js';
import type { SimFaults, SimFaultStats, SimSession, Simulator } from '../helpers/sim-client.js';
import { mulberry32 } from '../helpers/prng.js';
import { showAllMessages } from '../helpers/show-all.js';
import { PROFILES, RetryPresser, holdsSocket, openTab, type ChaosProfile } from './hostile.js';

export type { ChaosProfile };

export interface ChaosOptions {
  /** Customer messages to send (the issue asks for at least 200). */
  messages: number;
  seed: number;
  sim: Simulator;
  log?: (line: string) => void;
  /**
   * onMessage frames per second, for the simulator's limit and the widget's `rate-limit`
   * alike (default 10). Messages are offered at about 60 % of it, in bursts now and then.
   */
  rate?: number;
  /**
   * Mean time between two scheduled faults, ms (default 5000). Each one is a drop, a refusal,
   * a reload or a storm. Time rather than a message count: every reconnect reads history,
   * which the service allows 10 times a minute, so the fault rate must not grow with `rate`.
   */
  faultEveryMs?: number;
  /** Longest the outbox may hold before the sender waits for it to drain (default 100). */
  maxBacklog?: number;
  /** Bound on the final wait for every message to be echoed, ms (default 120 000). */
  settleTimeoutMs?: number;
  /** Where the element is mounted (default document.body). */
  container?: HTMLElement;
  /**
   * Every server frame waits a random 0..N ms more, in order (the simulator's
   * `faults.deliveryJitterMs`), for the whole run, settling included (default 0).
   */
  deliveryJitterMs?: number;
  /**
   * The CPU throttling rate the caller applied to this page (Chromium's
   * `Emulation.setCPUThrottlingRate`; 1 = none). Only reported in the result.
   */
  cpuThrottle?: number;
  /** Which faults (hostile.ts): 'default' (before issue 15) or 'hostile' (default 'default'). */
  profile?: ChaosProfile;
  /** Tabs typing into one conversation (default 1); more than 1 needs `tabUrl`. */
  tabs?: number;
  /** A same-origin page that defines <genesys-chat> after test/chaos/tab-hook.js (tabs > 1). */
  tabUrl?: string;
  /** Sign the customer in first (the simulated identity provider), so token faults matter. */
  signedIn?: boolean;
}

export interface ChaosFaultCounts extends SimFaultStats {
  /** `sim.drop()` at a random moment. */
  drops: number;
  /** `sim.refuse()` for 1–4 s (with a drop). */
  refusals: number;
  /** The element removed and a fresh one mounted. */
  reloads: number;
  /** Stretches of frequent duplicates, reorders, drops and 429s. */
  storms: number;
  /** hostile: stretches of 1–3 s when every configure is answered SessionExpiredEvent or 4017 (with a drop). */
  expiries: number;
  /** hostile, signed in: stretches of 3–10 s when the token endpoints fail. */
  tokenOutages: number;
  /** tabs > 1: the leader tab killed and a new tab loaded. */
  leaderKills: number;
}

export interface ChaosResult {
  messages: number;
  seed: number;
  /** As passed in: the delivery jitter (ms) and the CPU throttling rate (1 = none). */
  deliveryJitterMs: number;
  cpuThrottle: number;
  /** Sent but never stored by the simulator (includes any the widget refused to queue). */
  lost: number;
  /** Extra stored copies. */
  duplicated: number;
  /** Messages written to a session that then expired and sent again in the next (not duplicates within a conversation). */
  resentAfterExpiry: number;
  /** Stored messages out of order, per sending tab: how many must move to restore the order (n − LIS). */
  reordered: number;
  /** Stored customer texts that were never sent. */
  unexpected: number;
  /** Widget: messages an element should show but does not. */
  shownMissing: number;
  /** Widget: extra bubbles of a message in one element. */
  shownDuplicated: number;
  /** Widget: messages shown at the end with a status other than sent/delivered/read. */
  shownNotSent: number;
  /** Widget: confirmed bubbles out of order per sending tab (n − LIS), in any element. */
  shownMisordered: number;
  /** Widget: messages a live tab still shows `sending` at the end (each a failure of the run). */
  stillSending: number;
  /** Widget: messages a live tab still shows `failed` at the end. */
  stillFailed: number;
  /** Messages that showed `failed` at some point (final refusals), and retry presses. */
  failedShown: number;
  retries: number;
  /** Simulator sessions the deployment ended up with (1 unless the session was lost or expired). */
  sessions: number;
  profile: ChaosProfile;
  tabs: number;
  signedIn: boolean;
  /** signedIn: the customer was signed out during the run (or not signed in at the end). */
  signedOut: boolean;
  faults: ChaosFaultCounts;
  /** Every message echoed within settleTimeoutMs. */
  settled: boolean;
  /** Sending stopped early: nothing went out for settleTimeoutMs with the backlog full (a failure of the run). */
  stalled: boolean;
  /** Messages the tabs accepted (fewer than `messages` when the run stalled). */
  sent: number;
  durationMs: number;
  /** The first few problems, for the log. */
  problems: string[];
}

const CONFIRMED = new Set(['sent', 'delivered', 'read']);
const REDIRECT = '/signed-in';

/** The text of message n (1-based). */
export const chaosText = (n: number): string => `chaos ${String(n).padStart(4, '0')}`;
const indexOf = (text: string): number | undefined => {
  const m = /^chaos (\d{4,})$/.exec(text.trim());
  return m ? Number(m[1]) : undefined;
};


const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Length of the longest strictly increasing subsequence (patience sorting). */
export function lisLength(seq: readonly number[]): number {
  const tails: number[] = [];
  for (const x of seq) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = x;
  }
  return tails.length;
}

/**
 * Lost, duplicated and reordered counts of a received sequence of message numbers against
 * the numbers sent (exported for the scenario's own unit test).
 */
export function countDelivery(sent: readonly number[], received: readonly number[]) {
  const sentSet = new Set(sent);
  const copies = new Map<number, number>();
  const firsts: number[] = [];
  let unexpected = 0;
  for (const n of received) {
    if (!sentSet.has(n)) {
      unexpected++;
      continue;
    }
    const c = copies.get(n) ?? 0;
    if (c === 0) firsts.push(n);
    copies.set(n, c + 1);
  }
  let lost = 0;
  let duplicated = 0;
  for (const n of sent) {
    const c = copies.get(n) ?? 0;
    if (c === 0) lost++;
    else duplicated += c - 1;
  }
  return { lost, duplicated, reordered: firsts.length - lisLength(firsts), unexpected };
}

interface Shown {
  n: number | undefined;
  text: string;
  status: string;
}

/** The customer bubbles an element shows, in display order, with their receipt status. */
async function shown(el: GenesysChat): Promise<Shown[]> {
  await showAllMessages(el);
  const bubbles = el.shadowRoot?.querySelectorAll<HTMLElement>('[part~="message"][part~="customer"]') ?? [];
  // The delivery status shows under the newest message only: the others' is in the model.
  const statusOf = new Map(el.messages.filter((m) => m.from === 'customer').map((m) => [m.text, m.status ?? 'sent']));
  return [...bubbles].map((b) => {
    const text = (b.textContent ?? '').trim();
    const receipt = b.parentElement?.querySelector<HTMLElement>('[part="receipt"]');
    return { n: indexOf(text), text, status: receipt?.dataset['status'] ?? statusOf.get(text) ?? 'none' };
  });
}

/**
 * Messages out of order within each sending tab (n − LIS of each tab's subsequence). A message
 * the person sent again with retry (it was refused for good) is sent anew at that moment: its
 * place is the retry's, not its first send's, so it is left out of the order.
 */
function reorderedPerSender(firsts: readonly number[], senderOf: ReadonlyMap<number, number>, retried: ReadonlySet<number> = new Set()): number {
  const bySender = new Map<number, number[]>();
  for (const n of firsts) {
    if (retried.has(n)) continue;
    const sender = senderOf.get(n) ?? 0;
    bySender.set(sender, [...(bySender.get(sender) ?? []), n]);
  }
  let out = 0;
  for (const seq of bySender.values()) out += seq.length - lisLength(seq);
  return out;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const { messages: total, seed, sim } = options;
  const log = options.log ?? (() => {});
  const rate = options.rate ?? 10;
  const faultEveryMs = Math.max(100, options.faultEveryMs ?? 5000);
  const maxBacklog = options.maxBacklog ?? 100;
  const settleTimeoutMs = options.settleTimeoutMs ?? 120_000;
  const container = options.container ?? document.body;
  const deliveryJitterMs = Math.max(0, options.deliveryJitterMs ?? 0);
  const cpuThrottle = options.cpuThrottle ?? 1;
  const profile: ChaosProfile = options.profile ?? 'default';
  const hostile = profile === 'hostile';
  const { baseline: BASELINE, storm: STORM } = PROFILES[profile];
  const tabCount = Math.max(1, Math.floor(options.tabs ?? 1));
  const signedIn = options.signedIn === true;
  if (tabCount > 1 && !options.tabUrl) throw new Error('runChaos: tabs > 1 needs a tabUrl');
  const jitter: SimFaults | null = deliveryJitterMs ? { deliveryJitterMs } : null;
  const random = mulberry32(seed);
  // The person pressing retry has their own dice, so the default profile's rolls stay as they were.
  const presser = new RetryPresser(mulberry32(seed ^ 0x9e3779b9));
  /** Message numbers the person sent again with retry. */
  const retried = (): Set<number> => new Set([...presser.pressedTexts].map(indexOf).filter((n): n is number => n !== undefined));
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  const started = performance.now();

  const deploymentId = `chaos-${seed}-${Date.now().toString(36)}`;
  const prefix = `genesys-chat:${deploymentId}:`;
  const tokenKey = `${prefix}token`;
  const outboxKey = `${prefix}outbox`;

  const faults: ChaosFaultCounts = {
    drops: 0,
    refusals: 0,
    reloads: 0,
    storms: 0,
    expiries: 0,
    tokenOutages: 0,
    leaderKills: 0,
    duplicated: 0,
    reordered: 0,
    droppedBeforeEcho: 0,
    droppedAfterEcho: 0,
    rateLimited: 0,
    historyFailed: 0,
    delayed: 0,
    historyNetwork: 0,
    history5xx: 0,
    history429: 0,
    untaggedErrors: 0,
    strippedTracingIds: 0,
    swallowedEchoes: 0,
    metadataFiltered: 0,
    tokenFailed: 0,
    expiredSessions: 0,
    finalRefusals: 0,
    configDelayed: 0,
  };
  const problems: string[] = [];
  const problem = (line: string) => {
    if (problems.length < 20) problems.push(line);
  };

  // Faults that last a while on top of the baseline or a storm (hostile): until when each lasts.
  let expireUntil = 0;
  let expireKind: 'event' | '4017' = 'event';
  let tokenUntil = 0;
  let current: SimFaults | null = BASELINE;

  // Setting faults resets the simulator's counters, so fold them in first.
  let faultSets = 0;
  const setFaults = async (f: SimFaults | null) => {
    current = f;
    const stats = await sim.faultStats();
    for (const k of Object.keys(stats) as (keyof SimFaultStats)[]) if (typeof stats[k] === 'number') faults[k] += stats[k];
    const now = performance.now();
    const lasting: SimFaults = {};
    if (f && now < expireUntil) lasting.expireSessions = expireKind;
    if (f && now < tokenUntil) lasting.tokenFailure = { kinds: ['network', '5xx', '429'], forMs: Math.round(tokenUntil - now) };
    const all = f || jitter ? { ...jitter, ...f, ...lasting } : null;
    await sim.setOptions({ faults: all && { ...all, seed: seed * 1000 + ++faultSets, deploymentId } });
  };

  await sim.setOptions({ ratePerSecond: rate, receipts: true, scriptedAgent: false, ...(signedIn ? { authJwtSeconds: 75 } : {}) });
  if (signedIn) await sim.setConfig({ deploymentId, config: { auth: { enabled: true, allowSessionUpgrade: true } } });
  await setFaults(BASELINE);

  // ------------------------------------------------------------------ tabs ("page loads")

  interface Tab {
    /** Its place in the page's list (a tab loaded after a kill or reload takes the place of the one gone). */
    slot: number;
    /**
     * Which sending tab it is, for the order check. One tab: always 0, since a reload is the
     * same person on the same page, whose messages keep their order across it. Several tabs:
     * each tab loaded is a new sender (a closed tab's queued messages and a new tab's own may
     * interleave; each tab's own must stay in order).
     */
    sender: number;
    el: GenesysChat;
    /** Its iframe (tabs > 1); one tab lives in the page itself. */
    frame?: HTMLIFrameElement;
    /** Messages this tab is answerable for: sent through it, or unconfirmed when the one before it went away. */
    owned: Set<number>;
    /** With several tabs, it must show every message from this number on (sent after it loaded). */
    since: number;
  }

  let senders = 0;
  const mount = async (slot: number, owned: Set<number>, since: number): Promise<Tab> => {
    let doc = document;
    let frame: HTMLIFrameElement | undefined;
    if (tabCount > 1) ({ frame, doc } = await openTab(options.tabUrl!, container));
    const el = doc.createElement('genesys-chat') as GenesysChat;
    el.setAttribute('deployment-id', deploymentId);
    el.setAttribute('socket-url', sim.wsUrl);
    el.setAttribute('storage', 'local');
    el.setAttribute('rate-limit', String(rate));
    el.setAttribute('disable-typing', '');
    el.setAttribute('open', '');
    (frame ? doc.body : container).append(el);
    await el.updateComplete;
    return { slot, sender: tabCount > 1 ? senders++ : 0, el, frame, owned, since };
  };

  const unmount = (tab: Tab) => {
    tab.el.remove();
    tab.frame?.remove();
  };

  let shownDuplicated = 0;
  let shownMisordered = 0;
  const senderOf = new Map<number, number>();
  const accepted: number[] = [];

  /** Checks what a tab shows; returns the messages it must show that it has not confirmed yet. */
  const inspect = async (tab: Tab, final: boolean) => {
    const list = await shown(tab.el);
    const seen = new Map<number, Shown[]>();
    for (const s of list) {
      if (s.n === undefined) {
        problem(`the widget shows an unknown customer message "${s.text.slice(0, 40)}"`);
        continue;
      }
      seen.set(s.n, [...(seen.get(s.n) ?? []), s]);
      if (s.status === 'failed' && !hostile) problem(`the widget shows ${s.text} as failed`);
    }
    for (const [n, copies] of seen) {
      if (copies.length > 1) {
        shownDuplicated += copies.length - 1;
        problem(`the widget shows ${chaosText(n)} ${copies.length} times`);
      }
    }
    // Display order of confirmed messages, per sending tab (a `sending` one may sit by its local time until echoed).
    const confirmedOrder = list.filter((s) => s.n !== undefined && CONFIRMED.has(s.status)).map((s) => s.n!);
    const misordered = reorderedPerSender([...new Set(confirmedOrder)], senderOf, retried());
    if (misordered) {
      shownMisordered += misordered;
      problem(`the widget shows ${misordered} confirmed message(s) out of order`);
    }
    const required = new Set(tab.owned);
    if (final && tabCount > 1) for (const n of accepted) if (n >= tab.since) required.add(n);
    const unconfirmed: number[] = [];
    const missing: number[] = [];
    const notSent: number[] = [];
    const sending: number[] = [];
    const failed: number[] = [];
    for (const n of required) {
      const copies = seen.get(n);
      if (copies?.some((c) => CONFIRMED.has(c.status))) continue;
      unconfirmed.push(n);
      if (!final) continue;
      if (!copies) missing.push(n);
      else {
        notSent.push(n);
        if (copies.some((c) => c.status === 'sending')) sending.push(n);
        if (copies.some((c) => c.status === 'failed')) failed.push(n);
      }
    }
    return { unconfirmed, missing, notSent, sending, failed };
  };

  const tabs: Tab[] = [];
  for (let slot = 0; slot < tabCount; slot++) tabs.push(await mount(slot, new Set(), 1));
  let nextN = 1;

  if (signedIn) {
    // The identity provider's redirect, simulated (the demo has a real form).
    const redirectUri = new URL(REDIRECT, location.origin).href;
    const { code } = await sim.issueCode({ redirectUri, name: 'Chaos Customer', sub: `chaos-${deploymentId}` });
    // Signed in on the guest session once it is there (an upgrade), as a customer would.
    for (let i = 0; i < 100 && tabs[0]!.el.connectionState !== 'ready'; i++) await sleep(100);
    await tabs[0]!.el.login({ code, redirectUri });
    if (!tabs[0]!.el.authenticated) problem('the customer could not sign in');
  }
  let signedOut = false;
  const checkSignedIn = () => {
    if (signedIn && !signedOut && tabs.some((t) => t.el.connectionState === 'ready' && !t.el.authenticated)) {
      signedOut = true;
      problem('the customer was signed out');
    }
  };

  /** A tab goes away (reload, or the leader killed) and a new one takes its slot. */
  const replace = async (i: number) => {
    const old = tabs[i]!;
    const { unconfirmed } = await inspect(old, false);
    unmount(old);
    // The next page takes a moment to load.
    await sleep(between(0, 400));
    tabs[i] = await mount(old.slot, new Set(unconfirmed), nextN);
  };

  const leaderIndex = () => {
    const i = tabs.findIndex((t) => holdsSocket(t.frame?.contentWindow));
    log(`chaos: killing tab ${i >= 0 ? `${i + 1}, the leader` : '(no tab holds a socket now: a random one)'}`);
    return i >= 0 ? i : Math.floor(random() * tabs.length);
  };

  const sendingTexts = () => {
    const texts = new Set<string>();
    for (const t of tabs) for (const m of t.el.messages) if (m.from === 'customer' && m.status === 'sending') texts.add(m.text ?? '');
    return texts;
  };
  const pending = () => sendingTexts().size;
  const token = () => localStorage.getItem(tokenKey) ?? undefined;
  const dropNow = async () => {
    const t = token();
    if (!t) return; // never configured: no socket of ours to drop
    try {
      await sim.drop({ token: t });
    } catch {
      /* the session is not configured yet: nothing to drop */
    }
  };
  /** A person notices failed messages and presses retry (hostile: final refusals). */
  const pressRetries = async () => {
    for (const t of tabs) await presser.visit(t.el);
  };

  // ------------------------------------------------------------------ sending, with faults

  let refusedByWidget = 0;
  const nextFaultIn = () => between(0.5, 1.5) * faultEveryMs;
  let nextFaultAt = performance.now() + nextFaultIn();
  let stormUntil = 0;
  let lastingUntil = 0;

  /** Strikes when a fault is due: a drop, a refusal, a reload or a storm (seeded choice); hostile adds expiries and token outages. */
  const maybeFault = async () => {
    const now = performance.now();
    if (stormUntil && now >= stormUntil) {
      stormUntil = 0;
      await setFaults(BASELINE);
    }
    if (lastingUntil && now >= lastingUntil) {
      // An expiry or token outage is over: the simulator forgets it.
      lastingUntil = Math.max(expireUntil, tokenUntil) > now ? Math.max(expireUntil, tokenUntil) : 0;
      await setFaults(current);
    }
    checkSignedIn();
    if (now < nextFaultAt) return;
    nextFaultAt = now + nextFaultIn();
    const roll = random();
    const reloadOne = async () => {
      if (tabCount > 1) {
        faults.leaderKills++;
        await replace(leaderIndex());
      } else {
        faults.reloads++;
        await replace(0);
      }
    };
    if (!hostile) {
      if (roll < 0.3) {
        faults.drops++;
        await dropNow();
      } else if (roll < 0.5) {
        faults.refusals++;
        await sim.refuse({ ms: Math.round(between(1000, 4000)) });
        await dropNow();
      } else if (roll < 0.75) {
        await reloadOne();
      } else if (!stormUntil) {
        faults.storms++;
        stormUntil = now + between(3000, 8000);
        await setFaults(STORM);
      }
      return;
    }
    if (roll < 0.22) {
      faults.drops++;
      await dropNow();
    } else if (roll < 0.36) {
      faults.refusals++;
      await sim.refuse({ ms: Math.round(between(1000, 4000)) });
      await dropNow();
    } else if (roll < 0.56) {
      await reloadOne();
    } else if (roll < 0.76) {
      if (!stormUntil) {
        faults.storms++;
        stormUntil = now + between(3000, 8000);
        await setFaults(STORM);
      }
    } else if (roll < 0.88 || !signedIn) {
      // Every configure answered with SessionExpiredEvent or 4017 for a while; a drop makes the client meet it.
      faults.expiries++;
      expireKind = random() < 0.5 ? 'event' : '4017';
      expireUntil = now + between(1000, 3000);
      lastingUntil = Math.max(lastingUntil, expireUntil);
      await setFaults(current);
      await dropNow();
    } else {
      faults.tokenOutages++;
      tokenUntil = now + between(3000, 10_000);
      lastingUntil = Math.max(lastingUntil, tokenUntil);
      await setFaults(current);
    }
  };

  const meanGapMs = 1000 / (rate * 0.6);
  let burst = 0;
  let stuck = false;

  for (let n = 1; n <= total && !stuck; n++) {
    // With several tabs, each message is typed in one of them (seeded).
    const tab = tabs.length > 1 ? tabs[Math.floor(random() * tabs.length)]! : tabs[0]!;
    nextN = n + 1;
    if (tab.el.send(chaosText(n))) {
      accepted.push(n);
      tab.owned.add(n);
      senderOf.set(n, tab.sender);
    } else {
      refusedByWidget++;
      problem(`the widget refused to queue ${chaosText(n)} (state ${tab.el.connectionState})`);
    }
    await maybeFault();
    if (hostile) await pressRetries();

    if (n % Math.max(1, Math.round(total / 10)) === 0) {
      log(
        `chaos: ${n}/${total} sent, ${pending()} waiting, ${tabs.map((t) => t.el.connectionState).join('/')}, ` +
          `${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
    }

    // Paced like people typing fast: exponential gaps around 60 % of the rate, bursts now and then.
    if (burst > 0) burst--;
    else if (random() < 0.05) burst = Math.round(between(2, 6));
    else await sleep(Math.min(4 * meanGapMs, -Math.log(1 - random()) * meanGapMs));

    // A person waits when nothing goes out; the faults go on meanwhile.
    let last = pending();
    let since = performance.now();
    while (last > maxBacklog) {
      await sleep(100);
      await maybeFault();
      if (hostile) await pressRetries();
      const now = pending();
      if (now < last) since = performance.now();
      else if (performance.now() - since > settleTimeoutMs) {
        stuck = true;
        const perTab = tabs.map((t) => `${t.el.connectionState} ${t.el.messages.filter((m) => m.from === 'customer' && m.status === 'sending').length}`);
        const outbox = (JSON.parse(localStorage.getItem(outboxKey) ?? '[]') as unknown[]).length;
        problem(`no message went out for ${settleTimeoutMs} ms (${now} waiting; per tab: ${perTab.join(', ')}; ${outbox} in the stored outbox); stopped sending`);
        break;
      }
      last = now;
    }
  }

  // ------------------------------------------------------------------ settle and count

  expireUntil = 0;
  tokenUntil = 0;
  // The jitter stays, as slow as the run; so does what the service does with metadata (hostile),
  // which is its nature rather than a fault that strikes.
  await setFaults(hostile ? { metadata: BASELINE.metadata } : null);
  await sim.refuse({ ms: 0 });
  const deadline = performance.now() + settleTimeoutMs;
  let settled = false;
  while (performance.now() < deadline) {
    // hostile: the person goes on pressing retry on what failed (a final refusal).
    if (hostile) await pressRetries();
    checkSignedIn();
    const outboxEmpty = localStorage.getItem(outboxKey) === null;
    const failedLeft = hostile && tabs.some((t) => t.el.messages.some((m) => m.from === 'customer' && m.status === 'failed'));
    if (outboxEmpty && pending() === 0 && !failedLeft && tabs.every((t) => t.el.connectionState === 'ready')) {
      settled = true;
      break;
    }
    await sleep(200);
  }
  if (!settled) problem(`not every message was echoed within ${settleTimeoutMs} ms: ${pending()} still sending`);
  // Let anything still on the wire land before counting (a late duplicate must be counted).
  await sleep(500);

  const sessions = (await sim.sessions()).filter((s: SimSession) => s.deploymentId === deploymentId);
  const received: number[] = [];
  const copies = new Map<number, { at: number; tracingId: string | null; session: string }[]>();
  let unexpectedTexts = 0;
  for (const s of sessions.sort((a, b) => a.createdAt - b.createdAt)) {
    for (const m of s.messages) {
      if (m.direction !== 'Inbound' || m.type === 'Event') continue;
      const n = indexOf(m.text ?? '');
      if (n === undefined) {
        unexpectedTexts++;
        continue;
      }
      received.push(n);
      copies.set(n, [...(copies.get(n) ?? []), { at: m.receivedAt, tracingId: m.tracingId, session: s.token }]);
    }
  }
  const delivery = countDelivery(accepted, received);
  // Order matters within each sending tab; two tabs' messages may interleave any way.
  const reordered = reorderedPerSender([...new Set(received.filter((n) => senderOf.has(n)))], senderOf, retried());
  const lost = delivery.lost + refusedByWidget;
  if (delivery.lost) problem(`${delivery.lost} message(s) never reached the agent side`);
  // A message written to a session that then ended (hostile's expiries) cannot be checked in
  // that session's history any more (its token is gone): it is sent again in the new session,
  // where the conversation now goes on. A copy in an ended session and one in the next are
  // that, counted apart (resentAfterExpiry); two copies in one session are a duplicate.
  let duplicated = 0;
  let resentAfterExpiry = 0;
  for (const list of copies.values()) {
    const sessionsOf = new Set(list.map((c) => c.session));
    duplicated += list.length - sessionsOf.size;
    resentAfterExpiry += sessionsOf.size - 1;
  }
  if (resentAfterExpiry && !faults.expiredSessions) {
    duplicated += resentAfterExpiry;
    resentAfterExpiry = 0;
  }
  if (duplicated) problem(`${duplicated} extra copies reached the agent side`);
  for (const [n, list] of copies) {
    if (list.length - new Set(list.map((c) => c.session)).size < 1 && faults.expiredSessions) continue;
    if (list.length < 2) continue;
    const sameTracingId = list.every((c) => c.tracingId === list[0]!.tracingId);
    const errors = sessions.flatMap((s) => s.errorsSent).filter((e) => list.some((c) => c.tracingId === e.tracingId));
    problem(
      `${chaosText(n)} was stored ${list.length} times, ${list.map((c) => c.at - list[0]!.at).join('/')} ms apart, ` +
        `${sameTracingId ? 'same' : 'different'} tracingId, after errors [${errors.map((e) => e.code).join(', ')}]`,
    );
  }
  if (reordered) problem(`${reordered} message(s) reached the agent side out of order`);
  // An expired session rightly gives way to a new one (hostile's expiries); otherwise there is one.
  if (sessions.length !== 1 && !faults.expiredSessions) problem(`the deployment has ${sessions.length} sessions`);

  let shownMissing = 0;
  let shownNotSent = 0;
  let stillSending = 0;
  let stillFailed = 0;
  for (const tab of tabs) {
    const end = await inspect(tab, true);
    const where = tabs.length > 1 ? ` in tab ${tab.slot + 1}` : '';
    for (const n of end.missing) problem(`the widget does not show ${chaosText(n)}${where}`);
    for (const n of end.notSent) problem(`the widget does not show ${chaosText(n)} as sent${where}`);
    shownMissing += end.missing.length;
    shownNotSent += end.notSent.length;
    stillSending += end.sending.length;
    stillFailed += end.failed.length;
  }
  if (signedIn && !tabs.every((t) => t.el.authenticated)) {
    if (!signedOut) problem('the customer is not signed in at the end');
    signedOut = true;
  }

  await setFaults(null); // folds in the last counters
  await sim.setOptions({ faults: null, ...(signedIn ? { authJwtSeconds: 900 } : {}) });
  if (signedIn) await sim.setConfig({ deploymentId, config: null });
  for (const tab of tabs) unmount(tab);
  for (const key of Object.keys(localStorage)) if (key.startsWith(prefix)) localStorage.removeItem(key);

  return {
    messages: total,
    seed,
    deliveryJitterMs,
    cpuThrottle,
    lost,
    duplicated,
    resentAfterExpiry,
    reordered,
    unexpected: delivery.unexpected + unexpectedTexts,
    shownMissing,
    shownDuplicated,
    shownNotSent,
    shownMisordered,
    stillSending,
    stillFailed,
    failedShown: presser.failedTexts.size,
    retries: presser.presses,
    sessions: sessions.length,
    profile,
    tabs: tabCount,
    signedIn,
    signedOut,
    faults,
    settled,
    stalled: stuck,
    sent: accepted.length,
    durationMs: Math.round(performance.now() - started),
    problems,
  };
}

/** One line for logs and the figures: counts and the faults that struck. */
export function describeChaos(r: ChaosResult): string {
  const f = r.faults;
  const line =
    `${r.messages} messages (seed ${r.seed}, cpu throttle ${r.cpuThrottle}x, delivery jitter 0-${r.deliveryJitterMs} ms, ` +
    `${(r.durationMs / 1000).toFixed(0)} s), ` +
    `lost ${r.lost}, duplicated ${r.duplicated}, reordered ${r.reordered}; ` +
    `widget: missing ${r.shownMissing}, duplicated ${r.shownDuplicated}, not sent ${r.shownNotSent}, misordered ${r.shownMisordered}; ` +
    `faults: ${f.drops} drops, ${f.refusals} refusals, ${f.reloads} reloads, ${f.storms} storms, ` +
    `${f.droppedBeforeEcho + f.droppedAfterEcho} drops around a stored message, ${f.rateLimited} 429s, ` +
    `${f.duplicated} duplicated, ${f.reordered} reordered and ${f.delayed} delayed frames, ${f.historyFailed} failed history calls`;
  if (r.profile === 'default' && r.tabs === 1) return line;
  return (
    `${line}; ${r.profile}: ${f.untaggedErrors} untagged errors, ${f.strippedTracingIds} stripped tracingIds, ` +
    `${f.swallowedEchoes} swallowed echoes, ${f.metadataFiltered} filtered metadata, ${f.finalRefusals} final refusals ` +
    `(${r.failedShown} shown failed, ${r.retries} retries), ${f.expiries} expiries (${f.expiredSessions} configures expired), ` +
    `${f.tokenOutages} token outages (${f.tokenFailed} token calls failed), ${f.configDelayed} late config.json, ` +
    `${f.leaderKills} leader tabs killed; still sending ${r.stillSending}, still failed ${r.stillFailed}`
  );
}

/**
 * The run as one `FIGURE` line of key=value pairs (scripts/chaos.mjs prints it), e.g.
 * `FIGURE hostile seed=1 tabs=1 messages=2000 cpu=4 lost=0 duplicated=0 reordered=0 sending=0 …`.
 */
export function figureLine(r: ChaosResult): string {
  const f = r.faults;
  const pairs: [string, number | string][] = [
    ['seed', r.seed],
    ['tabs', r.tabs],
    ['signedIn', r.signedIn ? 1 : 0],
    ['messages', r.messages],
    ['sent', r.sent],
    ['cpu', r.cpuThrottle],
    ['jitter', r.deliveryJitterMs],
    ['seconds', Math.round(r.durationMs / 1000)],
    ['lost', r.lost],
    ['duplicated', r.duplicated],
    ['resentAfterExpiry', r.resentAfterExpiry],
    ['reordered', r.reordered],
    ['sending', r.stillSending],
    ['failed', r.stillFailed],
    ['shownMissing', r.shownMissing],
    ['shownDuplicated', r.shownDuplicated],
    ['shownNotSent', r.shownNotSent],
    ['shownMisordered', r.shownMisordered],
    ['unexpected', r.unexpected],
    ['sessions', r.sessions],
    ['settled', r.settled ? 1 : 0],
    ['stalled', r.stalled ? 1 : 0],
    ['signedOut', r.signedOut ? 1 : 0],
    ['failedShown', r.failedShown],
    ['retries', r.retries],
  ];
  // The simulator's duplicated/reordered count frames; the run's, messages.
  for (const [k, v] of Object.entries(f)) pairs.push([k === 'duplicated' || k === 'reordered' ? `${k}Frames` : k, v]);
  return `FIGURE ${r.profile} ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`;
}
