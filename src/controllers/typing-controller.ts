/**
 * Typing in both directions (protocol §4.1).
 *
 * Outgoing: `keystroke()` is a leading-edge throttle. The first keystroke sends one Typing
 * On at once and starts a cooldown (5 s); keystrokes during the cooldown are dropped, not
 * queued. There is no "Off" frame. The customer's own message echo resets the cooldown, so
 * the first keystroke after sending goes out at once. The cooldown is a timestamp, not a
 * timer, so nothing outgoing needs cleaning up. Time and timers come from the injected
 * `clock` (session/clock.ts), as everywhere else that waits.
 *
 * Incoming: each Outbound Typing On shows the agent's indicator for its duration
 * (default 5000 ms), restarting the timer; any agent or bot message hides it at once.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { numberOr } from '../options.js';
import { systemClock, Timer, type Clock } from '../session/clock.js';

export interface TypingControllerOptions {
  /** Send one Typing On frame (through the budget). Return false if it could not be sent/queued, so the cooldown does not start. */
  sendTyping: () => boolean;
  /** True when `disable-typing` is set, or the deployment disallows it: then keystroke() sends nothing. */
  disabled: () => boolean;
  /** The agent's typing indicator turned on or off (host fires `genesys-chat-typing`). */
  onAgentTypingChange?: (typing: boolean) => void;
  /** Outgoing cooldown, default 5000 ms (protocol §4.1); a negative or non-finite value means the default. */
  cooldownMs?: number;
  /** Time and timers (the one injected clock of issue 15 §4); default the system's. */
  clock?: Clock;
}

const DEFAULT_COOLDOWN_MS = 5000;
const DEFAULT_AGENT_TYPING_MS = 5000;

export class TypingController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: TypingControllerOptions;
  readonly #clock: Clock;
  #agentTyping = false;
  #connected = false;
  /** `clock.now()` before which keystrokes are dropped; 0 = no cooldown. */
  #cooldownUntil = 0;
  #agentTimer: Timer;

  constructor(host: ReactiveControllerHost, options: TypingControllerOptions) {
    this.#host = host;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#agentTimer = new Timer(this.#clock);
    host.addController(this);
  }

  /** Agent typing indicator visible. The host renders from this. */
  get agentTyping(): boolean {
    return this.#agentTyping;
  }

  get #cooldownMs(): number {
    return numberOr(this.#options.cooldownMs, DEFAULT_COOLDOWN_MS);
  }

  /** The customer typed (non-empty input): at most one Typing On per cooldown; extra calls are dropped. */
  keystroke(): void {
    if (this.#options.disabled()) return;
    const now = this.#clock.now();
    const cooldown = this.#cooldownMs;
    // `#cooldownUntil - now > cooldown` only if the clock went backwards: do not stay muted.
    if (now < this.#cooldownUntil && this.#cooldownUntil - now <= cooldown) return;
    if (this.#options.sendTyping()) this.#cooldownUntil = now + cooldown;
  }

  /** The customer's own message echo arrived: the next keystroke sends at once. */
  resetCooldown(): void {
    this.#cooldownUntil = 0;
  }

  /**
   * An Outbound Typing On arrived: show the indicator for `durationMs` (default 5000; a
   * missing, non-finite or non-positive value means the default), restarting the timer on
   * each event. Ignored while the host is disconnected.
   */
  agentTypingStarted(durationMs?: number): void {
    if (!this.#connected) return;
    const ms = numberOr(durationMs, DEFAULT_AGENT_TYPING_MS, (n) => n > 0);
    this.#agentTimer.start(ms, () => this.#setAgentTyping(false, true));
    this.#setAgentTyping(true, true);
  }

  /** Any Outbound agent/bot message arrived: hide the indicator at once. */
  agentMessageArrived(): void {
    this.#agentTimer.stop();
    this.#setAgentTyping(false, true);
  }

  hostConnected(): void {
    this.#connected = true;
  }

  /** Clears every timer and hides the indicator, without a callback. */
  hostDisconnected(): void {
    this.#connected = false;
    this.#agentTimer.stop();
    this.#setAgentTyping(false, false);
  }

  #setAgentTyping(typing: boolean, notify: boolean): void {
    if (this.#agentTyping === typing) return;
    this.#agentTyping = typing;
    this.#host.requestUpdate();
    if (notify) this.#options.onAgentTypingChange?.(typing);
  }
}
