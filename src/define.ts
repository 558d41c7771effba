/** Registers `<genesys-chat>`. Guarded so a second copy of the script on the page is harmless. */
import { GenesysChat } from './genesys-chat.js';

if (!customElements.get('genesys-chat')) customElements.define('genesys-chat', GenesysChat);

export { GenesysChat };
// The typings of the element's events (type-only: no code).
export type * from './events.js';
