import { expect } from '@open-wc/testing';
import { render } from 'lit';
import { AttachmentView, displayName } from '../../src/panel/attachment-view.js';
import type { Attachment } from '../../src/types.js';

function view(attachments: Attachment[], lang = 'en', refresh = async (_id: string): Promise<string | undefined> => undefined) {
  const div = document.createElement('div');
  const v = new AttachmentView({ refresh, update: () => draw(), language: () => lang });
  const draw = () => render(v.render({ id: 'm1', from: 'agent', text: '', time: Date.now(), attachments }), div);
  draw();
  return div;
}

describe('AttachmentView', () => {
  it('pictures as lazy thumbnails (alt = name) opening in a new tab, files as links with a size', () => {
    const div = view([
      { id: 'a1', name: 'photo.png', mediaType: 'Image', mime: 'image/png', url: 'https://cdn.example/p.png' },
      { id: 'a2', name: 'invoice.pdf', mediaType: 'File', mime: 'application/pdf', url: 'https://cdn.example/i.pdf', size: 48_213 },
    ]);
    const img = div.querySelector('img')!;
    expect([img.alt, img.getAttribute('src'), img.loading]).to.deep.equal(['photo.png', 'https://cdn.example/p.png', 'lazy']);
    expect(img.closest('a')!.target).to.equal('_blank');
    const link = div.querySelector('a:not(.thumb)') as HTMLAnchorElement;
    expect([link.textContent, link.getAttribute('href'), link.rel]).to.deep.equal(['invoice.pdf', 'https://cdn.example/i.pdf', 'noopener noreferrer']);
    expect(div.querySelector('.size')!.textContent).to.equal('48.2 kB');
    expect(div.querySelectorAll('[part="attachment"]')).to.have.length(2);
  });

  it('sizes in the chosen language', () => {
    expect(view([{ id: 'a', name: 'f', url: 'https://x.example/f', size: 1_500_000 }], 'de').querySelector('.size')!.textContent).to.equal('1,5 MB');
  });

  it('script and data URLs render the name as text only', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'data:image/png;base64,AAAA']) {
      const div = view([{ id: 'a', name: '<img src=x onerror=alert(1)>', mediaType: 'Image', url }]);
      expect(div.querySelectorAll('a, img')).to.have.length(0);
      expect(div.textContent).to.include('<img src=x onerror=alert(1)>');
    }
  });

  it('a picture that fails to load is refreshed once with getAttachment', async () => {
    const asked: string[] = [];
    const div = view([{ id: 'a9', name: 'p.png', mediaType: 'Image', url: 'https://127.0.0.1:9/expired.png' }], 'en', async (id) => {
      asked.push(id);
      return 'data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==';
    });
    const img = div.querySelector('img')!;
    img.dispatchEvent(new Event('error'));
    img.dispatchEvent(new Event('error'));
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).to.deep.equal(['a9']);
  });

  it('S2: bidi controls cannot disguise an extension: stripped, the name in <bdi>, the real extension apart', () => {
    const spoof = 'invoice\u202Efdp.exe';
    const div = view([{ id: 'a1', name: spoof, mediaType: 'File', url: 'https://cdn.example/x', size: 2_000 }]);
    const link = div.querySelector('a')!;
    expect(link.textContent).to.equal('invoicefdp.exe');
    expect(link.querySelector('bdi')!.textContent).to.equal('invoicefdp.exe');
    expect(div.querySelector('.ext')!.textContent).to.equal('EXE');
    expect(div.textContent).not.to.match(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/);
    // The same without a link, and for a picture's alt.
    const plain = view([{ id: 'a2', name: '\u2067photo\u2069gpj.exe', url: 'javascript:alert(1)' }]);
    expect(plain.querySelector('bdi')!.textContent).to.equal('photogpj.exe');
    expect(plain.querySelector('.ext')!.textContent).to.equal('EXE');
    const pic = view([{ id: 'a3', name: 'cat\u202Egnp.js', mediaType: 'Image', url: 'https://cdn.example/c' }]);
    expect(pic.querySelector('img')!.alt).to.equal('catgnp.js');
  });

  it('S2: displayName strips every bidi control and mark, and finds the real extension', () => {
    expect(displayName('a\u202Ab\u202Bc\u202Cd\u202De\u2066f\u2067g\u2068h\u2069i\u200Ej\u200Fk\u061Cl.txt')).to.deep.equal({ name: 'abcdefghijkl.txt', ext: 'TXT' });
    expect(displayName('README')).to.deep.equal({ name: 'README', ext: undefined });
    expect(displayName('.bashrc')).to.deep.equal({ name: '.bashrc', ext: undefined });
    expect(displayName('archive.tar.gz').ext).to.equal('GZ');
    expect(displayName('تقرير.pdf')).to.deep.equal({ name: 'تقرير.pdf', ext: 'PDF' });
  });
});
