/** French (Français). */
import type { Catalog } from './en.js';
import core from './core/fr.js';

const fr: Catalog = {
  ...core,
  signInRequired: 'Connectez-vous pour discuter avec nous.',
  signIn: 'Se connecter',
  signInAgain: 'Votre connexion a expiré. Reconnectez-vous pour continuer.',
  failedTooLong: 'Le message est trop long.',
  failedRateLimited: 'Trop de messages à la fois. Patientez un instant, puis réessayez.',
  retry: 'Renvoyer',
  clearConversation: 'Effacer la conversation',
  clearConfirm: 'Supprimer définitivement cette conversation\u00a0?',
  clear: 'Supprimer',
  cancel: 'Annuler',
  attach: 'Joindre des fichiers',
  dropFiles: 'Déposez les fichiers ici pour les joindre',
  removeFile: 'Retirer {name}',
  fileTypeRefused: 'Ce type de fichier ne peut pas être envoyé.',
  fileTooLarge: 'Le fichier est trop volumineux.',
  fileEmpty: 'Le fichier est vide.',
  fileNameRefused: 'Ce nom de fichier n’est pas autorisé.',
  filesOff: 'Impossible d’envoyer des fichiers dans ce chat.',
  uploadFailed: 'Le fichier n’a pas pu être téléversé.',
  waitingForFiles: 'Envoi dès que les fichiers seront téléversés…',
  sessionExpiring: 'Ce chat se fermera {when} si aucun message n’est envoyé. Écrivez un message pour le garder ouvert.',
  sessionExpiringSoon: 'Ce chat se fermera bientôt si aucun message n’est envoyé. Écrivez un message pour le garder ouvert.',
  sessionExpiredDivider: 'Cette session de chat a expiré. Tout nouveau message commence une nouvelle conversation.',
  sessionRestartedDivider: 'La session de chat précédente est terminée. Tout nouveau message commence une nouvelle conversation.',
  writeMessage: 'Écrire un message',
  overLimit: 'Trop long pour un seul message\u00a0: il sera envoyé en {count} parties.',
};
export default fr;
