/**
 * Issue 15 §3, the panel's side: a session in its last 5 minutes says so; a session that
 * ended leaves the earlier messages above a divider that says what happened, with a way to
 * write again; a service that cannot be reached says chat is unavailable and that messages
 * will go, with "Try now". Against a stand-in engine giving the session's shapes (notice
 * codes, `socket.expiresAt`, `ChatMessage.divider`).
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import ar from '../../src/i18n/ar.js';
import de from '../../src/i18n/de.js';
import { en } from '../../src/i18n/en.js';
import type { ChatMessage } from '../../src/types.js';
import { standIn } from '../helpers/panel-stand-in.js';

const msg = (id: string, from: 'agent' | 'customer', text: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({ id, from, text, time: Date.now(), ...extra });
const status = (root: ShadowRoot) => root.querySelector('[part="status"]')!.textContent!.replace(/\s+/g, ' ').trim();

describe('states UI (issue 15 §3)', () => {
  let clock: sinon.SinonFakeTimers | undefined;
  const made: (() => void)[] = [];
  afterEach(() => {
    clock?.restore();
    clock = undefined;
    made.splice(0).forEach((remove) => remove());
  });

  it('session-expiring: warns in the last 5 minutes, "in 4 minutes", and counts down', async () => {
    clock = sinon.useFakeTimers({ now: Date.parse('2026-12-07T10:00:00Z'), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const p = await standIn(en);
    made.push(p.remove);
    p.engine.messages = [msg('a1', 'agent', 'Hello')];
    p.engine.notice = 'session-expiring';
    p.engine.socket.expiresAt = Date.now() + 4 * 60_000 - 1_000;
    await p.update();
    expect(status(p.root)).to.equal('This chat will close in 4 minutes if no message is sent. Writing a message keeps it open.');
    await clock.tickAsync(60_000);
    expect(status(p.root)).to.equal('This chat will close in 3 minutes if no message is sent. Writing a message keeps it open.');
    await clock.tickAsync(2 * 60_000 + 30_000);
    expect(status(p.root)).to.equal('This chat will close in 1 minute if no message is sent. Writing a message keeps it open.');
    // Earlier than 5 minutes before the end there is nothing to say yet; then it appears by itself.
    p.engine.socket.expiresAt = Date.now() + 7 * 60_000;
    await p.update();
    expect(status(p.root)).to.equal('');
    await clock.tickAsync(2 * 60_000 + 100);
    expect(status(p.root)).to.match(/^This chat will close in 5 minutes/);
    // Without a time, a plain warning.
    p.engine.socket.expiresAt = undefined;
    await p.update();
    expect(status(p.root)).to.equal('This chat will close soon if no message is sent. Writing a message keeps it open.');
  });

  it('session-expiring in German: the time in the language ("in 4 Minuten")', async () => {
    const p = await standIn(de, 'de');
    made.push(p.remove);
    p.engine.notice = 'session-expiring';
    p.engine.socket.expiresAt = Date.now() + 4 * 60_000 - 1_000;
    await p.update();
    expect(status(p.root)).to.equal('Dieser Chat wird in 4 Minuten geschlossen, wenn keine Nachricht kommt. Schreiben Sie eine Nachricht, damit er offen bleibt.');
  });

  it('a session that expired: earlier messages stay above a divider that says so, and a button leads to the field', async () => {
    const p = await standIn(en);
    made.push(p.remove);
    p.engine.messages = [
      msg('a1', 'agent', 'How can I help?', { nickname: 'Alex' }),
      msg('c1', 'customer', 'My order is late', { status: 'delivered' }),
      msg('d1', 'agent', '', { divider: 'session-expired' }),
    ];
    p.engine.notice = 'session-expired';
    await p.update();
    const log = p.root.querySelector('[part="log"]')!;
    expect(log.textContent).to.include('How can I help?');
    expect(log.textContent).to.include('My order is late');
    const divider = log.querySelector('[data-divider="session-expired"]')!;
    expect(divider.getAttribute('role')).to.equal('separator');
    expect(divider.textContent!.trim()).to.equal('This chat session expired. New messages start a new conversation.');
    // Said once: by the divider, not again in the status band.
    expect(status(p.root)).to.equal('');
    // The divider is no message: no bubble, no name, no "Alex" face for it.
    expect(log.querySelectorAll('[part~="message"]')).to.have.length(2);
    const write = log.querySelector<HTMLButtonElement>('.restart button')!;
    expect(write.textContent).to.equal('Write a message');
    write.click();
    expect(p.root.activeElement).to.equal(p.root.querySelector('[part="input"]'));

    p.engine.messages = [...p.engine.messages.slice(0, 2), msg('d2', 'agent', '', { divider: 'session-restarted' })];
    await p.update();
    expect(log.querySelector('[data-divider="session-restarted"]')!.textContent!.trim()).to.equal('The earlier chat session ended. New messages start a new conversation.');
  });

  it('unreachable: says chat is unavailable and that messages will go; "Try now" reconnects; messages show sending', async () => {
    const p = await standIn(en);
    made.push(p.remove);
    p.engine.state = 'reconnecting';
    p.engine.everReady = false;
    p.engine.notice = 'unreachable';
    p.engine.messages = [msg('c1', 'customer', 'Are you there?', { status: 'sending' })];
    await p.update();
    expect(status(p.root)).to.equal("Chat can't be reached right now. Your messages will be sent as soon as it's back. Try now");
    p.root.querySelector<HTMLButtonElement>('[part="status"] button')!.click();
    expect(p.engine.socket.reconnects).to.equal(1);
    expect(p.root.querySelector('[part="receipt"]')!.getAttribute('data-status')).to.equal('sending');
    // The field stays open: what is written waits in the outbox.
    expect(p.root.querySelector<HTMLTextAreaElement>('[part="input"]')!.disabled).to.equal(false);
    // Connected again: the band has nothing more to say about it.
    p.engine.state = 'ready';
    await p.update();
    expect(status(p.root)).to.equal('');
  });

  it('right to left (Arabic): the divider and the bands in Arabic', async () => {
    const p = await standIn(ar, 'ar');
    made.push(p.remove);
    p.engine.messages = [msg('d1', 'agent', '', { divider: 'session-expired' })];
    p.engine.notice = 'unreachable';
    p.engine.state = 'reconnecting';
    await p.update();
    expect(p.root.querySelector('[part="panel"]')!.getAttribute('dir')).to.equal('rtl');
    expect(p.root.querySelector('[data-divider]')!.textContent!.trim()).to.equal(ar.sessionExpiredDivider);
    expect(status(p.root)).to.include(ar.unreachable);
  });
});
