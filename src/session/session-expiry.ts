/**
 * When the guest session expires (protocol §3.2, §2.5; issue 15 §3): `durationSeconds` is its
 * inactivity lifetime and `expirationDate` (epoch seconds) the moment the service computed.
 * Both come with the SessionResponse and with every echo reply; every message in between
 * starts the lifetime again, as Genesys's Messenger Transport SDK recomputes it. In the last
 * WARNING_MS the person is warned once (`warn`), and told it is over (`over`) when a message
 * extends the session past that window. The timer runs on the injected clock.
 */
import { type Clock, Timer } from './clock.js';

/** The session warns this long before it expires. */
export const WARNING_MS = 5 * 60_000;

export class SessionExpiry {
  #clock: Clock;
  #timer: Timer;
  #warn: (expiresAt: number) => void;
  #over: () => void;
  #at?: number;
  #lifetime?: number;
  #warned = false;
  #running = false;

  constructor(clock: Clock, warn: (expiresAt: number) => void, over: () => void) {
    this.#clock = clock;
    this.#timer = new Timer(clock);
    this.#warn = warn;
    this.#over = over;
  }

  /** When the session expires (epoch ms), once the service has said. */
  get expiresAt(): number | undefined {
    return this.#at;
  }

  /** The service said how long the session lives. */
  lasts(info: { durationSeconds?: number; expirationDate?: number }): void {
    if (info.durationSeconds) this.#lifetime = info.durationSeconds * 1000;
    const at = info.expirationDate ? info.expirationDate * 1000 : info.durationSeconds ? this.#clock.now() + info.durationSeconds * 1000 : undefined;
    if (at) this.#expiresOn(at);
  }

  /** A message went either way: the lifetime starts again. */
  goesOn(): void {
    if (this.#lifetime) this.#expiresOn(this.#clock.now() + this.#lifetime);
  }

  /** Watch the time (a configured connection). */
  start(): void {
    this.#running = true;
    this.#arm();
  }

  /** No connection: nothing to warn about until the next one says how long it lives. */
  stop(): void {
    this.#running = false;
    this.#timer.stop();
  }

  /** A new session: nothing is known of its lifetime yet. */
  reset(): void {
    this.stop();
    this.#at = this.#lifetime = undefined;
    this.#warned = false;
  }

  #expiresOn(at: number): void {
    this.#at = at;
    if (this.#warned && at - this.#clock.now() > WARNING_MS) {
      this.#warned = false;
      this.#over();
    }
    this.#arm();
  }

  /** Warns once in the last WARNING_MS (Timer caps long waits: re-armed until due). */
  #arm(): void {
    const at = this.#at;
    if (at === undefined || this.#warned || !this.#running) return this.#timer.stop();
    const wait = at - WARNING_MS - this.#clock.now();
    if (wait > 0) return this.#timer.start(wait, () => this.#arm());
    this.#warned = true;
    this.#warn(at);
  }
}
