import { expect } from '@open-wc/testing';
import { render } from 'lit';
import { renderCards } from '../../src/panel/cards.js';
import type { ChatMessage } from '../../src/types.js';

/** Renders the cards of `m` into a fresh div (the message did not go through the decoder). */
function cards(m: Partial<ChatMessage>): HTMLElement {
  const div = document.createElement('div');
  render(renderCards({ id: 'm1', from: 'agent', text: '', time: 0, ...m }, () => {}), div);
  return div;
}

describe('renderCards', () => {
  it('renders web links in a new tab, mailto:/tel: without a target, data:image pictures', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const div = cards({
      cards: [
        {
          title: 'Shoe',
          image: png,
          url: 'https://shop.example/p/1',
          actions: [
            { type: 'Link', text: 'Mail', url: 'mailto:help@example.com' },
            { type: 'Link', text: 'Call', url: 'tel:+15550100' },
          ],
        },
      ],
    });
    const links = [...div.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href'), a.target, a.rel]);
    expect(links).to.deep.equal([
      ['Shoe', 'https://shop.example/p/1', '_blank', 'noopener noreferrer'],
      ['Mail', 'mailto:help@example.com', '', ''],
      ['Call', 'tel:+15550100', '', ''],
    ]);
    expect(div.querySelector('img')!.getAttribute('src')).to.equal(png);
  });

  it('checks every href and src again: script URLs that skipped the decoder render as text', () => {
    const bad = 'javascript:alert(1)';
    const div = cards({
      cards: [{ title: 'Title', image: bad, url: bad, actions: [{ type: 'Link', text: 'Open', url: bad }] }],
    });
    expect(div.querySelectorAll('a, img')).to.have.length(0);
    expect(div.textContent).to.include('Title');
    expect(div.textContent).not.to.include('Open');
  });
});
