/**
 * XSS vectors for test/security/xss.test.ts. Each one, if it ever ran, would call
 * `$X` (replaced by `top.__gcxXss(<id>)`, a same-origin global) or, from an opaque origin
 * (data: documents), `$P` (replaced by a `postMessage` to the top window). The id names the
 * vector and the field it was placed in, so a hit says exactly what broke.
 *
 * Sources: the OWASP XSS filter evasion cheat sheet, PortSwigger's XSS cheat sheet,
 * mutation-XSS (mXSS) write-ups, and template-injection payloads for Lit and AngularJS.
 */

const entities = (s: string, hex: boolean, pad = 0) =>
  [...s].map((c) => (hex ? `&#x${c.charCodeAt(0).toString(16)};` : `&#${String(c.charCodeAt(0)).padStart(pad, '0')};`)).join('');

/** A vector, or a function of the payloads for vectors that encode them (base64). */
export type Vector = string | ((payloads: { X: string; P: string }) => string);

/** The vector with its payloads filled in for one placement `id`. */
export function materialize(vector: Vector, id: number): string {
  const X = `top.__gcxXss(${id})`;
  const P = `top.postMessage('gcx-xss:${id}','*')`;
  if (typeof vector === 'function') return vector({ X, P });
  return vector.replace(/\$X/g, () => X).replace(/\$P/g, () => P);
}

export const XSS_VECTORS: readonly Vector[] = [
  // ---- script elements
  '<script>$X</script>',
  '<SCRIPT>$X</SCRIPT>',
  '<script src=data:text/javascript,$X></script>',
  '<scr<script>ipt>$X</scr</script>ipt>',
  '<script\x20type="text/javascript">$X</script>',
  '"><script>$X</script>',
  "'><script>$X</script>",
  '</textarea><script>$X</script>',
  '</title></style></noscript><script>$X</script>',
  '<!--<script>-->$X<!--</script>-->',
  // ---- event-handler attributes
  '<img src=x onerror=$X>',
  '<img src="x" onerror="$X">',
  '<IMG SRC=# OnMoUsEoVeR="$X">',
  '<img/src/onerror=$X>',
  '<img src=x onerror\x0b=$X>',
  '<body onload=$X>',
  '<details open ontoggle=$X>',
  '<input autofocus onfocus=$X>',
  '<video><source onerror=$X></video>',
  '<audio src=x onerror=$X>',
  '<marquee onstart=$X>x</marquee>',
  '<xss id=x tabindex=1 onfocusin=$X autofocus></xss>',
  '<div onpointerover=$X style=position:fixed;inset:0>',
  '" onmouseover="$X" x="',
  "' onfocus='$X' autofocus='",
  '`onmouseover=$X`',
  // ---- SVG and MathML
  '<svg onload=$X>',
  '<svg/onload=$X//',
  '<svg><script>$X</script></svg>',
  '<svg><animate onbegin=$X attributeName=x dur=1s>',
  '<svg><set attributeName=onmouseover to=$X>',
  '<svg><a xlink:href="javascript:$X"><text x=20 y=20>XSS</text></a></svg>',
  '<svg><use href="data:image/svg+xml,<svg id=x xmlns=%22http://www.w3.org/2000/svg%22><image href=1 onerror=$P /></svg>#x"/></svg>',
  '<svg><foreignObject><iframe srcdoc="<script>$X</script>"></iframe></foreignObject></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=$X>',
  '<math href="javascript:$X">CLICK</math>',
  '<math><maction actiontype=statusline xlink:href=javascript:$X>CLICK</maction></math>',
  // ---- frames, objects, srcdoc
  '<iframe src="javascript:$X"></iframe>',
  '<iframe srcdoc="<script>$X</script>"></iframe>',
  '<iframe srcdoc="&lt;img src=x onerror=$X&gt;"></iframe>',
  '<iframe src="data:text/html,<script>$P</script>"></iframe>',
  '<object data="javascript:$X"></object>',
  '<object data="data:text/html,<script>$P</script>"></object>',
  '<embed src="javascript:$X">',
  '<embed src="data:image/svg+xml,<svg onload=$P xmlns=%22http://www.w3.org/2000/svg%22/>">',
  // ---- javascript: URLs in many spellings
  'javascript:$X',
  'JaVaScRiPt:$X',
  ' javascript:$X',
  '\u0001javascript:$X',
  '\u0000javascript:$X',
  'java\tscript:$X',
  'java\nscript:$X',
  'java\rscript:$X',
  'javascript\t:$X',
  '\u2028javascript:$X',
  '\ufeffjavascript:$X',
  'javascript://%0a$X',
  'javascript:/*--></title></style></textarea></script><svg/onload=$X>',
  entities('javascript:', false) + '$X',
  entities('javascript:', true) + '$X',
  entities('javascript:', false, 7) + '$X',
  'javascript&colon;$X',
  'jav&#x09;ascript:$X',
  '%6A%61%76%61%73%63%72%69%70%74:$X',
  '<a href="javascript:$X">click</a>',
  '<a href="&#1;javascript:$X">click</a>',
  '<a href=" &#14;  javascript:$X">click</a>',
  'vbscript:$X',
  'VBScript:MsgBox("$X")',
  'livescript:$X',
  // ---- data: URLs
  'data:text/html,<script>$P</script>',
  'DATA:text/html,<svg onload=$P>',
  ' data:text/html;charset=utf-8,<script>$P</script>',
  ({ P }) => `data:text/html;base64,${btoa(`<script>${P}</script>`)}`,
  ({ P }) => `<object data="data:text/html;base64,${btoa(`<script>${P}</script>`)}"></object>`,
  'data:image/svg+xml,<svg onload=$P xmlns="http://www.w3.org/2000/svg"/>',
  'data:application/javascript,$X',
  // ---- URLs that look right but try to break out of an attribute
  'https://127.0.0.1:9/x.png" onerror="$X',
  "https://127.0.0.1:9/x.png'onerror='$X",
  'https://127.0.0.1:9/x.png"><script>$X</script>',
  'https://127.0.0.1:9/#"><img src=x onerror=$X>',
  'http://javascript:$X@127.0.0.1:9/',
  '//127.0.0.1:9/x.png',
  'https:javascript:$X',
  // ---- CSS
  '<div style="width:expression($X)">x</div>',
  '<style>*{background:url("javascript:$X")}</style>',
  '<style>@import "javascript:$X";</style>',
  '<link rel=stylesheet href="javascript:$X">',
  'expression($X)',
  // ---- document-level tricks
  '<meta http-equiv="refresh" content="0;url=javascript:$X">',
  '<base href="javascript:$X//">',
  '<form action="javascript:$X"><button>x</button></form>',
  '<button formaction="javascript:$X">x</button>',
  '<isindex action=javascript:$X type=image>',
  '<template><img src=x onerror=$X></template>',
  '<noscript><p title="</noscript><img src=x onerror=$X>">',
  '<textarea></textarea><img src=x onerror=$X>',
  // ---- template and Lit-marker lookalikes
  '<!--?lit$123$-->',
  '<!--?lit$123$--><img src=x onerror=$X>',
  'lit$1234567$',
  '<?lit$1234$>$X',
  '{{constructor.constructor(\'$X\')()}}',
  '{{$X}}',
  '${$X}',
  '`${$X}`',
  '#{$X}',
  '<%= $X %>',
  // ---- already-escaped text (must stay literal, not be decoded into markup)
  '&lt;script&gt;$X&lt;/script&gt;',
  '&lt;img src=x onerror=$X&gt;',
];

/**
 * Markdown-shaped vectors for the agent-text renderer (test/panel/markdown.test.ts): script
 * URLs hidden in link syntax, HTML inside link text and code, and raw HTML around markdown.
 * Kept apart from `XSS_VECTORS` because those assert that text fields show the vector verbatim,
 * which markdown (rightly) does not.
 */
export const MARKDOWN_XSS_VECTORS: readonly Vector[] = [
  '[x](javascript:$X)',
  '[x](JAVASCRIPT:$X)',
  '[x](JaVaScRiPt:$X)',
  '[x]( javascript:$X)',
  '[x](<javascript:$X>)',
  '[x](java\nscript:$X)',
  '[x](java\tscript:$X)',
  '[x](java&#115;cript:$X)',
  '[x](&#106;avascript:$X)',
  '[x](javascript&colon;$X)',
  '[x](\\javascript:$X)',
  '[x](vbscript:$X)',
  '[x](data:text/html,<script>$P</script>)',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](data:image/svg+xml,<svg/onload=$P>)',
  '[x](https://ok.example "title" onclick="$X")',
  '[x](https://ok.example" onclick="$X)',
  '[x](//evil.example/$X)',
  '[<img src=x onerror=$X>](https://ok.example/)',
  '[*<svg onload=$X>*](https://ok.example/)',
  '[x](https://ok.example/)<img src=x onerror=$X>',
  '![x](javascript:$X)',
  '![x](https://127.0.0.1:9/x.png" onerror="$X)',
  '<a href="javascript:$X">click</a>',
  '<script>$X</script>',
  '**<script>$X</script>**',
  '`<img src=x onerror=$X>`',
  '```\n<script>$X</script>\n```',
  '```html\n<img src=x onerror=$X>\n```',
  '- <img src=x onerror=$X>\n- [y](javascript:$X)',
  '1. <svg onload=$X>\n   - [z](vbscript:$X)',
  'https://ok.example/"onmouseover="$X',
  'https://ok.example/<img/src/onerror=$X>',
  'javascript:$X//https://ok.example',
  '<https://ok.example/"><script>$X</script>>',
  '\\<script>$X\\</script>',
  '&lt;img src=x onerror=$X&gt;',
  '[x](https://ok.example/)](javascript:$X)',
  '[[x](javascript:$X)](https://ok.example/)',
  '[x]\n(javascript:$X)',
  '<!--?lit$123$-->[x](javascript:$X)',
];
