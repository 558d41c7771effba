import type { GenesysChat } from '../../src/genesys-chat.js';

/**
 * The log renders a window of the newest messages; this grows it until every loaded message
 * is in the DOM, the way a person scrolling up would (the "Load earlier messages" button),
 * without fetching older history. Tests that audit every message's DOM call it first.
 */
export async function showAllMessages(el: GenesysChat, maxClicks = 500): Promise<void> {
  await el.updateComplete;
  for (let i = 0; i < maxClicks; i++) {
    const root = el.shadowRoot;
    if (!root || root.querySelectorAll('[part~="message"]').length >= el.messages.length) return;
    const older = root.querySelector<HTMLButtonElement>('button.older');
    if (!older) return;
    older.click();
    await el.updateComplete;
  }
}
