/** Korean (한국어). */
import type { Catalog } from './en.js';
import core from './core/ko.js';

const ko: Catalog = {
  ...core,
  signInRequired: '채팅하려면 로그인하세요.',
  signIn: '로그인',
  signInAgain: '로그인이 만료되었어요. 계속하려면 다시 로그인하세요.',
  failedTooLong: '메시지가 너무 길어요.',
  failedRateLimited: '메시지를 짧은 시간에 너무 많이 보냈어요. 잠시 후 다시 시도해 주세요.',
  retry: '다시 보내기',
  clearConversation: '대화 삭제',
  clearConfirm: '이 대화를 영구적으로 삭제할까요?',
  clear: '삭제',
  cancel: '취소',
  attach: '파일 첨부',
  dropFiles: '여기에 파일을 놓아 첨부하세요',
  removeFile: '{name} 삭제',
  fileTypeRefused: '이 형식의 파일은 보낼 수 없습니다.',
  fileTooLarge: '파일이 너무 큽니다.',
  fileEmpty: '파일이 비어 있습니다.',
  fileNameRefused: '이 파일 이름은 사용할 수 없습니다.',
  filesOff: '이 채팅에서는 파일을 보낼 수 없습니다.',
  uploadFailed: '파일을 업로드하지 못했습니다.',
  waitingForFiles: '파일 업로드가 끝나면 전송됩니다…',
  sessionExpiring: '메시지를 보내지 않으면 이 채팅은 {when} 종료돼요. 메시지를 쓰면 채팅이 계속 유지돼요.',
  sessionExpiringSoon: '메시지를 보내지 않으면 이 채팅은 곧 종료돼요. 메시지를 쓰면 채팅이 계속 유지돼요.',
  sessionExpiredDivider: '이 채팅 세션이 만료되었어요. 새 메시지를 보내면 새 대화가 시작돼요.',
  sessionRestartedDivider: '이전 채팅 세션이 종료되었어요. 새 메시지를 보내면 새 대화가 시작돼요.',
  writeMessage: '메시지 쓰기',
  overLimit: '메시지 하나로 보내기에는 너무 길어요. {count}개로 나누어 보낼게요.',
};
export default ko;
