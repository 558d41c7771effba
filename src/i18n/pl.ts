/** Polish (Polski). */
import type { Catalog } from './en.js';
import core from './core/pl.js';

const pl: Catalog = {
  ...core,
  signInRequired: 'Zaloguj się, aby porozmawiać z nami na czacie.',
  signIn: 'Zaloguj się',
  signInAgain: 'Sesja logowania wygasła. Zaloguj się ponownie, aby kontynuować.',
  failedTooLong: 'Wiadomość jest za długa.',
  failedRateLimited: 'Zbyt wiele wiadomości naraz. Spróbuj ponownie za chwilę.',
  retry: 'Wyślij ponownie',
  clearConversation: 'Wyczyść rozmowę',
  clearConfirm: 'Trwale usunąć tę rozmowę?',
  clear: 'Usuń',
  cancel: 'Anuluj',
  attach: 'Załącz pliki',
  dropFiles: 'Upuść pliki tutaj, aby je załączyć',
  removeFile: 'Usuń {name}',
  fileTypeRefused: 'Nie można wysyłać plików tego typu.',
  fileTooLarge: 'Plik jest za duży.',
  fileEmpty: 'Plik jest pusty.',
  fileNameRefused: 'Ta nazwa pliku jest niedozwolona.',
  filesOff: 'W tym czacie nie można wysyłać plików.',
  uploadFailed: 'Nie udało się przesłać pliku.',
  waitingForFiles: 'Wiadomość zostanie wysłana po przesłaniu plików…',
  sessionExpiring: 'Ten czat zostanie zamknięty {when}, jeśli nie wyślesz żadnej wiadomości. Napisz coś, aby pozostał otwarty.',
  sessionExpiringSoon: 'Ten czat wkrótce zostanie zamknięty, jeśli nie wyślesz żadnej wiadomości. Napisz coś, aby pozostał otwarty.',
  sessionExpiredDivider: 'Ta sesja czatu wygasła. Nowe wiadomości rozpoczną nową rozmowę.',
  sessionRestartedDivider: 'Poprzednia sesja czatu została zakończona. Nowe wiadomości rozpoczną nową rozmowę.',
  writeMessage: 'Napisz wiadomość',
  overLimit: 'Za długa na jedną wiadomość: zostanie wysłana w {count} częściach.',
};
export default pl;
