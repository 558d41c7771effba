/** Spanish (Español): the strings every open chat shows (the rest is ../es.ts). */
import type { CoreCatalog } from './en.js';

const es: CoreCatalog = {
  heading: 'Chatea con nosotros',
  openChat: 'Abrir chat',
  openChatUnread: 'Abrir chat (sin leer: {count})',
  closeChat: 'Cerrar chat',
  connecting: 'Conectando…',
  reconnecting: 'Se perdió la conexión. Reconectando…',
  ended: 'Esta conversación ha finalizado.',
  startNew: 'Iniciar una nueva conversación',
  messages: 'Mensajes',
  loadEarlier: 'Cargar mensajes anteriores',
  newMessages: 'Mensajes nuevos',
  empty: 'Envíanos un mensaje. Solemos responder en pocos minutos.',
  agent: 'Agente',
  assistant: 'Asistente virtual',
  joined: '{name} se unió a la conversación',
  left: '{name} salió de la conversación',
  typing: '{name} está escribiendo…',
  sending: 'Enviando…',
  sent: 'Enviado',
  delivered: 'Entregado',
  read: 'Leído',
  notSent: 'No enviado',
  messageLabel: 'Mensaje',
  placeholder: 'Escribe un mensaje…',
  send: 'Enviar mensaje',
};
export default es;
