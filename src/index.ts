/** Public exports, free of side effects: import `genesys-chat/define.js` to register the tag. */
export { GenesysChat } from './genesys-chat.js';
export * from './events.js';
export * from './types.js';
export type { Transport, TransportFactory, TransportListener, TransportOptions } from './transport/transport.js';
export { GuestTransport } from './transport/guest-transport.js';
export { resolveRegion } from './protocol/regions.js';
