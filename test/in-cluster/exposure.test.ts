import { App, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as h from '../../src';
import { HikubeValidationError } from '../../src/errors';
import { validateAgainstSchemas } from '../support/crds';
import { parseYamlStream } from '../support/schemas';

interface Setup {
  readonly app: App;
  readonly chart: h.TenantClusterChart;
  readonly issuer: h.LetsEncryptIssuer;
}

function setup(clusterProps: Partial<h.HikubeClusterProps> = {}): Setup {
  const app = Testing.app();
  const cluster = new h.HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-acme',
    nodeGroups: { web: h.NodeGroupSpec.of({ instanceType: h.InstanceType.S1_LARGE, roles: [h.NodeRole.INGRESS_NGINX], minReplicas: 1 }) },
    addons: [new h.CertManager(), new h.IngressNginx({ hosts: ['shop.acme.example', 'www.acme.example', 'api.acme.example'] })],
    ...clusterProps,
  });
  const chart = new h.TenantClusterChart(app, 'inside', { cluster });
  return { app, chart, issuer: new h.LetsEncryptIssuer(chart, 'le', { email: 'ops@acme-shop.ch' }) };
}

function web(s: Setup, id = 'web') {
  return new kplus.Deployment(s.chart, id, { metadata: { namespace: 'shop' }, containers: [{ image: 'nginxinc/nginx-unprivileged:1.27', portNumber: 8080 }] });
}

const docsOf = (s: Setup) => parseYamlStream(s.app.synthYaml()).filter((d) => d.kind !== 'Kubernetes');
const ingressOf = (s: Setup) => docsOf(s).find((d) => d.kind === 'Ingress');

function synthProblems(s: Setup): string[] {
  try {
    s.app.synthYaml();
  } catch (e) {
    if (e instanceof HikubeValidationError) return e.problems.map((p) => `${p.rule} [${p.path}] ${p.message}`);
    throw e;
  }
  return [];
}

describe('names and sizes', () => {
  test('an id Kubernetes would refuse as a name gives valid Service and Ingress names; valid ids keep theirs', () => {
    const s = setup();
    new h.ExposedService(s.chart, 'shop_site', { workload: web(s), port: 8080, host: 'shop.acme.example', issuer: s.issuer });
    new h.ExposedService(s.chart, 'www', { workload: web(s, 'web2'), port: 8080, host: 'www.acme.example', issuer: s.issuer });
    const docs = docsOf(s).filter((d) => d.kind === 'Service' || d.kind === 'Ingress');
    expect(docs.map((d) => `${d.kind} ${d.metadata.name}`)).toEqual([
      'Service inside-shop-site-service', 'Ingress inside-shop-site-ingress', 'Service inside-www-service', 'Ingress inside-www-ingress',
    ]);
    expect(docs.find((d) => d.kind === 'Ingress').spec.rules[0].http.paths[0].backend.service.name).toBe('inside-shop-site-service');
    expect(docs.flatMap(validateAgainstSchemas)).toEqual([]);
  });

  test('a volume of 1536 MiB is written exactly; sizes in gibibytes stay as cdk8s-plus writes them', () => {
    const s = setup();
    const odd = new h.ReplicatedVolumeClaim(s.chart, 'odd', { namespace: 'shop', size: Size.mebibytes(1536) });
    const whole = new h.ReplicatedVolumeClaim(s.chart, 'whole', { namespace: 'shop', size: Size.gibibytes(2) });
    const pvcs = docsOf(s).filter((d) => d.kind === 'PersistentVolumeClaim');
    expect(pvcs.map((d) => d.spec.resources.requests.storage)).toEqual(['1536Mi', '2Gi']);
    expect(pvcs.flatMap(validateAgainstSchemas)).toEqual([]);
    expect([odd.claim.storage, whole.claim.storage?.toGibibytes()]).toEqual([undefined, 2]);
  });
});

describe('ExposedService for the quick start', () => {
  test('plain HTTP through the explicit option, with a rewrite', () => {
    const s = setup();
    new h.ExposedService(s.chart, 'hello', { workload: web(s), port: 8080, host: 'shop.acme.example', plainHttp: true, nginx: { rewriteTarget: '/' } });
    const ingress = ingressOf(s);
    expect(ingress.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/rewrite-target': '/' });
    expect(ingress.spec.tls).toBeUndefined();
    expect(ingress.spec.rules).toEqual([{ host: 'shop.acme.example', http: { paths: [{ backend: { service: { name: 'inside-hello-service', port: { number: 80 } } }, path: '/', pathType: 'Prefix' }] } }]);
    expect(validateAgainstSchemas(ingress)).toEqual([]);
  });

  test('several hosts and paths, one certificate for all hosts, typed ingress-nginx settings and other annotations', () => {
    const s = setup();
    new h.ExposedService(s.chart, 'shop', {
      workload: web(s),
      port: 8080,
      hosts: ['shop.acme.example', 'www.acme.example'],
      paths: ['/shop(/|$)(.*)', '/store(/|$)(.*)'],
      pathMatch: h.PathMatch.REGEX,
      issuer: s.issuer,
      nginx: {
        rewriteTarget: '/$2',
        sslRedirect: true,
        proxyBodySize: Size.mebibytes(8),
        proxyReadTimeout: Duration.minutes(2),
        proxySendTimeout: Duration.seconds(30),
        backendProtocol: h.BackendProtocol.HTTP,
        forceSslRedirect: false,
      },
      annotations: { 'nginx.ingress.kubernetes.io/enable-cors': 'true' },
    });
    const ingress = ingressOf(s);
    expect(ingress.metadata.annotations).toEqual({
      'nginx.ingress.kubernetes.io/use-regex': 'true',
      'nginx.ingress.kubernetes.io/rewrite-target': '/$2',
      'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
      'nginx.ingress.kubernetes.io/force-ssl-redirect': 'false',
      'nginx.ingress.kubernetes.io/proxy-body-size': '8m',
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '120',
      'nginx.ingress.kubernetes.io/proxy-send-timeout': '30',
      'nginx.ingress.kubernetes.io/backend-protocol': 'HTTP',
      'nginx.ingress.kubernetes.io/enable-cors': 'true',
      'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
    });
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.acme.example', 'www.acme.example'], secretName: 'shop-tls' }]);
    expect(ingress.spec.rules.map((r: any) => [r.host, r.http.paths.map((p: any) => `${p.pathType} ${p.path}`)])).toEqual([
      ['shop.acme.example', ['ImplementationSpecific /shop(/|$)(.*)', 'ImplementationSpecific /store(/|$)(.*)']],
      ['www.acme.example', ['ImplementationSpecific /shop(/|$)(.*)', 'ImplementationSpecific /store(/|$)(.*)']],
    ]);
    expect(validateAgainstSchemas(ingress)).toEqual([]);
    expect(synthProblems(s)).toEqual([]);
  });

  test.each([
    ['no issuer and no plainHttp', {}, 'HK-EXPOSURE', 'issuer: undefined is not valid; an Ingress is served with TLS; pass a LetsEncryptIssuer, or set plainHttp: true'],
    ['an issuer and plainHttp', { issuer: true, plainHttp: true }, 'HK-EXPOSURE', 'plainHttp: true is not valid; plain HTTP has no certificate'],
    ['host and hosts', { hosts: ['www.acme.example'], plainHttp: true }, 'HK-EXPOSURE', 'give host or hosts, not both'],
    ['an invalid host', { host: 'Shop.acme.example', plainHttp: true }, 'HK-EXPOSURE', 'hosts: "Shop.acme.example" is not valid'],
    ['a relative path', { paths: ['shop'], plainHttp: true }, 'HK-EXPOSURE', 'paths: "shop" is not valid; expected an absolute path'],
    ['a capture group without regular expressions', { plainHttp: true, nginx: { rewriteTarget: '/$1' } }, 'HK-EXPOSURE', 'capture groups need regular-expression paths'],
    ['a timeout in milliseconds', { plainHttp: true, nginx: { proxyReadTimeout: Duration.millis(500) } }, 'HK-EXPOSURE', 'expected a positive whole number of seconds'],
    ['an annotation a typed option writes', { plainHttp: true, annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' } }, 'HK-EXPOSURE', 'written by nginx.proxyBodySize; set it there'],
    ['an invalid annotation key', { plainHttp: true, annotations: { 'nginx.ingress.kubernetes.io/bad key': 'x' } }, 'HK-EXPOSURE', 'expected an annotation key'],
    ['annotations over 256 KiB', { plainHttp: true, annotations: { 'acme.example/big': 'x'.repeat(256 * 1024) } }, 'HK-EXPOSURE', 'the API server refuses annotations over 256 KiB'],
    ['Ingress settings on a LoadBalancer', { exposure: h.Exposure.LOAD_BALANCER, host: undefined, plainHttp: true }, 'HK-EXPOSURE', 'plainHttp apply to Exposure.INGRESS'],
    ['a port the workload does not listen on', { port: 9090, plainHttp: true }, 'HK-EXPOSURE-PORT', 'port: 9090 is not valid; the containers of Deployment inside-web listen on 8080'],
  ] as const)('an ExposedService with %s is refused', (_title, change, rule, message) => {
    const s = setup();
    const { issuer, ...rest } = change as any;
    new h.ExposedService(s.chart, 'shop', { workload: web(s), port: 8080, host: 'shop.acme.example', ...(issuer ? { issuer: s.issuer } : {}), ...rest });
    expect(synthProblems(s).filter((p) => p.startsWith(rule + ' ')).join('\n')).toContain(message);
  });

  test('Ingresses share a host on other paths only', () => {
    const build = (again: boolean) => {
      const s = setup();
      new h.ExposedService(s.chart, 'site', { workload: web(s), port: 8080, host: 'shop.acme.example', plainHttp: true });
      new h.ExposedService(s.chart, 'api', { workload: web(s, 'api-server'), port: 8080, host: 'shop.acme.example', paths: ['/api'], plainHttp: true });
      if (again) new h.ExposedService(s.chart, 'again', { workload: web(s, 'again-server'), port: 8080, hosts: ['shop.acme.example'], plainHttp: true });
      return synthProblems(s);
    };
    expect(build(false)).toEqual([]);
    expect(build(true)).toEqual([
      'HK-HOST-OWNER [inside/again] hosts: "shop.acme.example" is not valid; inside/site already serves it on the path / through an Ingress; a host has one owner in a cluster',
    ]);
  });

  test('the API server host is not an application\'s', () => {
    const s = setup({ host: 'api.acme.example' });
    new h.ExposedService(s.chart, 'api', { workload: web(s), port: 8080, host: 'api.acme.example', issuer: s.issuer });
    expect(synthProblems(s)).toEqual([
      // The cluster's own ingress-nginx hosts list it too, so the tenant ingress has two backends for it.
      'HK-INGRESS-HOST-SHARED [prod] addons.ingressNginx.hosts: api.acme.example (an ingress-nginx host of this cluster) is also its API server host, and the tenant ingress routes it either to the API server or to ingress-nginx; serve the applications on another host, or give the API server another host',
      'HK-API-HOST [inside/api] hosts: "api.acme.example" is not valid; it is the API server host of cluster prod; serve the application on another host',
    ]);
  });
});
