/**
 * Dead-socket detection: an echo every 30 s while the session is up; any frame proves the
 * socket alive; no frame within 10 s of an echo means it is dead. Coming back from a
 * hidden tab or sleep checks at once when the last echo is old.
 */
import { type Clock, Timer } from './clock.js';

const HEARTBEAT_INTERVAL_MS = 30_000;
const HEARTBEAT_TIMEOUT_MS = 10_000;

export class Heartbeat {
  #clock: Clock;
  #echo: () => void;
  #dead: () => void;
  #next: Timer;
  #deadline: Timer;
  #lastEcho = 0;
  #running = false;

  /** `echo` sends one echo frame; `dead` is called once when the socket stopped answering. */
  constructor(clock: Clock, echo: () => void, dead: () => void) {
    this.#clock = clock;
    this.#echo = echo;
    this.#dead = dead;
    this.#next = new Timer(clock);
    this.#deadline = new Timer(clock);
  }

  start(): void {
    this.#running = true;
    this.#lastEcho = this.#clock.now();
    this.#next.start(HEARTBEAT_INTERVAL_MS, () => this.#beat());
  }

  /** Any frame arrived. */
  seen(): void {
    this.#deadline.stop();
  }

  /** Back from hidden: echo now if the last one is older than the interval. */
  checkNow(): void {
    if (this.#running && this.#clock.now() - this.#lastEcho >= HEARTBEAT_INTERVAL_MS) this.#beat();
  }

  stop(): void {
    this.#running = false;
    this.#next.stop();
    this.#deadline.stop();
  }

  #beat(): void {
    if (!this.#running) return;
    this.#lastEcho = this.#clock.now();
    this.#echo();
    this.#deadline.start(HEARTBEAT_TIMEOUT_MS, () => {
      this.stop();
      this.#dead();
    });
    this.#next.start(HEARTBEAT_INTERVAL_MS, () => this.#beat());
  }
}
