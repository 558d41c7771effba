import { expect } from '@open-wc/testing';
import { resolveConfig } from '../src/config.js';
import { DEFAULT_DEPLOYMENT, parseDeployment } from '../src/deployment.js';
import { DEFAULT_SETTINGS, parseSettings } from '../src/settings.js';

const settingsOf = (input: unknown) => parseSettings(parseDeployment(input).raw);

/** The shape of protocol §6.3 (MT's DeploymentConfig test fixture), values as an admin sets them. */
const real = {
  id: '9a1d0000-0000-0000-0000-00000000b7a3',
  version: '3',
  languages: ['en-us', 'de', 'pt-br'],
  defaultLanguage: 'en-us',
  apiEndpoint: 'https://api.mypurecloud.com',
  status: 'Active',
  messenger: {
    enabled: true,
    apps: {
      conversations: {
        messagingEndpoint: 'wss://webmessaging.mypurecloud.com',
        showAgentTypingIndicator: false,
        showUserTypingIndicator: false,
        autoStart: { enabled: true },
        conversationDisconnect: { enabled: true, type: 'Send' },
        conversationClear: { enabled: true },
        markdown: { enabled: true },
        humanize: { enabled: false },
        notifications: { enabled: false, notificationContentType: 'ExcludeMessagesContent' },
      },
    },
    styles: { primaryColor: '#ff0000' },
    launcherButton: { visibility: 'Off' },
    fileUpload: { enableAttachments: true, modes: [{ fileTypes: ['image/png', 'image/jpeg', 'image/gif'], maxFileSizeKB: 10240 }] },
  },
  journeyEvents: { enabled: false },
  auth: { enabled: true, allowSessionUpgrade: true },
};

describe('deployment configuration (config.json)', () => {
  it('reads every key the widget honours from the real shape', () => {
    const { deployment, problems } = parseDeployment(real);
    expect(problems).to.deep.equal([]);
    expect(deployment).to.deep.equal({
      enabled: true,
      primaryColor: '#ff0000',
      languages: ['en-us', 'de', 'pt-br'],
      defaultLanguage: 'en-us',
      launcher: false,
    });
    const settings = settingsOf(real);
    expect(settings.problems).to.deep.equal([]);
    expect(settings.settings).to.deep.equal({
      agentTyping: false,
      userTyping: false,
      clear: true,
      autoStart: true,
      markdown: true,
      fileUpload: { enabled: true, modes: [{ fileTypes: ['image/png', 'image/jpeg', 'image/gif'], maxFileSizeKB: 10240 }] },
      auth: { enabled: true, allowSessionUpgrade: true },
    });
  });

  it('keeps the defaults for a minimal file', () => {
    expect(parseDeployment({}).deployment).to.deep.equal(DEFAULT_DEPLOYMENT);
    expect(parseDeployment({}).problems).to.deep.equal([]);
    expect(settingsOf({})).to.deep.equal({ settings: DEFAULT_SETTINGS, problems: [] });
    expect(parseSettings(undefined).settings).to.equal(DEFAULT_SETTINGS);
  });

  it('turns the widget off when Messenger is disabled or the deployment is not Active', () => {
    expect(parseDeployment({ messenger: { enabled: false } }).deployment.enabled).to.equal(false);
    expect(parseDeployment({ status: 'Inactive' }).deployment.enabled).to.equal(false);
    expect(parseDeployment({ status: 'Active', messenger: { enabled: true } }).deployment.enabled).to.equal(true);
  });

  it('drops hostile values key by key and names each problem', () => {
    const hostile = JSON.parse(`{
      "__proto__": { "polluted": true },
      "languages": ["de", "<script>", 42, "x".repeat(10)],
      "defaultLanguage": "javascript:alert(1)",
      "messenger": {
        "enabled": "yes",
        "styles": { "primaryColor": "red;} :host{display:none" },
        "launcherButton": { "visibility": { "toString": "Off" } },
        "apps": { "conversations": {
          "showAgentTypingIndicator": "false",
          "conversationDisconnect": { "type": "Explode" },
          "conversationClear": { "enabled": 1 },
          "markdown": { "enabled": null },
          "__proto__": { "autoStart": { "enabled": true } }
        } },
        "fileUpload": { "enableAttachments": false, "modes": [{ "fileTypes": "image/png", "maxFileSizeKB": -1 }, { "fileTypes": ["image/png"], "maxFileSizeKB": "1e99" }] }
      },
      "auth": { "enabled": "true" }
    }`.replace('"x".repeat(10)', '"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"'));
    const { deployment, problems } = parseDeployment(hostile);
    const { settings, problems: more } = settingsOf(hostile);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    expect(deployment.languages).to.deep.equal(['de']);
    expect(deployment.defaultLanguage).to.equal(undefined);
    expect(deployment.enabled).to.equal(true);
    expect(deployment.primaryColor).to.equal(undefined);
    expect(deployment.launcher).to.equal(true);
    expect(settings.agentTyping).to.equal(true);
    expect(settings.clear).to.equal(false);
    expect(settings.autoStart).to.equal(false);
    expect(settings.auth.enabled).to.equal(false);
    expect(settings.fileUpload.modes).to.deep.equal([{ fileTypes: ['image/png'], maxFileSizeKB: 1e7 }]);
    expect(problems.join('\n')).to.include('primaryColor').and.include('messenger.enabled');
    expect(more.join('\n')).to.include('showAgentTypingIndicator').and.include('auth.enabled');
  });

  it('accepts only plain colours', () => {
    for (const ok of ['#0b57d0', '#fff', 'rebeccapurple', 'rgb(10, 20, 30)', 'hsl(200 50% 40%)']) {
      expect(parseDeployment({ messenger: { styles: { primaryColor: ok } } }).deployment.primaryColor, ok).to.equal(ok);
    }
    for (const bad of ['javascript:alert(1)', 'url(https://evil.example/x.png)', 'red; background: url(x)', 'expression(alert(1))', 'notacolour', '#12', 'x'.repeat(5000)]) {
      expect(parseDeployment({ messenger: { styles: { primaryColor: bad } } }).deployment.primaryColor, bad).to.equal(undefined);
    }
  });

  it('survives any JSON at the root', () => {
    for (const value of [null, 42, 'config', [], [{}], true]) {
      const { deployment, problems } = parseDeployment(value);
      expect(deployment).to.equal(DEFAULT_DEPLOYMENT);
      expect(problems).to.have.length(1);
    }
  });

  describe('where config.json is read', () => {
    const base = { deploymentId: 'dep-1', region: '', socketUrl: '', apiUrl: '', storage: 'local' };
    it('from the CDN of the region', () => {
      expect(resolveConfig({ ...base, region: 'euw2.pure.cloud' }).configUrl).to.equal(
        'https://api-cdn.euw2.pure.cloud/webdeployments/v1/deployments/dep-1/config.json',
      );
      expect(resolveConfig(base).configUrl).to.equal('https://api-cdn.mypurecloud.com/webdeployments/v1/deployments/dep-1/config.json');
    });
    it('from the origin of api-url, which defaults to the origin of socket-url', () => {
      expect(resolveConfig({ ...base, socketUrl: 'ws://127.0.0.1:9000/v1' }).configUrl).to.equal(
        'http://127.0.0.1:9000/webdeployments/v1/deployments/dep-1/config.json',
      );
      expect(resolveConfig({ ...base, socketUrl: 'wss://chat.example/v1', apiUrl: 'https://api.example/base' }).configUrl).to.equal(
        'https://api.example/webdeployments/v1/deployments/dep-1/config.json',
      );
    });
    it('from config-url when set, relative to the page; a non-http URL is refused', () => {
      expect(resolveConfig({ ...base, configUrl: 'https://cdn.example/cfg.json' }).configUrl).to.equal('https://cdn.example/cfg.json');
      expect(resolveConfig({ ...base, configUrl: '/cfg.json' }).configUrl).to.equal(new URL('/cfg.json', document.baseURI).href);
      const bad = resolveConfig({ ...base, configUrl: 'javascript:alert(1)' });
      expect(bad.configUrl).to.equal(undefined);
      expect(bad.problems.join()).to.include('config-url');
    });
    it('nowhere without a valid deployment id', () => {
      expect(resolveConfig({ ...base, deploymentId: '../x' }).configUrl).to.equal(undefined);
    });
  });
});
