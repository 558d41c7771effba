/** Simplified Chinese (简体中文): the strings every open chat shows (the rest is ../zh-CN.ts). */
import type { CoreCatalog } from './en.js';

const zhCN: CoreCatalog = {
  heading: '在线客服',
  openChat: '打开聊天',
  openChatUnread: '打开聊天（{count} 条未读）',
  closeChat: '关闭聊天',
  connecting: '正在连接…',
  reconnecting: '连接已断开，正在重新连接…',
  ended: '本次会话已结束。',
  startNew: '开始新会话',
  messages: '消息',
  loadEarlier: '加载更早的消息',
  newMessages: '新消息',
  empty: '请给我们留言，我们通常会在几分钟内回复。',
  agent: '客服',
  assistant: '智能助手',
  joined: '{name} 已加入会话',
  left: '{name} 已离开会话',
  typing: '{name} 正在输入…',
  sending: '正在发送…',
  sent: '已发送',
  delivered: '已送达',
  read: '已读',
  notSent: '未发送',
  messageLabel: '消息',
  placeholder: '输入消息…',
  send: '发送消息',
};
export default zhCN;
