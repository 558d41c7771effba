// `cem analyze` (run by `npm run build`): custom-elements.json from the element's JSDoc header
// (src/genesys-chat.ts documents the whole public API, chunks included) and its Lit
// properties. package.json names the file itself (`customElements`), so the analyzer leaves
// package.json alone; paths point at the built module that the package ships.
const toDist = (p) => (typeof p === 'string' ? p.replace(/^src\/(.*)\.ts$/, 'dist/$1.js') : p);

function distPaths() {
  return {
    name: 'dist-paths',
    packageLinkPhase({ customElementsManifest }) {
      const walk = (node) => {
        if (Array.isArray(node)) return node.forEach(walk);
        if (!node || typeof node !== 'object') return;
        for (const key of Object.keys(node)) {
          if ((key === 'path' || key === 'module') && typeof node[key] === 'string') node[key] = toDist(node[key]);
          else walk(node[key]);
        }
      };
      walk(customElementsManifest);
      // The element's events are the genesys-chat-* of its @fires tags; the analyzer also
      // guesses one from a dispatch of an event class it cannot read ("error"): drop it.
      for (const mod of customElementsManifest.modules) {
        for (const d of mod.declarations ?? []) if (d.events) d.events = d.events.filter((e) => e.name?.startsWith('genesys-chat-'));
      }
    },
  };
}

export default {
  globs: ['src/genesys-chat.ts'],
  outdir: '.',
  litelement: true,
  packagejson: false,
  plugins: [distPaths()],
};
