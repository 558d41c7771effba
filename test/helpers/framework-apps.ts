/**
 * Browser side of test/helpers/bundle-plugin.mjs, shared by the framework tests (test/react,
 * test/frameworks): load a bundled test app, type into the composer as a person would.
 */
import { waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { GenesysChat } from '../../src/genesys-chat.js';

/** What the bundle command answers. */
export interface Bundle {
  url: string;
  installMs: number;
  bundleMs: number;
  bytes: number;
}

let counter = 0;
/** A fresh deployment id per test keeps tokens and storage apart. */
export function deployment(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

/** Bundles (first time: installs) one test app and imports it. */
export async function loadBundle<T>(name: string): Promise<T> {
  const built = await executeServerCommand<Bundle, { name: string }>('bundle', { name });
  console.log(`[${name}] install ${built.installMs} ms, esbuild ${built.bundleMs} ms, ${Math.round(built.bytes / 1024)} KiB`);
  return (await import(built.url)) as T;
}

const q = <T extends HTMLElement = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);

/** Types into the composer and presses send, as a person would (so `genesys-chat-send` fires). */
export async function typeAndSend(el: GenesysChat, text: string): Promise<void> {
  await waitUntil(() => q(el, '[part="input"]'), 'composer rendered', { timeout: 5000 });
  const input = q<HTMLTextAreaElement>(el, '[part="input"]')!;
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await el.updateComplete;
  q<HTMLButtonElement>(el, '[part="send-button"]')!.click();
}
