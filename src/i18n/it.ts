/** Italian (Italiano). */
import type { Catalog } from './en.js';
import core from './core/it.js';

const it: Catalog = {
  ...core,
  signInRequired: 'Accedi per chattare con noi.',
  signIn: 'Accedi',
  signInAgain: 'Il tuo accesso è scaduto. Accedi di nuovo per continuare.',
  failedTooLong: 'Il messaggio è troppo lungo.',
  failedRateLimited: 'Troppi messaggi in poco tempo. Attendi un momento e riprova.',
  retry: 'Invia di nuovo',
  clearConversation: 'Cancella conversazione',
  clearConfirm: 'Eliminare definitivamente questa conversazione?',
  clear: 'Elimina',
  cancel: 'Annulla',
  attach: 'Allega file',
  dropFiles: 'Trascina qui i file per allegarli',
  removeFile: 'Rimuovi {name}',
  fileTypeRefused: 'Non è possibile inviare file di questo tipo.',
  fileTooLarge: 'Il file è troppo grande.',
  fileEmpty: 'Il file è vuoto.',
  fileNameRefused: 'Questo nome di file non è consentito.',
  filesOff: 'In questa chat non è possibile inviare file.',
  uploadFailed: 'Impossibile caricare il file.',
  waitingForFiles: 'Invio appena i file saranno caricati…',
  sessionExpiring: 'Questa chat si chiuderà {when} se non viene inviato nessun messaggio. Scrivi un messaggio per tenerla aperta.',
  sessionExpiringSoon: 'Questa chat si chiuderà a breve se non viene inviato nessun messaggio. Scrivi un messaggio per tenerla aperta.',
  sessionExpiredDivider: 'Questa sessione di chat è scaduta. I nuovi messaggi avviano una nuova conversazione.',
  sessionRestartedDivider: 'La sessione di chat precedente è terminata. I nuovi messaggi avviano una nuova conversazione.',
  writeMessage: 'Scrivi un messaggio',
  overLimit: 'Troppo lungo per un solo messaggio: verrà inviato in {count} parti.',
};
export default it;
