import { App, Testing } from 'cdk8s';
import * as h from '../../src';
import { HikubeValidationError } from '../../src/errors';
import { secretPropertyOption } from '../../src/in-cluster/fluent-bit/secret-properties';
import { urlCredentials } from '../../src/model/plain-secrets';

const LOKI = { host: 'loki.logs.example.com' };
const ref = (secretName: string, key: string) => h.FluentBitSecretKey.of({ secretName, key });

function setup(addons: h.Addon[] = [new h.Flux()]) {
  const app = Testing.app();
  const cluster = new h.HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-acme', platformLine: h.PlatformLine.V1_6, nodeGroups: { web: h.NodeGroupSpec.of({ roles: [h.NodeRole.INGRESS_NGINX], minReplicas: 1 }) }, addons,
  });
  return { app, chart: new h.TenantClusterChart(app, 'inside', { cluster }) };
}

/** The problems of an app, as `[path] message` lines with their rule; empty when it synthesizes. */
function problems(app: App): string[] {
  try {
    app.synthYaml();
    return [];
  } catch (e) {
    if (!(e instanceof HikubeValidationError)) throw e;
    return e.problems.map((p) => `${p.rule} [${p.path}] ${p.message}`);
  }
}

function fluentBit(outputs: h.FluentBitOutput[]): string[] {
  const s = setup();
  new h.FluentBit(s.chart, 'logs', { outputs });
  return problems(s.app);
}

describe('credentials in URLs', () => {
  test('a password, a Git host token as the user, credential query keys; masked', () => {
    expect(urlCredentials('https://deploy:s3cret@git.acme.example/fleet.git')).toEqual({ found: ['the password after "deploy:"'], masked: 'https://deploy:***@git.acme.example/fleet.git' });
    expect(urlCredentials('https://ghp_abcdefghijklmnop@github.com/acme/fleet.git').masked).toBe('https://***@github.com/acme/fleet.git');
    expect(urlCredentials('https://logs.example.com/push?api_key=k3y&tenant=acme')).toEqual({ found: ['query key api_key'], masked: 'https://logs.example.com/push?api_key=***&tenant=acme' });
    expect(urlCredentials('/loki/api/v1/push?token=t0k').found).toEqual(['query key token']);
    expect(urlCredentials('https://s3.example.com/b/o?X-Amz-Signature=abc&X-Amz-Credential=AKIA%2F1').found).toEqual(['query key X-Amz-Signature', 'query key X-Amz-Credential']);
  });
  test('user names, ordinary query keys, hosts and listed keys pass', () => {
    for (const url of ['ssh://git@github.com/acme/fleet.git', 'https://deploy@git.acme.example/fleet.git', 'https://logs.example.com/push?tenant=acme', 'loki.logs.example.com', '/loki/api/v1/push']) {
      expect(urlCredentials(url).found).toEqual([]);
    }
    expect(urlCredentials('https://example.com/?token=public-id', ['TOKEN']).found).toEqual([]);
  });
  test('a GitOpsSync URL with a token is refused without printing the token; with secretName it passes', () => {
    const s = setup();
    new h.GitOpsSync(s.chart, 'fleet', { url: 'https://x-access-token:ghs_T0KEN@github.com/acme/fleet.git' });
    const [p] = problems(s.app);
    expect(p).toContain('HK-SECRET-IN-URL [inside/fleet] url: the URL carries the password after "x-access-token:", which the GitRepository would store in plain text; put the credentials in a Secret');
    expect(p).not.toContain('T0KEN');
    const ok = setup();
    new h.GitOpsSync(ok.chart, 'fleet', { url: 'https://github.com/acme/fleet.git', secretName: 'fleet-git' });
    new h.GitOpsSync(ok.chart, 'public', { url: 'https://git.acme.example/fleet.git?token=read-only-mirror', notSecrets: ['token'] });
    expect(problems(ok.app)).toEqual([]);
  });
  test('the Flux bootstrap URL with a password is refused at the cluster; pullSecret passes', () => {
    const s = setup([new h.Flux({ bootstrap: { url: 'https://deploy:s3cret@git.acme.example/fleet.git' } })]);
    const all = problems(s.app);
    expect(all).toHaveLength(1);
    expect(all[0]).toContain('HK-SECRET-IN-URL [prod] addons.fluxcd.bootstrap.url: the URL carries the password after "deploy:", which the Kubernetes resource would carry in plain text');
    expect(all[0]).not.toContain('s3cret');
    expect(problems(setup([new h.Flux({ bootstrap: { url: 'https://git.acme.example/fleet.git', pullSecret: 'fleet-git' } })]).app)).toEqual([]);
  });
});

describe('secret-bearing FluentBit properties and headers', () => {
  test('http_passwd in extraProperties is refused, naming basicAuth', () => {
    const [p] = fluentBit([h.FluentBitOutput.http({ host: 'logs.example.com', extraProperties: { http_user: 'fb', http_passwd: 'hunter2' } })]);
    expect(p).toContain('HK-SECRET-PROPERTY [inside/logs] outputs[0].http.http_passwd: property http_passwd of http holds a credential');
    expect(p).toContain('use basicAuth: { user, password: { secretName, key } }');
    expect(p).not.toContain('hunter2');
  });
  test('an Authorization header is refused, naming secretHeaders; as a secret header it passes', () => {
    const [p] = fluentBit([h.FluentBitOutput.http({ host: 'logs.example.com', headers: { 'Authorization': 'Bearer abc', 'X-Tenant': 'acme' } })]);
    expect(p).toContain('HK-SECRET-PROPERTY [inside/logs] outputs[0].http.header.Authorization: header Authorization carries a credential');
    expect(p).toContain('secretHeaders');
    expect(fluentBit([h.FluentBitOutput.http({ host: 'logs.example.com', headers: { 'X-Tenant': 'acme' }, secretHeaders: { Authorization: ref('logs', 'auth') } })])).toEqual([]);
  });
  test('an api_key in a URI and keys in an S3 endpoint are refused, masked', () => {
    const all = fluentBit([
      h.FluentBitOutput.loki({ ...LOKI, uri: '/loki/api/v1/push?api_key=k3y' }),
      h.FluentBitOutput.s3({ bucket: 'logs', region: 'us-east-1', endpoint: 'http://AKIAXXX:wJalr@s3.example.com', accessKeyId: { secretName: 's3', key: 'id' }, secretAccessKey: { secretName: 's3', key: 'secret' } }),
    ]);
    expect(all.join('\n')).toContain('HK-SECRET-IN-URL [inside/logs] outputs[0].loki.uri: the URL carries query key api_key');
    expect(all.join('\n')).toContain('HK-SECRET-IN-URL [inside/logs] outputs[1].s3.endpoint: the URL carries the password after "AKIAXXX:"');
    expect(all.join('\n')).not.toMatch(/k3y|wJalr/);
  });
  test('plugins of the table and names that end like a credential, through FluentBitOutput.of', () => {
    const [p] = fluentBit([h.FluentBitOutput.of('datadog', { host: 'http-intake.logs.datadoghq.eu', apikey: 'dd' })]);
    expect(p).toContain('outputs[0].datadog.apikey: property apikey of datadog holds a credential');
    expect(p).toContain('secretProperties');
    expect(secretPropertyOption('kafka', 'rdkafka.sasl.password')).toBeDefined();
    expect(secretPropertyOption('some_plugin', 'service_api_key')).toBeDefined();
    expect(secretPropertyOption('es', 'aws_auth')).toBeUndefined();
    expect(secretPropertyOption('kubernetes', 'kube_token_file')).toBeUndefined();
    expect(fluentBit([h.FluentBitOutput.of('datadog', { host: 'http-intake.logs.datadoghq.eu' }, { secretProperties: { apikey: ref('dd', 'key') } })])).toEqual([]);
  });
  test('a value that only looks like a secret passes when its name is listed in notSecrets', () => {
    expect(fluentBit([
      h.FluentBitOutput.http({ host: 'logs.example.com', headers: { 'X-Public-Token': 'tenant-id' }, notSecrets: ['x-public-token'] }),
      h.FluentBitOutput.of('skywalking', { auth_token: 'none' }, { notSecrets: ['auth_token'] }),
    ])).toEqual([]);
  });
});
