/**
 * Compiled (never run) by the type check in test/react/types.test.ts: what a React + TypeScript
 * project may and may not write. Each `@ts-expect-error` must meet an error, or the check fails.
 */
import { useRef } from 'react';
import { GenesysChat, type GenesysChatElement, type GenesysChatProps } from '../../src/react.js';
import type { ChatMessage, ConnectionState } from '../../src/types.js';

export function Typed() {
  const chat = useRef<GenesysChatElement>(null);
  const all: GenesysChatProps = {
    deploymentId: 'd',
    region: 'euw2.pure.cloud',
    socketUrl: 'wss://example.com/v1',
    apiUrl: 'https://example.com',
    open: true,
    heading: 'Help',
    lang: 'fr',
    disableTyping: true,
    disableReceipts: false,
    storage: 'session',
    rateLimit: 2,
    connect: 'eager',
    configUrl: 'https://example.com/config.json',
    loginUrl: '/login',
    theme: 'dark',
    display: 'fullscreen',
    sound: true,
    disableTitleBadge: true,
    customAttributes: { orderId: '1' },
    strings: { placeholder: 'Ask us' },
  };
  return (
    <>
      <GenesysChat
        {...all}
        ref={chat}
        onGenesysChatReady={(e) => void (e.detail.newSession satisfies boolean)}
        onGenesysChatOpen={(e) => void (e.type satisfies string)}
        onGenesysChatClose={(e) => void e}
        onGenesysChatSend={(e) => (e.detail.text.length > 100 ? e.preventDefault() : undefined)}
        onGenesysChatMessage={(e) => void (e.detail satisfies ChatMessage)}
        onGenesysChatRead={(e) => void (e.detail.ids satisfies readonly string[])}
        onGenesysChatTyping={(e) => void (e.detail.typing satisfies boolean)}
        onGenesysChatState={(e) => void (e.detail satisfies ConnectionState)}
        onGenesysChatError={(e) => void (e.detail.code satisfies string | number)}
        onGenesysChatAuth={(e) => void (e.detail.authenticated satisfies boolean)}
        onClick={() => chat.current?.send('Hi')}
      />
      {/* @ts-expect-error storage is 'local' | 'session' | 'none' */}
      <GenesysChat deploymentId="d" storage="cookie" />
      {/* @ts-expect-error rateLimit is a number */}
      <GenesysChat deploymentId="d" rateLimit="2" />
      {/* @ts-expect-error a message's detail has no "typing" */}
      <GenesysChat onGenesysChatMessage={(e) => e.detail.typing} />
      {/* @ts-expect-error custom attributes are strings */}
      <GenesysChat customAttributes={{ count: 1 }} />
      {/* @ts-expect-error messages is read-only state, not a prop */}
      <GenesysChat messages={[]} />
      {/* React 19's native element, typed by src/jsx.ts (brought by src/react.ts). */}
      <genesys-chat
        deployment-id="d"
        region="euw2.pure.cloud"
        disable-typing
        rate-limit={2}
        sound
        disable-title-badge={false}
        customAttributes={{ orderId: '1' }}
        ongenesys-chat-message={(e) => void (e.detail satisfies ChatMessage)}
        ongenesys-chat-state={(e) => void (e.detail satisfies ConnectionState)}
      />
      {/* @ts-expect-error theme is auto, light or dark */}
      <genesys-chat theme="blue" />
      {/* @ts-expect-error a typing event's detail is { typing } */}
      <genesys-chat ongenesys-chat-typing={(e) => e.detail.text} />
    </>
  );
}
