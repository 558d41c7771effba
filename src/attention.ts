/**
 * Attention while the person looks elsewhere: the unread count in the page title while the
 * tab is hidden (`(3) Shop`; off with `disable-title-badge`), and, with `sound`, a short
 * chime for a new agent message. A chunk of its own: the engine imports it the first time
 * either is needed, so a page that never needs it never downloads it.
 *
 * Both attributes are read when used (not reactive properties: the first load stays as
 * small as it is), so they follow live changes.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** At most one chime in this time, however many messages arrive. */
export const CHIME_GAP_MS = 2000;
/** A chime that could not play within this time (audio still locked) is dropped, not played late. */
const CHIME_LATE_MS = 1000;
/** Beyond this the title says "99+". */
const MAX_COUNT = 99;

/** The element as this needs it: its attributes, its updates and its lifecycle. */
export type AttentionHost = ReactiveControllerHost & HTMLElement & { readonly open: boolean };

/** The engine as this needs it. */
export interface AttentionSource {
  /** Agent messages the person has not seen. */
  readonly unread: number;
  /** Only the leading tab chimes, so several tabs of one conversation chime once. */
  readonly socket: { readonly isLeader: boolean };
}

/** One per element, made the first time it is needed. */
const attending = new WeakMap<AttentionHost, Attention>();

/**
 * The engine calls this for a live agent message the person does not see (the tab hidden,
 * or the panel closed with `sound`). The first call starts attention for the element and
 * that message may chime; later messages are heard by the Attention itself.
 */
export function attend(host: AttentionHost, source: AttentionSource): void {
  if (!attending.has(host)) attending.set(host, new Attention(host, source));
}

export class Attention implements ReactiveController {
  #host: AttentionHost;
  #source: AttentionSource;
  /** The page's own title while the badge shows. */
  #original = '';
  /** The title as this set it (read back: the browser normalises whitespace); undefined without a badge. */
  #shown?: string;
  #audio?: AudioContext;
  /** Removes the one-time listeners that unlock the audio on the person's next gesture. */
  #unlock?: AbortController;
  #chimed = -Infinity;

  /**
   * Made when a live agent message arrives that the person does not see (the engine loads
   * this chunk then): that message may chime; later ones are heard here
   * (`genesys-chat-message` fires for live messages only, never for history).
   */
  constructor(host: AttentionHost, source: AttentionSource) {
    this.#host = host;
    this.#source = source;
    host.addController(this);
    this.#onMessage();
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#sync);
    this.#host.addEventListener('genesys-chat-message', this.#onMessage);
    this.#sync();
  }

  /** Every render may follow a change of the count (a message, a read) or of the attribute. */
  hostUpdated(): void {
    this.#sync();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#sync);
    this.#host.removeEventListener('genesys-chat-message', this.#onMessage);
    this.#sync();
    this.#unlock?.abort();
    this.#unlock = undefined;
    void this.#audio?.close().catch(() => undefined);
    this.#audio = undefined;
  }

  // ------------------------------------------------------------------ title badge

  /** Shows, updates or takes back the count in the title. */
  #sync = (): void => {
    const title = document.title;
    const shown = this.#shown;
    // The page set a title of its own while the badge showed: that is its title now.
    const original = shown !== undefined && title === shown ? this.#original : title;
    const hidden = document.visibilityState === 'hidden';
    const count = this.#host.isConnected && hidden && !this.#host.hasAttribute('disable-title-badge') ? this.#source.unread : 0;
    if (count > 0) {
      this.#original = original;
      document.title = `(${count > MAX_COUNT ? `${MAX_COUNT}+` : count}) ${original}`;
      this.#shown = document.title;
    } else if (shown !== undefined) {
      // Put back the page's title, unless the page has set another one meanwhile.
      if (title === shown) document.title = original;
      this.#shown = undefined;
    }
  };

  // ------------------------------------------------------------------ sound

  /** A live agent message: a chime where `sound` is set, the person does not see it, and this tab leads. */
  #onMessage = (): void => {
    const host = this.#host;
    const away = document.visibilityState === 'hidden' || !host.open;
    if (away && host.hasAttribute('sound') && this.#source.socket.isLeader) this.chime();
  };

  /**
   * A short two-note chime through Web Audio (no file to download), at most one per
   * `CHIME_GAP_MS`; whether one is wanted is `#onMessage`'s decision. Never throws: without
   * Web Audio, or when the browser refuses it, there is simply no sound.
   */
  chime(): void {
    const asked = Date.now();
    if (asked - this.#chimed < CHIME_GAP_MS) return;
    this.#chimed = asked;
    try {
      const audio = this.#context();
      if (audio.state === 'running') return tone(audio);
      // Created without a gesture the context starts suspended; where the browser allows it
      // (the person interacted with the page before) resume() starts it at once.
      audio
        .resume()
        .then(() => Date.now() - asked < CHIME_LATE_MS && tone(audio))
        .catch(() => undefined);
    } catch {
      /* no Web Audio, or it failed: attention is a convenience */
    }
  }

  /** The audio context, made on first use; a locked one unlocks on the person's next gesture. */
  #context(): AudioContext {
    if (this.#audio) return this.#audio;
    const audio = (this.#audio = new AudioContext());
    if (audio.state !== 'running') {
      const unlock = (this.#unlock = new AbortController());
      const resume = () => {
        unlock.abort();
        audio.resume().catch(() => undefined);
      };
      for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, resume, { capture: true, signal: unlock.signal });
    }
    return audio;
  }
}

/** Two sine notes (G5 then C6), each a quick rise and a soft decay: 0.2 s at a low volume. */
function tone(audio: AudioContext): void {
  const start = audio.currentTime;
  [784, 1047].forEach((hz, i) => {
    const at = start + i * 0.08;
    const end = at + 0.12;
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = hz;
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(0.08, at + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, end);
    osc.connect(gain).connect(audio.destination);
    osc.start(at);
    osc.stop(end);
  });
}
