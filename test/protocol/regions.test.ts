import { expect } from '@open-wc/testing';
import {
  DEFAULT_REGION_DOMAIN,
  REGIONS,
  apiUrlFor,
  apiUrlFromSocketUrl,
  resolveRegion,
  socketUrlFor,
  withDeploymentId,
} from '../../src/protocol/regions.js';

/** [region id, domain, Messenger env code]: the protocol file's §1.1 table. */
const TABLE: [string, string, string][] = [
  ['us-east-1', 'mypurecloud.com', 'prod'],
  ['eu-west-1', 'mypurecloud.ie', 'prod-euw1'],
  ['ap-southeast-2', 'mypurecloud.com.au', 'prod-apse2'],
  ['ap-northeast-1', 'mypurecloud.jp', 'prod-apne1'],
  ['eu-central-1', 'mypurecloud.de', 'prod-euc1'],
  ['us-west-2', 'usw2.pure.cloud', 'prod-usw2'],
  ['ca-central-1', 'cac1.pure.cloud', 'prod-cac1'],
  ['ap-northeast-2', 'apne2.pure.cloud', 'prod-apne2'],
  ['eu-west-2', 'euw2.pure.cloud', 'prod-euw2'],
  ['ap-south-1', 'aps1.pure.cloud', 'prod-aps1'],
  ['us-east-2', 'use2.us-gov-pure.cloud', 'prod-use2'],
  ['me-central-1', 'mec1.pure.cloud', 'prod-mec1'],
  ['ap-northeast-3', 'apne3.pure.cloud', 'prod-apne3'],
  ['eu-central-2', 'euc2.pure.cloud', 'prod-euc2'],
  ['mx-central-1', 'mxc1.pure.cloud', 'prod-mxc1'],
  ['ap-southeast-1', 'apse1.pure.cloud', 'prod-apse1'],
  ['sa-east-1', 'sae1.pure.cloud', 'prod-sae1'],
];

describe('regions', () => {
  it('lists all 17 regions of §1.1', () => {
    expect(REGIONS.map((r) => [r.id, r.domain, r.env])).to.deep.equal(TABLE);
  });

  for (const [id, domain, env] of TABLE) {
    it(`${id}: domain, region id and env code all resolve`, () => {
      for (const spelling of [domain, id, env, domain.toUpperCase(), `  ${id}  `, `\t${env.toUpperCase()}\n`]) {
        const region = resolveRegion(spelling);
        expect(region, spelling).to.include({ known: true, id, domain, env });
      }
      for (const host of [`webmessaging.${domain}`, `api.${domain}`, `API-CDN.${domain}`, `apps.${domain}`]) {
        expect(resolveRegion(host)?.id, host).to.equal(id);
      }
    });
  }

  it('us-east-1 also answers to prod-use1', () => {
    expect(resolveRegion('prod-use1')?.id).to.equal('us-east-1');
    expect(resolveRegion('prod')?.env).to.equal('prod');
  });

  it('alias domains map to their canonical region', () => {
    const aliases: [string, string][] = [
      ['use1.pure.cloud', 'mypurecloud.com'],
      ['euw1.pure.cloud', 'mypurecloud.ie'],
      ['apse2.pure.cloud', 'mypurecloud.com.au'],
      ['apne1.pure.cloud', 'mypurecloud.jp'],
      ['euc1.pure.cloud', 'mypurecloud.de'],
    ];
    for (const [alias, domain] of aliases) {
      expect(resolveRegion(alias)?.domain, alias).to.equal(domain);
      expect(resolveRegion(`webmessaging.${alias}`)?.domain, alias).to.equal(domain);
      expect(resolveRegion(alias)?.aliases).to.deep.equal([alias]);
    }
  });

  it('full hosts from the brief', () => {
    expect(resolveRegion('webmessaging.euw2.pure.cloud')?.id).to.equal('eu-west-2');
    expect(resolveRegion('api.mypurecloud.ie')?.id).to.equal('eu-west-1');
  });

  it('an unknown but well-formed domain is accepted as is', () => {
    expect(resolveRegion('inindca.com')).to.deep.equal({ known: false, domain: 'inindca.com' });
    expect(resolveRegion('  New-Region.Pure.Cloud ')).to.deep.equal({ known: false, domain: 'new-region.pure.cloud' });
    expect(resolveRegion('webmessaging.example.org')).to.deep.equal({ known: false, domain: 'example.org' });
    expect(resolveRegion('api.com')).to.deep.equal({ known: false, domain: 'api.com' });
  });

  it('garbage is refused', () => {
    for (const bad of [
      '',
      ' ',
      'javascript:alert(1)',
      '../x',
      '..',
      '.com',
      'com.',
      'localhost',
      'eu-west-9',
      'prod-xyz',
      'a..b',
      '-a.com',
      'a-.com',
      'exa mple.com',
      'example.com/evil',
      'https://api.mypurecloud.com',
      'user@example.com',
      'example.com:443',
      '<script>.com',
      'a'.repeat(64) + '.com',
      ('a'.repeat(60) + '.').repeat(5) + 'com',
    ]) {
      expect(resolveRegion(bad), JSON.stringify(bad)).to.equal(undefined);
    }
    expect(resolveRegion(undefined as unknown as string)).to.equal(undefined);
    expect(resolveRegion(null as unknown as string)).to.equal(undefined);
  });

  it('known regions are immutable', () => {
    const region = resolveRegion('eu-west-2')!;
    expect(Object.isFrozen(region)).to.equal(true);
    expect(resolveRegion(DEFAULT_REGION_DOMAIN)?.id).to.equal('us-east-1');
  });
});

describe('region URLs', () => {
  it('socketUrlFor and apiUrlFor follow §1.1/§1.2', () => {
    for (const [, domain] of TABLE) {
      expect(socketUrlFor(domain, 'dep-1')).to.equal(`wss://webmessaging.${domain}/v1?deploymentId=dep-1`);
      expect(apiUrlFor(domain)).to.equal(`https://api.${domain}`);
    }
    expect(socketUrlFor('mypurecloud.com', 'a b&c=d')).to.equal('wss://webmessaging.mypurecloud.com/v1?deploymentId=a%20b%26c%3Dd');
  });

  it('withDeploymentId adds the id only when missing, keeping other params', () => {
    expect(withDeploymentId('ws://localhost:8080/v1', 'dep-1')).to.equal('ws://localhost:8080/v1?deploymentId=dep-1');
    expect(withDeploymentId('wss://proxy.example/ws?application=x', 'dep-1')).to.equal(
      'wss://proxy.example/ws?application=x&deploymentId=dep-1',
    );
    const already = 'wss://webmessaging.mypurecloud.com/v1?deploymentId=other&application=x';
    expect(withDeploymentId(already, 'dep-1')).to.equal(already);
    expect(withDeploymentId('not a url', 'dep-1')).to.equal('not a url');
  });

  it('apiUrlFromSocketUrl: webmessaging host → api host, anything else → same origin', () => {
    expect(apiUrlFromSocketUrl('wss://webmessaging.euw2.pure.cloud/v1?deploymentId=x')).to.equal('https://api.euw2.pure.cloud');
    expect(apiUrlFromSocketUrl(socketUrlFor('mypurecloud.com.au', 'x'))).to.equal('https://api.mypurecloud.com.au');
    expect(apiUrlFromSocketUrl('ws://localhost:8080/v1?deploymentId=x')).to.equal('http://localhost:8080');
    expect(apiUrlFromSocketUrl('wss://proxy.example.com:8443/genesys/ws')).to.equal('https://proxy.example.com:8443');
    expect(apiUrlFromSocketUrl('ws://127.0.0.1:9/x')).to.equal('http://127.0.0.1:9');
    for (const bad of ['', 'nope', 'javascript:alert(1)', 'file:///x', 'data:text/plain,x']) {
      expect(apiUrlFromSocketUrl(bad), bad).to.equal(undefined);
    }
  });
});
