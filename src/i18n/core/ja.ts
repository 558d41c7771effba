/** Japanese (日本語): the strings every open chat shows (the rest is ../ja.ts). */
import type { CoreCatalog } from './en.js';

const ja: CoreCatalog = {
  heading: 'チャットでお問い合わせ',
  openChat: 'チャットを開く',
  openChatUnread: 'チャットを開く（未読 {count} 件）',
  closeChat: 'チャットを閉じる',
  connecting: '接続しています…',
  reconnecting: '接続が切れました。再接続しています…',
  ended: 'このチャットは終了しました。',
  startNew: '新しいチャットを始める',
  messages: 'メッセージ',
  loadEarlier: '以前のメッセージを読み込む',
  newMessages: '新着メッセージ',
  empty: 'メッセージをお送りください。通常、数分以内に返信いたします。',
  agent: '担当者',
  assistant: 'アシスタント',
  joined: '{name}が参加しました',
  left: '{name}が退出しました',
  typing: '{name}が入力しています…',
  sending: '送信中…',
  sent: '送信済み',
  delivered: '配信済み',
  read: '既読',
  notSent: '未送信',
  messageLabel: 'メッセージ',
  placeholder: 'メッセージを入力…',
  send: 'メッセージを送信',
};
export default ja;
