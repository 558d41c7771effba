/**
 * The built module entry (issue 16): dist/genesys-chat.module.js loaded by a page itself
 * defines <genesys-chat> and renders its launcher with no other script before it, and the
 * classic tag beside it loads no second copy. Needs dist/ (npm test builds first).
 */
import { expect, waitUntil } from '@open-wc/testing';

const loaded = (kind: string) =>
  performance.getEntriesByType('resource').filter((e) => e.name.includes(`/dist/genesys-chat.${kind}.js`)).length;

describe('the module entry (dist/genesys-chat.module.js)', function () {
  this.timeout(15000);

  it('defines the element and shows its launcher by itself, and the classic tag beside it adds no copy', async () => {
    const el = document.createElement('genesys-chat');
    el.setAttribute('deployment-id', 'module-entry');
    el.setAttribute('socket-url', 'ws://127.0.0.1:1/v1');
    el.setAttribute('storage', 'none');
    document.body.append(el);
    const module = document.createElement('script');
    module.type = 'module';
    module.src = '/dist/genesys-chat.module.js';
    document.head.append(module);
    await waitUntil(() => customElements.get('genesys-chat'), 'defined by the module entry (is dist/ built? npm run build)', { timeout: 10000 });
    expect(loaded('min'), 'no classic loader').to.equal(0);
    await waitUntil(() => !!el.shadowRoot?.querySelector('[part="launcher"]'), 'the launcher', { timeout: 5000 });
    const Defined = customElements.get('genesys-chat');

    // The classic tag too: it imports the same entry by the same URL, so nothing runs twice.
    const errors: string[] = [];
    const onError = (e: ErrorEvent) => errors.push(e.message);
    window.addEventListener('error', onError);
    const classic = document.createElement('script');
    classic.src = '/dist/genesys-chat.min.js';
    document.head.append(classic);
    await new Promise((r) => classic.addEventListener('load', r, { once: true }));
    await new Promise((r) => setTimeout(r, 300));
    window.removeEventListener('error', onError);
    expect(errors).to.deep.equal([]);
    expect(customElements.get('genesys-chat') === Defined, 'the same element').to.equal(true);
    expect(loaded('module'), 'the entry loaded once').to.equal(1);
    el.remove();
  });
});
