/** Japanese (日本語). */
import type { Catalog } from './en.js';
import core from './core/ja.js';

const ja: Catalog = {
  ...core,
  signInRequired: 'チャットをご利用いただくにはサインインしてください。',
  signIn: 'サインイン',
  signInAgain: 'サインインの有効期限が切れました。続けるには、もう一度サインインしてください。',
  failedTooLong: 'メッセージが長すぎます。',
  failedRateLimited: '短時間に多くのメッセージが送信されました。しばらく待ってから、もう一度お試しください。',
  retry: '再送信',
  clearConversation: 'チャット履歴を削除',
  clearConfirm: 'このチャットを完全に削除しますか？',
  clear: '削除',
  cancel: 'キャンセル',
  attach: 'ファイルを添付',
  dropFiles: 'ここにファイルをドロップして添付',
  removeFile: '{name} を削除',
  fileTypeRefused: 'この種類のファイルは送信できません。',
  fileTooLarge: 'ファイルが大きすぎます。',
  fileEmpty: 'ファイルが空です。',
  fileNameRefused: 'このファイル名は使用できません。',
  filesOff: 'このチャットではファイルを送信できません。',
  uploadFailed: 'ファイルをアップロードできませんでした。',
  waitingForFiles: 'ファイルのアップロードが終わりしだい送信します…',
  sessionExpiring: 'メッセージが送信されないと、このチャットは{when}に終了します。メッセージを書くと継続できます。',
  sessionExpiringSoon: 'メッセージが送信されないと、このチャットはまもなく終了します。メッセージを書くと継続できます。',
  sessionExpiredDivider: 'このチャットセッションの有効期限が切れました。新しいメッセージは新しい会話として始まります。',
  sessionRestartedDivider: '以前のチャットセッションは終了しました。新しいメッセージは新しい会話として始まります。',
  writeMessage: 'メッセージを書く',
  overLimit: '1 通で送るには長すぎるため、{count} 通に分けて送信します。',
};
export default ja;
