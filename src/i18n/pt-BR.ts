/** Brazilian Portuguese (Português do Brasil). */
import type { Catalog } from './en.js';
import core from './core/pt-BR.js';

const ptBR: Catalog = {
  ...core,
  signInRequired: 'Entre na sua conta para conversar com a gente.',
  signIn: 'Entrar',
  signInAgain: 'Sua sessão expirou. Entre novamente para continuar.',
  failedTooLong: 'A mensagem é muito longa.',
  failedRateLimited: 'Muitas mensagens de uma vez. Aguarde um momento e tente novamente.',
  retry: 'Reenviar',
  clearConversation: 'Limpar conversa',
  clearConfirm: 'Excluir esta conversa permanentemente?',
  clear: 'Excluir',
  cancel: 'Cancelar',
  attach: 'Anexar arquivos',
  dropFiles: 'Solte os arquivos aqui para anexá-los',
  removeFile: 'Remover {name}',
  fileTypeRefused: 'Não é possível enviar arquivos desse tipo.',
  fileTooLarge: 'O arquivo é grande demais.',
  fileEmpty: 'O arquivo está vazio.',
  fileNameRefused: 'Esse nome de arquivo não é permitido.',
  filesOff: 'Não é possível enviar arquivos neste chat.',
  uploadFailed: 'Não foi possível enviar o arquivo.',
  waitingForFiles: 'A mensagem será enviada quando os arquivos terminarem de carregar…',
  sessionExpiring: 'Este chat será encerrado {when} se nenhuma mensagem for enviada. Escreva uma mensagem para mantê-lo aberto.',
  sessionExpiringSoon: 'Este chat será encerrado em breve se nenhuma mensagem for enviada. Escreva uma mensagem para mantê-lo aberto.',
  sessionExpiredDivider: 'Esta sessão de chat expirou. Novas mensagens iniciam uma nova conversa.',
  sessionRestartedDivider: 'A sessão de chat anterior foi encerrada. Novas mensagens iniciam uma nova conversa.',
  writeMessage: 'Escrever uma mensagem',
  overLimit: 'Longa demais para uma só mensagem: será enviada em {count} partes.',
};
export default ptBR;
