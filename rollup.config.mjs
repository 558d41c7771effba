// The build for <script src> embedding, from tsc's ESM output (npm run build runs tsc first):
//
//   dist/genesys-chat.min.js     a classic script of a few hundred bytes: it imports the entry
//                                from beside itself (its own URL, so any host or CDN works)
//   dist/genesys-chat.module.js  the entry: Lit, the element and the launcher (the first load);
//                                a page may load it itself, <script type="module" src>, and
//                                save the classic script's hop (issue 16). Not named by a hash,
//                                so that it has a name to load by; the chunks import it back
//                                (Lit lives there) by that name, beside them
//   dist/chunks/*-*.js           the session engine, the panel and what they share, imported
//                                when they are needed (the element decides when)
//
// Rollup cannot split a classic (IIFE) script, so the chunks are ES modules: Lit lives once,
// in the entry chunk, and the other chunks import it from there. Dynamic import() in a classic
// script needs no inline script and no eval, so strict CSPs (script-src 'self') allow it.
// node-resolve without the "development" condition picks Lit's production build.
import path from 'node:path';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { minifyTemplates } from './scripts/minify-templates.mjs';

/** Emits the classic loader once the entry chunk's (hashed) name is known. */
function classicLoader() {
  return {
    name: 'classic-loader',
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry);
      if (!entry) this.error('no entry chunk');
      // document.currentScript is the script tag while a classic script runs (also with
      // defer); the query is a fallback for a script injected in unusual ways.
      const source =
        '(()=>{var s=document.currentScript||document.querySelector(\'script[src*="genesys-chat.min.js"]\'),' +
        `u=new URL(${JSON.stringify(entry.fileName)},s&&s.src||location.href).href;` +
        'import(u).catch(function(e){console.error("[genesys-chat] could not load "+u,e)})})();\n';
      this.emitFile({ type: 'asset', fileName: 'genesys-chat.min.js', source });
      // Its typings, for `exports` (a bundler may import it for its side effect, or as a URL).
      this.emitFile({
        type: 'asset',
        fileName: 'genesys-chat.min.d.ts',
        source:
          '// A classic script: it registers <genesys-chat> and loads the rest from beside itself.\n' +
          "// Load it with <script src>; its module twin is 'genesys-chat/define.js'.\n" +
          "import type { GenesysChat } from './genesys-chat.js';\nexport type { GenesysChat };\n",
      });
      this.emitFile({
        type: 'asset',
        fileName: 'genesys-chat.module.d.ts',
        source:
          '// The same as genesys-chat.min.js as a module script (<script type="module" src>), one hop less.\n' +
          "import type { GenesysChat } from './genesys-chat.js';\nexport type { GenesysChat };\n",
      });
    },
  };
}

/**
 * The small modules the engine and the panel share (the conversation's events, the clock,
 * the text limit) go with the engine, which always loads first or with the panel. Left to
 * itself, Rollup merged them into the `strings` feature's chunk (the
 * check of a page's `strings`), which the engine and the panel then imported statically:
 * a feature chunk in every conversation, outside the conversation's measured size.
 */
const ENGINE_SHARED = /\/dist\/(engine|conversation-events|options|session\/clock|protocol\/limits)\.js$/;
/**
 * Chunks that stay their own however small: features (the splitting of a text over the
 * limit and the composer's count near it, the check of a page's `strings`), and the table of the catalogs (left to itself,
 * Rollup merges a small chunk into one it imports, here a catalog).
 */
const OWN_CHUNKS = /\/dist\/.*\/(split-text|limit|check-strings|catalogs)\.js$/;
/**
 * The core of each catalog (src/i18n/core/: what every open chat shows) and its table: named
 * core-<tag> and core-catalogs, apart from the rest of the catalog (<tag>, catalogs).
 */
const CORE = /\/dist\/i18n\/core\/([\w-]+)\.js$/;
/** The 'tabs' feature: what only runs with more than one tab (tab-link.ts loads it). */
const TABS = /\/dist\/transport\/(link-check|follower-desk)\.js$/;
/** The 'auth' feature: the sign-in flow the engine loads and the Auth it makes (one chunk, named so). */
const AUTH = /\/dist\/auth\/[\w-]+\.js$/;
/** The entry's static imports, transitively: the first load, which no placement may change. */
let firstLoad;
function manualChunks(id, { getModuleInfo }) {
  if (!firstLoad) {
    firstLoad = new Set();
    const visit = (m) => {
      if (firstLoad.has(m)) return;
      firstLoad.add(m);
      for (const i of getModuleInfo(m)?.importedIds ?? []) visit(i);
    };
    visit(path.resolve(widget.input['genesys-chat']));
  }
  // Named, or Rollup would pull what the engine's modules import from the first load into the engine.
  if (firstLoad.has(id)) return 'genesys-chat';
  if (ENGINE_SHARED.test(id)) return 'engine';
  if (TABS.test(id)) return 'tabs';
  if (AUTH.test(id)) return 'auth';
  const core = CORE.exec(id);
  if (core) return `core-${core[1]}`;
  return OWN_CHUNKS.exec(id)?.[1];
}

const widget = {
  input: { 'genesys-chat': 'dist/define.js' },
  // Nothing imports the entry's exports: let Rollup merge it with the code it shares.
  preserveEntrySignatures: false,
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: '[name].module.js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    // Maps are written beside the chunks but not named in them (no bytes in what pages load);
    // devtools can load a map by hand, and error reports can be mapped with them.
    sourcemap: 'hidden',
    // A shared chunk smaller than this is merged into a chunk that loads with it anyway.
    experimentalMinChunkSize: 1000,
    manualChunks,
  },
  plugins: [
    minifyTemplates(),
    nodeResolve({ exportConditions: ['browser', 'production', 'default'] }),
    terser({
      ecma: 2022,
      module: true,
      compress: { passes: 3, pure_getters: true },
      format: { comments: false },
    }),
    classicLoader(),
  ],
};

// dist/messenger-compat.js: Genesys Messenger's `Genesys(...)` API on top of the element, one
// classic script with nothing to import (it loads genesys-chat.min.js from beside itself).
const messengerCompat = {
  input: 'dist/compat/messenger-compat.js',
  output: { file: 'dist/messenger-compat.js', format: 'iife', strict: false, sourcemap: 'hidden' },
  plugins: [terser({ ecma: 2022, compress: { passes: 3 }, format: { comments: false } }), compatTypings()],
};

/** Typings for `genesys-chat/messenger-compat.js`: the global `Genesys(...)` function it installs. */
function compatTypings() {
  const source = `// A classic script, loaded by Genesys Messenger's snippet in place of genesys.min.js: it puts
// a <genesys-chat> on the page and answers Genesys("command" | "subscribe", ...) (see docs/messenger.md).
export {};
/** What a subscriber receives, as Genesys Messenger delivers it. */
export interface GenesysEvent<T = unknown> {
  event: string;
  data: T;
}
/** The snippet's options; socketUrl and apiUrl are this script's own (a proxy, the simulator). */
export interface GenesysSnippetOptions {
  environment?: string;
  deploymentId?: string;
  socketUrl?: string;
  apiUrl?: string;
}
export interface GenesysFunction {
  (verb: 'command', command: string, options?: object, onSuccess?: (data: unknown) => void, onError?: (error: unknown) => void): Promise<unknown>;
  (verb: 'subscribe', event: string, handler: (e: GenesysEvent) => void): void;
  c?: GenesysSnippetOptions;
}
declare global {
  interface Window {
    _genesysJs?: string;
    Genesys?: GenesysFunction;
  }
}
`;
  return {
    name: 'compat-typings',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'messenger-compat.d.ts', source });
    },
  };
}

export default [widget, messengerCompat];
