/** Simplified Chinese (简体中文). */
import type { Catalog } from './en.js';
import core from './core/zh-CN.js';

const zhCN: Catalog = {
  ...core,
  signInRequired: '请先登录，再与我们在线交流。',
  signIn: '登录',
  signInAgain: '您的登录已失效，请重新登录后继续。',
  failedTooLong: '消息过长。',
  failedRateLimited: '发送过于频繁，请稍后重试。',
  retry: '重新发送',
  clearConversation: '清空会话',
  clearConfirm: '要永久删除此会话吗？',
  clear: '删除',
  cancel: '取消',
  attach: '添加附件',
  dropFiles: '将文件拖放到此处以添加附件',
  removeFile: '移除 {name}',
  fileTypeRefused: '无法发送此类型的文件。',
  fileTooLarge: '文件太大。',
  fileEmpty: '文件为空。',
  fileNameRefused: '不允许使用此文件名。',
  filesOff: '此聊天中无法发送文件。',
  uploadFailed: '文件上传失败。',
  waitingForFiles: '文件上传完成后将自动发送…',
  sessionExpiring: '如果没有发送消息，此聊天将在{when}结束。发送消息即可继续聊天。',
  sessionExpiringSoon: '如果没有发送消息，此聊天即将结束。发送消息即可继续聊天。',
  sessionExpiredDivider: '此聊天会话已过期。新消息将开始新的对话。',
  sessionRestartedDivider: '之前的聊天会话已结束。新消息将开始新的对话。',
  writeMessage: '写消息',
  overLimit: '内容超出单条消息的长度，将分 {count} 条发送。',
};
export default zhCN;
