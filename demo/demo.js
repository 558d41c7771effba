// The demo page's wiring, kept out of index.html so the page runs under a strict CSP.
const chat = document.querySelector('genesys-chat');
const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
chat.setAttribute('socket-url', `${scheme}//${location.host}/v1`);
chat.customAttributes = { page: location.pathname, demo: 'true' };

const list = document.getElementById('events');
const names = ['ready', 'open', 'close', 'send', 'message', 'read', 'typing', 'state', 'error', 'auth'];
for (const name of names) {
  document.addEventListener(`genesys-chat-${name}`, (event) => {
    const item = document.createElement('li');
    const detail = event.detail === undefined ? '' : JSON.stringify(event.detail);
    item.textContent = `${new Date().toLocaleTimeString()}  ${name}  ${detail.slice(0, 160)}`;
    list.prepend(item);
    while (list.children.length > 40) list.lastElementChild.remove();
  });
}

document.querySelector('[data-action="toggle"]').addEventListener('click', () => chat.toggle());
// The scripted agent's keywords: open the chat and send the word, as if typed.
for (const button of document.querySelectorAll('[data-keyword]')) {
  button.addEventListener('click', () => {
    chat.show();
    chat.send(button.dataset.keyword);
  });
}
document.querySelector('[data-action="clear"]').addEventListener('click', () => chat.clearConversation());
// Themes: Light and Dark are the widget's own (its `theme` attribute) with a page to match;
// Forest and Sunset are brands, --genesys-chat-* properties in demo.css on a light page.
// Pressing the chosen theme again goes back to following the system.
const widgetTheme = { light: 'light', dark: 'dark', forest: 'light', sunset: 'light' };
const themeButtons = [...document.querySelectorAll('.themes [data-theme]')];
for (const button of themeButtons) {
  button.addEventListener('click', () => {
    const theme = button.getAttribute('aria-pressed') === 'true' ? '' : button.dataset.theme;
    if (theme) document.documentElement.dataset.theme = theme;
    else delete document.documentElement.dataset.theme;
    if (widgetTheme[theme]) chat.setAttribute('theme', widgetTheme[theme]);
    else chat.removeAttribute('theme');
    for (const b of themeButtons) b.setAttribute('aria-pressed', String(b === button && theme !== ''));
  });
}

document.getElementById('language').addEventListener('change', (event) => {
  const lang = event.target.value;
  if (lang) chat.setAttribute('lang', lang);
  else chat.removeAttribute('lang');
});

// Signing in, as a site would: PKCE with the (simulated) identity provider, then login()
// with the code it redirects back with. No secret anywhere: the exchange is Genesys's.
const back = `${location.origin}${location.pathname}`;
const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

async function signInUrl() {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const state = b64url(crypto.getRandomValues(new Uint8Array(12)));
  sessionStorage.setItem('demo:pkce', JSON.stringify({ verifier, state }));
  const q = new URLSearchParams({ redirect_uri: back, state, code_challenge: challenge, code_challenge_method: 'S256' });
  return `/idp/authorize?${q}`;
}

const signInButton = document.querySelector('[data-action="sign-in"]');
const signOutButton = document.querySelector('[data-action="sign-out"]');
const showSignedIn = () => {
  signInButton.hidden = chat.authenticated;
  signOutButton.hidden = !chat.authenticated;
};
document.addEventListener('genesys-chat-auth', showSignedIn);
signInButton.addEventListener('click', async () => location.assign(await signInUrl()));
signOutButton.addEventListener('click', () => chat.logout());
const params = new URLSearchParams(location.search);
const code = params.get('code');
if (code) {
  const { verifier, state } = JSON.parse(sessionStorage.getItem('demo:pkce') ?? '{}');
  history.replaceState(null, '', back);
  if (params.get('state') === state) {
    // The widget's script may still be loading: its methods arrive with the definition.
    customElements
      .whenDefined('genesys-chat')
      .then(() => chat.login({ code, redirectUri: back, codeVerifier: verifier }))
      .then(showSignedIn, (e) => console.warn(`[demo] ${e.message}`));
  }
}
// The widget's own "Sign in" button (when the deployment requires it) goes the same way.
signInUrl().then((url) => chat.setAttribute('login-url', url));
