// Rollup plugin: squeezes the formatting whitespace out of our own css`` and html``
// template literals, which terser leaves alone. Works on the AST, so nested templates
// and ${} expressions are untouched; only the literal text between them changes.

/**
 * CSS: drop comments, collapse whitespace, no spaces around braces and semicolons, none
 * after colons and commas (our styles hold no strings where that would matter).
 */
export function minifyCss(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};])\s*/g, '$1')
    .replace(/([:,])\s+/g, '$1')
    .replace(/;}/g, '}');
}

/** HTML: formatting whitespace (runs with a newline) between tags goes, elsewhere one space. */
export function minifyHtml(text) {
  return text.replace(/>\s*\n\s*</g, '><').replace(/\s*\n\s*/g, ' ');
}

export function minifyTemplates({ include = /\/dist\// } = {}) {
  return {
    name: 'minify-templates',
    transform(code, id) {
      if (!include.test(id) || !/\b(css|html)\s*`/.test(code)) return null;
      const edits = [];
      const visit = (node) => {
        if (!node || typeof node.type !== 'string') return;
        if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier' && (node.tag.name === 'css' || node.tag.name === 'html')) {
          const squeeze = node.tag.name === 'css' ? minifyCss : minifyHtml;
          for (const q of node.quasi.quasis) {
            const raw = code.slice(q.start, q.end);
            const min = squeeze(raw);
            if (min !== raw) edits.push([q.start, q.end, min]);
          }
        }
        for (const key of Object.keys(node)) {
          const v = node[key];
          if (Array.isArray(v)) v.forEach(visit);
          else if (v && typeof v === 'object' && key !== 'parent') visit(v);
        }
      };
      visit(this.parse(code));
      if (!edits.length) return null;
      let out = code;
      for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + text + out.slice(end);
      return { code: out, map: null };
    },
  };
}
