// The two react-dom calls the React test apps make, typed for the type check in
// test/helpers/bundle-plugin.mjs while the project has no @types/react-dom (it is used only
// when that package is missing; the root tsconfig sees it too, where nothing imports react-dom).
declare module 'react-dom/client' {
  import type { ReactNode } from 'react';
  export interface Root {
    render(children: ReactNode): void;
    unmount(): void;
  }
  export function createRoot(container: Element | DocumentFragment): Root;
}
declare module 'react-dom' {
  export function flushSync<R>(fn: () => R): R;
}
