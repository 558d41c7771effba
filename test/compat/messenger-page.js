// A page written against Genesys Messenger's JavaScript SDK. The only change for
// genesys-chat is the script URL in the snippet (and, to reach the local simulator instead
// of the real region, the socketUrl/apiUrl options). The test reads window.__events.
//
// Query parameters (test set-up only): deploymentId, environment, and real=1 to leave
// socketUrl/apiUrl out as a page talking to the real region would.
var params = new URLSearchParams(location.search);
var snippetOptions = {
  environment: params.get('environment') || 'prod-euw2',
  deploymentId: params.get('deploymentId') || 'compat-page',
};
if (!params.get('real')) {
  // This page is served by the simulator: talk to it.
  snippetOptions.socketUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/v1';
  snippetOptions.apiUrl = location.origin;
}

// Genesys's snippet, as Messenger's deployment page gives it, with the script URL changed.
(function (g, e, n, es, ys) {
  g['_genesysJs'] = e;
  g[e] = g[e] || function () { (g[e].q = g[e].q || []).push(arguments) };
  g[e].t = 1 * new Date();
  g[e].c = es;
  ys = document.createElement('script');
  ys.async = 1;
  ys.src = n;
  ys.charset = 'utf-8';
  document.head.appendChild(ys);
})(window, 'Genesys', '/dist/messenger-compat.js', snippetOptions);

// What the site does with it: every event it listens to goes to a log.
window.__events = [];
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.effectiveDirective + ' ' + e.blockedURI);
});
[
  'Messenger.ready',
  'Messenger.opened',
  'Messenger.closed',
  'Database.ready',
  'Database.updated',
  'MessagingService.ready',
  'MessagingService.started',
  'MessagingService.messagesReceived',
  'MessagingService.typingReceived',
  'MessagingService.typingTimeout',
  'MessagingService.conversationDisconnected',
  'MessagingService.readOnlyConversation',
  'MessagingService.conversationCleared',
  'MessagingService.error',
].forEach(function (name) {
  Genesys('subscribe', name, function (e) {
    window.__events.push({ event: e.event, data: e.data === undefined ? null : e.data, at: Date.now() });
  });
});

// Queued before the script has loaded: the attributes ride with the conversation.
Genesys('command', 'Database.set', { messaging: { customAttributes: { page: 'checkout' } } });

Genesys('subscribe', 'Messenger.ready', function () {
  window.__readyAt = Date.now();
  Genesys('command', 'Database.update', { messaging: { customAttributes: { cartValue: 42 } } });
  // A late subscriber to a ready event that already happened hears it too.
  Genesys('subscribe', 'Messenger.ready', function () {
    window.__lateReady = true;
  });
});
