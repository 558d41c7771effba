/** French (Français): the strings every open chat shows (the rest is ../fr.ts). */
import type { CoreCatalog } from './en.js';

const fr: CoreCatalog = {
  heading: 'Discutez avec nous',
  openChat: 'Ouvrir le chat',
  openChatUnread: 'Ouvrir le chat (non lus\u00a0: {count})',
  closeChat: 'Fermer le chat',
  connecting: 'Connexion en cours…',
  reconnecting: 'Connexion perdue. Reconnexion en cours…',
  ended: 'Cette conversation est terminée.',
  startNew: 'Démarrer une nouvelle conversation',
  messages: 'Messages',
  loadEarlier: 'Charger les messages précédents',
  newMessages: 'Nouveaux messages',
  empty: 'Envoyez-nous un message. Nous répondons généralement en quelques minutes.',
  agent: 'Service client',
  assistant: 'Assistant virtuel',
  joined: '{name} a rejoint la conversation',
  left: '{name} a quitté la conversation',
  typing: '{name} est en train d’écrire…',
  sending: 'Envoi en cours…',
  sent: 'Envoyé',
  delivered: 'Distribué',
  read: 'Lu',
  notSent: 'Non envoyé',
  messageLabel: 'Votre message',
  placeholder: 'Écrivez un message…',
  send: 'Envoyer le message',
};
export default fr;
