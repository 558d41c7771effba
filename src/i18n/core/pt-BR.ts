/** Brazilian Portuguese (Português do Brasil): the strings every open chat shows (the rest is ../pt-BR.ts). */
import type { CoreCatalog } from './en.js';

const ptBR: CoreCatalog = {
  heading: 'Fale com a gente',
  openChat: 'Abrir chat',
  openChatUnread: 'Abrir chat (não lidas: {count})',
  closeChat: 'Fechar chat',
  connecting: 'Conectando…',
  reconnecting: 'Conexão perdida. Reconectando…',
  ended: 'Esta conversa foi encerrada.',
  startNew: 'Iniciar nova conversa',
  messages: 'Mensagens',
  loadEarlier: 'Carregar mensagens anteriores',
  newMessages: 'Novas mensagens',
  empty: 'Envie uma mensagem para a gente. Costumamos responder em poucos minutos.',
  agent: 'Atendente',
  assistant: 'Assistente virtual',
  joined: '{name} entrou na conversa',
  left: '{name} saiu da conversa',
  typing: '{name} está digitando…',
  sending: 'Enviando…',
  sent: 'Enviada',
  delivered: 'Entregue',
  read: 'Lida',
  notSent: 'Não enviada',
  messageLabel: 'Mensagem',
  placeholder: 'Digite uma mensagem…',
  send: 'Enviar mensagem',
};
export default ptBR;
