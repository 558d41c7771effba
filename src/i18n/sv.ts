/** Swedish (Svenska). */
import type { Catalog } from './en.js';
import core from './core/sv.js';

const sv: Catalog = {
  ...core,
  signInRequired: 'Logga in för att chatta med oss.',
  signIn: 'Logga in',
  signInAgain: 'Du har loggats ut. Logga in igen för att fortsätta.',
  failedTooLong: 'Meddelandet är för långt.',
  failedRateLimited: 'För många meddelanden på kort tid. Vänta en stund och försök sedan igen.',
  retry: 'Skicka igen',
  clearConversation: 'Rensa konversationen',
  clearConfirm: 'Vill du radera konversationen permanent?',
  clear: 'Radera',
  cancel: 'Avbryt',
  attach: 'Bifoga filer',
  dropFiles: 'Släpp filerna här för att bifoga dem',
  removeFile: 'Ta bort {name}',
  fileTypeRefused: 'Filer av den här typen kan inte skickas.',
  fileTooLarge: 'Filen är för stor.',
  fileEmpty: 'Filen är tom.',
  fileNameRefused: 'Det här filnamnet är inte tillåtet.',
  filesOff: 'Det går inte att skicka filer i den här chatten.',
  uploadFailed: 'Filen kunde inte laddas upp.',
  waitingForFiles: 'Skickas när filerna har laddats upp…',
  sessionExpiring: 'Den här chatten stängs {when} om inget meddelande skickas. Skriv ett meddelande för att hålla den öppen.',
  sessionExpiringSoon: 'Den här chatten stängs snart om inget meddelande skickas. Skriv ett meddelande för att hålla den öppen.',
  sessionExpiredDivider: 'Den här chattsessionen har gått ut. Nya meddelanden startar en ny konversation.',
  sessionRestartedDivider: 'Den tidigare chattsessionen avslutades. Nya meddelanden startar en ny konversation.',
  writeMessage: 'Skriv ett meddelande',
  overLimit: 'För långt för ett meddelande: det skickas i {count} delar.',
};
export default sv;
