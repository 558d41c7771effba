/**
 * A small React app around `<GenesysChat>`, bundled twice by test/helpers/bundle-plugin.mjs:
 * once with React 18 and once with React 19 (the same source; `react` is aliased). The test
 * page imports the bundle and drives it through `mount()`.
 */
import { useRef, useState, version } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { GenesysChat, type GenesysChatElement } from '../../src/react.js';
import type { ChatMessage } from '../../src/types.js';
import type { AppLog, AppProps } from './app-types.js';

export { version };

function App({ props, log }: { props: AppProps; log: AppLog }) {
  const chat = useRef<GenesysChatElement>(null);
  const [last, setLast] = useState<string>('');
  return (
    <main>
      <GenesysChat
        ref={(el) => {
          chat.current = el;
          log.element = el;
        }}
        className="chat"
        deploymentId={props.deploymentId}
        socketUrl={props.socketUrl}
        storage="session"
        connect="eager"
        open={props.open}
        heading="Support"
        rateLimit={5}
        lang={props.lang}
        sound={props.sound}
        disableTitleBadge={props.disableTitleBadge}
        disableTyping={props.disableTyping}
        customAttributes={props.customAttributes}
        onGenesysChatMessage={(event) => {
          // Typed: event is a GenesysChatMessageEvent, its detail a ChatMessage.
          const message: ChatMessage = event.detail;
          log.messages.push(message);
          setLast(message.text);
        }}
        onGenesysChatState={(event) => log.states.push(event.detail)}
        onGenesysChatSend={(event) => log.sent.push(event.detail.text)}
      />
      <output id="last-message">{last}</output>
    </main>
  );
}

/** Renders the app into `container`; `render()` again with new props, `unmount()` to remove it. */
export function mount(container: HTMLElement, props: AppProps) {
  const log: AppLog = { messages: [], states: [], sent: [], element: null };
  const root = createRoot(container);
  const render = (next: AppProps) => flushSync(() => root.render(<App props={next} log={log} />));
  render(props);
  return { log, render, unmount: () => root.unmount() };
}
