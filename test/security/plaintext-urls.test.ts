/**
 * S6: tokens, sign-in codes and JWTs never go over plaintext to a mistyped override.
 * `socket-url` must be wss:, `api-url` and `config-url` https:, except for localhost,
 * 127.0.0.1 and [::1] (the simulator); anything else is refused with `invalid-config`, a log
 * line, and no connection.
 */
import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../../src/define.js';
import { resolveConfig, type ConfigInput } from '../../src/config.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import { FakeTransport } from '../helpers/fake-transport.js';

const input = (o: Partial<ConfigInput>): ConfigInput => ({ deploymentId: 'dep-1', region: '', socketUrl: '', apiUrl: '', storage: 'none', ...o });

describe('S6: plaintext overrides', () => {
  afterEach(() => sinon.restore());

  it('refuses ws: and http: to any host but the local machine', () => {
    const refused: Partial<ConfigInput>[] = [
      { socketUrl: 'ws://chat.example.com/v1' },
      { socketUrl: 'ws://10.0.0.5:8080/v1' },
      { socketUrl: 'ws://localhost.evil.example/v1' },
      { socketUrl: 'wss://chat.example.com/v1', apiUrl: 'http://api.example.com' },
      { apiUrl: 'http://api.mypurecloud.com' },
      { socketUrl: 'wss://chat.example.com/v1', apiUrl: 'ftp://api.example.com' },
      { socketUrl: 'wss://chat.example.com/v1', apiUrl: 'not a url' },
    ];
    for (const o of refused) {
      const config = resolveConfig(input(o));
      expect(config.target, JSON.stringify(o)).to.equal(undefined);
      expect(config.problems.join(' '), JSON.stringify(o)).to.match(/must be a (wss|https):\/\/ URL \((ws|http):\/\/ only for localhost\)/);
    }
    const plainConfig = resolveConfig(input({ socketUrl: 'wss://chat.example.com/v1', configUrl: 'http://cdn.example.com/config.json' }));
    expect(plainConfig.configUrl).to.equal(undefined);
    expect(plainConfig.problems).to.deep.equal(['config-url "http://cdn.example.com/config.json" must be a https:// URL (http:// only for localhost)']);
  });

  it('accepts wss:/https: anywhere, and ws:/http: on localhost, 127.0.0.1 and [::1]', () => {
    const accepted: Partial<ConfigInput>[] = [
      { socketUrl: 'wss://chat.example.com/v1', apiUrl: 'https://api.example.com', configUrl: 'https://cdn.example.com/c.json' },
      { socketUrl: 'ws://localhost:8080/v1', configUrl: 'http://localhost:8080/c.json' },
      { socketUrl: 'ws://127.0.0.1:1/v1', apiUrl: 'http://127.0.0.1:1' },
      { socketUrl: 'ws://[::1]:8080/v1', apiUrl: 'http://[::1]:8080', configUrl: 'http://[::1]:8080/c.json' },
      { region: 'mypurecloud.de', apiUrl: 'https://api.example.com' },
      { region: 'mypurecloud.de' },
    ];
    for (const o of accepted) {
      const config = resolveConfig(input(o));
      expect(config.problems, JSON.stringify(o)).to.deep.equal([]);
      expect(config.target, JSON.stringify(o)).not.to.equal(undefined);
    }
  });

  it('the element reports a plaintext socket-url as invalid-config with a log line, and never connects', async () => {
    FakeTransport.reset();
    const warn = sinon.stub(console, 'warn');
    const errors: { code: string; message: string }[] = [];
    const el = await fixture<GenesysChat>(html`<genesys-chat deployment-id="dep-1" socket-url="ws://chat.example.com/v1" storage="none" connect="eager"
      .transportFactory=${(o: ConstructorParameters<typeof FakeTransport>[0]) => new FakeTransport(o)}
      @genesys-chat-error=${(e: CustomEvent) => errors.push(e.detail)}></genesys-chat>`);
    await el.updateComplete;
    expect(errors.map((e) => e.code)).to.deep.equal(['invalid-config']);
    expect(errors[0]!.message).to.equal('socket-url "ws://chat.example.com/v1" must be a wss:// URL (ws:// only for localhost)');
    expect(warn.args.map((a) => String(a[0])).some((line) => line.includes('invalid-config') && line.includes('must be a wss://'))).to.equal(true);
    expect(FakeTransport.instances).to.have.length(0);
    expect(el.send('hello')).to.equal(false);
  });
});
