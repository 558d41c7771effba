/** Korean (한국어): the strings every open chat shows (the rest is ../ko.ts). */
import type { CoreCatalog } from './en.js';

const ko: CoreCatalog = {
  heading: '채팅 상담',
  openChat: '채팅 열기',
  openChatUnread: '채팅 열기(읽지 않은 메시지 {count}개)',
  closeChat: '채팅 닫기',
  connecting: '연결 중…',
  reconnecting: '연결이 끊어졌어요. 다시 연결하는 중…',
  ended: '대화가 종료되었어요.',
  startNew: '새 대화 시작',
  messages: '메시지',
  loadEarlier: '이전 메시지 불러오기',
  newMessages: '새 메시지',
  empty: '메시지를 남겨 주세요. 보통 몇 분 안에 답변드려요.',
  agent: '상담원',
  assistant: '어시스턴트',
  joined: '{name} 님이 대화에 참여했어요',
  left: '{name} 님이 대화에서 나갔어요',
  typing: '{name} 님이 입력 중…',
  sending: '보내는 중…',
  sent: '전송됨',
  delivered: '전달됨',
  read: '읽음',
  notSent: '전송되지 않음',
  messageLabel: '메시지',
  placeholder: '메시지를 입력하세요…',
  send: '메시지 보내기',
};
export default ko;
