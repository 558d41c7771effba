import { expect } from '@open-wc/testing';
import { exchangeBody, jwtExpiry } from '../../src/auth/auth.js';

const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

describe('auth: the code exchange body and the JWT', () => {
  it('sends exactly the fields Genesys models (code, redirectUri, and the optional ones given)', () => {
    expect(exchangeBody('dep', { code: 'c', redirectUri: 'https://shop.example/back' })).to.deep.equal({
      deploymentId: 'dep',
      oauth: { code: 'c', redirectUri: 'https://shop.example/back' },
    });
    expect(exchangeBody('dep', { code: 'c', redirectUri: 'https://shop.example/back', codeVerifier: 'v'.repeat(43), nonce: 'n', maxAge: 300, iss: 'https://idp.example' }).oauth).to.deep.equal({
      code: 'c',
      redirectUri: 'https://shop.example/back',
      codeVerifier: 'v'.repeat(43),
      nonce: 'n',
      maxAge: 300,
      iss: 'https://idp.example',
    });
    const extra = exchangeBody('dep', { code: 'c', redirectUri: 'https://a.example/', clientSecret: 'never' } as never);
    expect(Object.keys(extra.oauth)).to.deep.equal(['code', 'redirectUri']);
  });

  it('refuses unusable input with a TypeError that repeats no secret', () => {
    const cases: unknown[] = [
      undefined,
      {},
      { code: '', redirectUri: 'https://a.example/' },
      { code: 'secret-code', redirectUri: 'javascript:alert(1)' },
      { code: 'secret-code', redirectUri: 'not a url' },
      { code: 'secret-code', redirectUri: 'https://a.example/', maxAge: -1 },
      { code: 'secret-code', redirectUri: 'https://a.example/', nonce: 42 },
      { code: 'x'.repeat(20_000), redirectUri: 'https://a.example/' },
    ];
    for (const c of cases) {
      let error: unknown;
      try {
        exchangeBody('dep', c as never);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(c)?.slice(0, 80)).to.be.instanceOf(TypeError);
      expect(String((error as Error).message)).not.to.include('secret-code');
    }
  });

  it('reads exp from a JWT payload, and nothing from garbage', () => {
    expect(jwtExpiry(`${b64({ alg: 'HS256' })}.${b64({ exp: 1_900_000_000 })}.sig`)).to.equal(1_900_000_000_000);
    for (const bad of ['', 'a.b.c', `x.${b64({ exp: 'soon' })}.y`, `x.${b64({ exp: -5 })}.y`, `x.${b64(null)}.y`, 'x.%%%.y']) {
      expect(jwtExpiry(bad), bad).to.equal(undefined);
    }
  });
});
