// The demo page's wiring, kept out of index.html so the page runs under a strict CSP.
const chat = document.querySelector('genesys-chat');
const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
chat.setAttribute('socket-url', `${scheme}//${location.host}/v1`);
chat.customAttributes = { page: location.pathname, demo: 'true' };

const list = document.getElementById('events');
const names = ['ready', 'open', 'close', 'send', 'message', 'read', 'typing', 'state', 'error'];
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
document.querySelector('[data-action="clear"]').addEventListener('click', () => chat.clearConversation());
for (const button of document.querySelectorAll('[data-theme]')) {
  button.addEventListener('click', () => {
    document.documentElement.dataset.theme = button.dataset.theme;
  });
}

document.getElementById('language').addEventListener('change', (event) => {
  const lang = event.target.value;
  if (lang) chat.setAttribute('lang', lang);
  else chat.removeAttribute('lang');
});
