/** Spanish (Español). */
import type { Catalog } from './en.js';
import core from './core/es.js';

const es: Catalog = {
  ...core,
  signInRequired: 'Inicia sesión para chatear con nosotros.',
  signIn: 'Iniciar sesión',
  signInAgain: 'Tu sesión ha caducado. Vuelve a iniciar sesión para continuar.',
  failedTooLong: 'El mensaje es demasiado largo.',
  failedRateLimited: 'Demasiados mensajes seguidos. Espera un momento y vuelve a intentarlo.',
  retry: 'Reintentar',
  clearConversation: 'Borrar conversación',
  clearConfirm: '¿Eliminar esta conversación definitivamente?',
  clear: 'Eliminar',
  cancel: 'Cancelar',
  attach: 'Adjuntar archivos',
  dropFiles: 'Suelta los archivos aquí para adjuntarlos',
  removeFile: 'Quitar {name}',
  fileTypeRefused: 'No se pueden enviar archivos de este tipo.',
  fileTooLarge: 'El archivo es demasiado grande.',
  fileEmpty: 'El archivo está vacío.',
  fileNameRefused: 'Este nombre de archivo no está permitido.',
  filesOff: 'En este chat no se pueden enviar archivos.',
  uploadFailed: 'No se ha podido subir el archivo.',
  waitingForFiles: 'Se enviará cuando se suban los archivos…',
  sessionExpiring: 'Este chat se cerrará {when} si no se envía ningún mensaje. Escribe un mensaje para mantenerlo abierto.',
  sessionExpiringSoon: 'Este chat se cerrará pronto si no se envía ningún mensaje. Escribe un mensaje para mantenerlo abierto.',
  sessionExpiredDivider: 'Esta sesión de chat caducó. Los mensajes nuevos inician una conversación nueva.',
  sessionRestartedDivider: 'La sesión de chat anterior terminó. Los mensajes nuevos inician una conversación nueva.',
  writeMessage: 'Escribir un mensaje',
  overLimit: 'Demasiado largo para un solo mensaje: se enviará en {count} partes.',
};
export default es;
