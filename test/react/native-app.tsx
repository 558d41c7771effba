/**
 * React 19 without the wrapper: `<genesys-chat>` written directly in JSX, typed by
 * src/jsx.ts (React 19 sets properties where the element has them, attributes otherwise,
 * and listens for `on<event-name>` props).
 */
import { useState, version } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import '../../src/define.js'; // as `import 'genesys-chat/define.js'`: registers the tag
import type {} from '../../src/jsx.js';
import type { GenesysChatMessageEvent } from '../../src/events.js';
import type { NativeProps } from './app-types.js';

export { version };

export function mount(container: HTMLElement, props: NativeProps) {
  const received: string[] = [];
  function App({ p }: { p: NativeProps }) {
    const [last, setLast] = useState('');
    return (
      <>
        <genesys-chat
          deployment-id={p.deploymentId}
          socket-url={p.socketUrl}
          storage="session"
          connect="eager"
          open
          disable-title-badge={p.disableTitleBadge}
          customAttributes={p.customAttributes}
          ongenesys-chat-message={(event: GenesysChatMessageEvent) => {
            received.push(event.detail.text);
            setLast(event.detail.text);
          }}
        />
        <output id="native-last">{last}</output>
      </>
    );
  }
  const root = createRoot(container);
  const render = (next: NativeProps) => flushSync(() => root.render(<App p={next} />));
  render(props);
  return { received, render, unmount: () => root.unmount() };
}
