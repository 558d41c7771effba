/**
 * The Vue 3 example of docs/vue.md, as test/frameworks/vue.test.ts runs it: a
 * runtime-compiled template (the full build, `vue/dist/vue.esm-bundler.js`, which
 * bundle-plugin.mjs aliases `vue` to), `isCustomElement` so Vue leaves the tag to the
 * browser, an object bound as a property with `.prop`, and a typed event listener. The test
 * adds the bindings that point it at the simulator.
 */
import { createApp, ref } from 'vue';
import '../../src/define.js'; // import 'genesys-chat/define.js': registers <genesys-chat>
import type { GenesysChatMessageEvent } from '../../src/events.js'; // from 'genesys-chat'

export interface VueExampleOptions {
  deploymentId: string;
  /** The simulator's WebSocket URL (a real page sets region instead). */
  socketUrl: string;
}

export function mountExample(target: HTMLElement, options: VueExampleOptions) {
  const customAttributes = ref<Record<string, string>>({ orderId: '1234' });
  const messages = ref<string[]>([]);

  const app = createApp({
    setup() {
      function onMessage(event: GenesysChatMessageEvent) {
        messages.value.push(event.detail.text);
      }
      return { ...options, customAttributes, messages, onMessage };
    },
    template: `
      <genesys-chat
        :deployment-id="deploymentId"
        :socket-url="socketUrl"
        storage="session"
        connect="eager"
        open
        :customAttributes.prop="customAttributes"
        @genesys-chat-message="onMessage"
      ></genesys-chat>
      <ul class="agent-said"><li v-for="text in messages">{{ text }}</li></ul>
    `,
  });
  app.config.compilerOptions.isCustomElement = (tag) => tag === 'genesys-chat';
  app.mount(target);
  return { app, customAttributes, messages };
}
