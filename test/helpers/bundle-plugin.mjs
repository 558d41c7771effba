// @web/test-runner plugin: bundles the framework test apps (React 18, React 19, Vue) with
// esbuild, as a site's bundler would, and serves them at /__bundles/<name>.js. It also
// type-checks the React fixtures (tsc with jsx: react-jsx).
//
// Browser side: `await executeServerCommand('bundle', { name })`, then `import(result.url)`.
// Nothing happens until a test asks: other test files pay nothing.
//
// React 18 cannot live in the root tree beside React 19 (react-dom 18 wants react 18), so
// the first React 18 bundle installs react@18.3.1 and react-dom@18.3.1 from the npm registry
// into node_modules/.cache/react18/ (skipped when they are there) and points esbuild's
// `alias` at them.

import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REACT18 = { version: '18.3.1', dir: path.join(ROOT, 'node_modules/.cache/react18') };

/** The apps: entry point, and where `react`/`react-dom` come from (root tree unless said). */
const APPS = {
  react18: { entry: 'test/react/app.tsx', react: 18 },
  react19: { entry: 'test/react/app.tsx' },
  'react19-native': { entry: 'test/react/native-app.tsx' },
  vue: { entry: 'test/frameworks/vue-app.ts' },
};

/** The files the type check compiles (they import src/react.ts and src/jsx.ts). */
const TYPED = ['test/react/app.tsx', 'test/react/native-app.tsx', 'test/react/types-fixture.tsx'];
/**
 * The docs whose `ts`/`tsx` examples the type check compiles too, as a project that installed
 * the package would, by the file name their examples get: the framework pages whole, and
 * README's sections of the same names.
 */
const DOC_SOURCES = [
  { file: 'README.md', sections: { React: 'react', Vue: 'vue-angular', Angular: 'vue-angular' } },
  { file: 'docs/react.md', name: 'react' },
  { file: 'docs/vue.md', name: 'vue-angular' },
  { file: 'docs/angular.md', name: 'vue-angular' },
];
/** Modules a docs example may import to be checked (others, such as Angular, are not installed here). */
const CHECKABLE = /^(react|react-dom|react-dom\/client|vue|genesys-chat(\/.*)?)$/;
/** The package's entry points, as its `exports` will map them, pointed at the source. */
const SELF = {
  'genesys-chat': 'src/index.ts',
  'genesys-chat/define.js': 'src/define.ts',
  'genesys-chat/react': 'src/react.ts',
  'genesys-chat/jsx': 'src/jsx.ts',
};
const CACHE = path.join(ROOT, 'node_modules/.cache/genesys-chat-docs');

/** Writes the checkable examples of the docs into the cache (so `react` resolves from there). */
async function docExamples() {
  await mkdir(CACHE, { recursive: true });
  const files = [];
  const count = {};
  for (const source of DOC_SOURCES) {
    const text = readFileSync(path.join(ROOT, source.file), 'utf8');
    for (const match of text.matchAll(/^```(tsx?)\n([\s\S]*?)^```/gm)) {
      const [, lang, code] = match;
      // README: the section the example is in.
      const heading = [...text.slice(0, match.index).matchAll(/^###? (.+)$/gm)].at(-1)?.[1];
      const name = source.name ?? source.sections[heading];
      if (!name) continue;
      const imports = [...code.matchAll(/from '([^']+)'|import '([^']+)'/g)].map((m) => m[1] ?? m[2]);
      if (!imports.every((i) => CHECKABLE.test(i))) continue;
      count[name] = (count[name] ?? 0) + 1;
      const file = path.join(CACHE, `${name}-${count[name]}.${lang}`);
      await writeFile(file, code.includes('export ') || code.includes('import ') ? code : `${code}\nexport {};\n`);
      files.push(file);
    }
  }
  return files;
}

function installed(name) {
  const file = path.join(REACT18.dir, 'node_modules', name, 'package.json');
  return existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).version;
}

/** Installs React 18 into the cache directory once; resolves with how long it took (0 when there). */
async function installReact18() {
  if (installed('react') === REACT18.version && installed('react-dom') === REACT18.version && installed('scheduler')) return 0;
  const started = Date.now();
  await mkdir(REACT18.dir, { recursive: true });
  // Under `npm test` the environment carries the root project's prefix and script variables:
  // leave those out, keep the rest (registry, cafile, cache, proxy settings).
  const scriptOnly = /^npm_(lifecycle_|package_|command$|config_(local_prefix|prefix|global_prefix|call)$)/i;
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !scriptOnly.test(k)));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await promisify(execFile)(
    npm,
    ['install', '--prefix', REACT18.dir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `react@${REACT18.version}`, `react-dom@${REACT18.version}`],
    { cwd: REACT18.dir, env, timeout: 180_000 },
  );
  return Date.now() - started;
}

async function bundle(name) {
  const app = APPS[name];
  if (!app) throw new Error(`No test app named ${name}`);
  const installMs = app.react === 18 ? await installReact18() : 0;
  const started = Date.now();
  const { build } = await import('esbuild');
  const alias = {};
  if (app.react === 18) {
    alias.react = path.join(REACT18.dir, 'node_modules/react');
    alias['react-dom'] = path.join(REACT18.dir, 'node_modules/react-dom');
  }
  if (app.entry.includes('vue')) alias.vue = 'vue/dist/vue.esm-bundler.js'; // the runtime template compiler
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [app.entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    conditions: ['development'],
    alias,
    define: {
      'process.env.NODE_ENV': '"development"',
      __VUE_OPTIONS_API__: 'true',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    // package.json's sideEffects names dist/define.js; the apps import the source (src/define.ts)
    // for its effect, which esbuild would otherwise drop as side-effect free.
    ignoreAnnotations: true,
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  return { code, installMs, bundleMs: Date.now() - started, bytes: code.length };
}

/** tsc --noEmit over the React fixtures, as a React 19 + TypeScript project would compile them. */
async function typecheck() {
  const started = Date.now();
  const { default: ts } = await import('typescript');
  // Without @types/react-dom (not a dev dependency yet), a shim types the two calls the apps make.
  const shim = existsSync(path.join(ROOT, 'node_modules/@types/react-dom')) ? [] : ['test/react/types/react-dom-shim.d.ts'];
  await rm(CACHE, { recursive: true, force: true });
  const examples = await docExamples();
  const program = ts.createProgram(
    [...[...TYPED, ...shim].map((f) => path.join(ROOT, f)), ...examples],
    {
      jsx: ts.JsxEmit.ReactJSX,
      strict: true,
      noEmit: true,
      noUnusedLocals: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      experimentalDecorators: true,
      useDefineForClassFields: false,
      skipLibCheck: true,
      isolatedModules: true,
      types: [],
      paths: Object.fromEntries(Object.entries(SELF).map(([k, v]) => [k, [path.join(ROOT, v)]])),
    },
  );
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return text;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.relative(ROOT, d.file.fileName)}(${line + 1},${character + 1}): ${text}`;
  });
  return { diagnostics, files: [...TYPED, ...examples.map((f) => path.relative(ROOT, f))], ms: Date.now() - started };
}

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function bundlePlugin() {
  /** @type {Map<string, Promise<{ code: string, installMs: number, bundleMs: number, bytes: number }>>} */
  const bundles = new Map();
  /** @type {Promise<{ diagnostics: string[], files: string[], ms: number }> | undefined} */
  let checked;
  const get = (name) => {
    if (!bundles.has(name)) {
      const job = bundle(name);
      job.catch(() => bundles.delete(name)); // a failed install or build is retried by the next ask
      bundles.set(name, job);
    }
    return bundles.get(name);
  };
  return {
    name: 'framework-bundles',
    async serve(context) {
      const match = /^\/__bundles\/([\w-]+)\.js$/.exec(context.path);
      if (!match || !bundles.has(match[1])) return undefined;
      return { body: (await get(match[1])).code, type: 'js' };
    },
    async executeCommand({ command, payload }) {
      if (command === 'bundle') {
        const { name } = /** @type {{ name: string }} */ (payload);
        const { installMs, bundleMs, bytes } = await get(name);
        return { url: `/__bundles/${name}.js`, installMs, bundleMs, bytes };
      }
      if (command === 'typecheck-react') return (checked ??= typecheck());
      return undefined;
    },
  };
}
