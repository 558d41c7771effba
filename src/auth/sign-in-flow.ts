/**
 * The engine's side of sign-in (authenticated messaging, §2.3), in the auth chunk with the
 * Auth it makes: each change of the sign-in state becomes what the page and the session do
 * (a `genesys-chat-auth` event, no session while sign-in is required, a new connection as
 * the customer now is), and `login()` settles when its signed-in session is configured.
 * The engine (engine.ts) makes it when the chunk loads: for a deployment with sign-in, a
 * stored sign-in, another tab's sign-in, or a page that calls `login()`.
 */
import type { ResolvedConfig } from '../config.js';
import { GenesysChatAuthEvent } from '../conversation-events.js';
import type { Engine } from '../engine.js';
import type { EngineHost } from '../host-types.js';
import { systemClock } from '../session/clock.js';
import { Auth, type LoginParams } from './auth.js';

/** What the flow needs of the engine beyond its public side (its socket, store, settings, signInRequired). */
export interface SignInPort {
  readonly host: EngineHost;
  config(): ResolvedConfig;
  /** Holds the session (no session while sign-in is required), or lets it go on. */
  hold(holding: boolean): void;
  /** The customer signed in: the service's refusal of an anonymous session no longer holds. */
  signedIn(): void;
  /** The service refused an anonymous session: the customer must sign in. */
  required(): void;
}

export class SignInFlow {
  readonly auth: Auth;
  /** Why the customer was last signed out, if they were. */
  signedOutBecause?: string;
  /** `login()`s waiting for their session. */
  #waiting: { resolve(): void; reject(e: Error): void }[] = [];
  #e: Engine;
  #port: SignInPort;

  constructor(e: Engine, port: SignInPort) {
    this.#e = e;
    this.#port = port;
    const { target, storage } = port.config();
    this.auth = new Auth({
      apiUrl: target?.apiUrl ?? '',
      deploymentId: target?.deploymentId ?? '',
      storage,
      leader: () => e.socket.isLeader,
      required: () => port.required(),
      changed: (authenticated, reason) => this.changed(authenticated, reason),
      // A refresh went through after failing (the network is back): connect now, not at
      // the end of the backoff.
      recovered: () => e.socket.reconnectNow(),
      clock: systemClock,
    });
    // Created paused (C11): it runs only while the element is on the page; the engine's
    // hostConnected resumes it if the element comes back after this chunk loaded.
    if (port.host.isConnected) this.auth.resume();
  }

  /** The chunk arrived for a stored sign-in or a deployment with sign-in: where the customer stands. */
  arrived(): void {
    const { host } = this.#port;
    if (this.auth.authenticated) host.dispatchEvent(new GenesysChatAuthEvent(true, 'restored'));
    else if (this.#e.signInRequired) host.dispatchEvent(new GenesysChatAuthEvent(false, 'required'));
    this.#port.hold(this.#e.signInRequired);
    host.requestUpdate();
  }

  /**
   * Signs the customer in with the identity provider's code; settles when the signed-in
   * session is configured, or rejects with an Error that names no secret.
   */
  async login(params: LoginParams): Promise<void> {
    await this.auth.login(params);
    const ready = new Promise<void>((resolve, reject) => this.#waiting.push({ resolve, reject }));
    this.#port.signedIn();
    // An upgrade keeps the anonymous conversation where the deployment allows it (§6.4).
    // Another tab leads: it connects as the customer when it sees the tokens, and this tab's
    // session follows through it.
    if (this.#e.socket.isLeader) this.#e.socket.reauthenticate(this.#e.settings.auth.allowSessionUpgrade);
    else this.#port.host.requestUpdate();
    return ready;
  }

  /** A session is configured: `login()`s waiting for one signed in settle (a follower's is the leader's: in storage already). */
  ready(authenticated: boolean): void {
    if (authenticated || !this.#e.socket.isLeader) for (const w of this.#waiting.splice(0)) w.resolve();
  }

  /** No signed-in session will come for the `login()`s waiting. */
  settle(error: Error): void {
    for (const w of this.#waiting.splice(0)) w.reject(error);
  }

  /** Every change of sign-in state: tell the page, and connect as the customer now is. */
  changed(authenticated: boolean, reason: string): void {
    const { host } = this.#port;
    const { socket } = this.#e;
    host.dispatchEvent(new GenesysChatAuthEvent(authenticated, reason));
    this.signedOutBecause = authenticated ? undefined : reason;
    if (reason === 'login') return; // login() connects itself
    if (!authenticated) this.settle(new Error('Sign-in failed: the chat service refused the sign-in'));
    const holding = this.#e.signInRequired;
    this.#port.hold(holding);
    if (holding) host.dispatchEvent(new GenesysChatAuthEvent(false, 'required'));
    // The leading tab (or the only one) connects as the customer now is; signed out, this
    // browser forgets the conversation. The other tabs follow through the leader's socket.
    if (holding) socket.suspend();
    else if (socket.isLeader) socket.reauthenticate(authenticated && this.#e.settings.auth.allowSessionUpgrade);
    else if (!authenticated) this.#e.store.clear();
    host.requestUpdate();
  }
}
