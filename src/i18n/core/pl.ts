/** Polish (Polski): the strings every open chat shows (the rest is ../pl.ts). */
import type { CoreCatalog } from './en.js';

const pl: CoreCatalog = {
  heading: 'Czat z obsługą klienta',
  openChat: 'Otwórz czat',
  openChatUnread: 'Otwórz czat (nieprzeczytane: {count})',
  closeChat: 'Zamknij czat',
  connecting: 'Łączenie…',
  reconnecting: 'Utracono połączenie. Ponowne łączenie…',
  ended: 'Ta rozmowa została zakończona.',
  startNew: 'Rozpocznij nową rozmowę',
  messages: 'Wiadomości',
  loadEarlier: 'Wczytaj wcześniejsze wiadomości',
  newMessages: 'Nowe wiadomości',
  empty: 'Czekamy na wiadomość. Zwykle odpowiadamy w ciągu kilku minut.',
  agent: 'Obsługa klienta',
  assistant: 'Wirtualny asystent',
  joined: '{name} dołącza do rozmowy',
  left: '{name} opuszcza rozmowę',
  typing: '{name} pisze…',
  sending: 'Wysyłanie…',
  sent: 'Wysłano',
  delivered: 'Dostarczono',
  read: 'Przeczytano',
  notSent: 'Nie wysłano',
  messageLabel: 'Wiadomość',
  placeholder: 'Wpisz wiadomość…',
  send: 'Wyślij wiadomość',
};
export default pl;
