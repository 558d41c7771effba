// The classic-script build: dist/genesys-chat.min.js registers <genesys-chat> with Lit
// inside, for `<script src>` embedding. Built from tsc's ESM output (npm run build runs tsc
// first). node-resolve without the "development" condition picks Lit's production build.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { minifyTemplates } from './scripts/minify-templates.mjs';

export default {
  // tsc's decorator helper reads top-level `this`; in a classic script that is harmless.
  onwarn(warning, warn) {
    if (warning.code !== 'THIS_IS_UNDEFINED') warn(warning);
  },
  input: 'dist/define.js',
  output: {
    file: 'dist/genesys-chat.min.js',
    format: 'iife',
    sourcemap: true,
  },
  plugins: [
    minifyTemplates(),
    nodeResolve({ exportConditions: ['browser', 'production', 'default'] }),
    terser({
      ecma: 2022,
      module: false,
      compress: { passes: 3, pure_getters: true },
      toplevel: true,
      format: { comments: false },
    }),
  ],
};
