import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import { App, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as YAML from 'yaml';
import * as h from '../../src';
import { HikubeValidationError } from '../../src/errors';
import { warningProblems } from '../../src/model/validation';
import { closeSchema, IMPORTS_DIR, parseYamlStream } from '../support/schemas';

const GROUP_DIR = path.join(IMPORTS_DIR, 'crds', 'gateway.networking.k8s.io');
const validators = new Map<string, ValidateFunction>();

/** Validates a Gateway API document against the definitions the line's bundle installs (closed: unknown fields fail). */
function validateForLine(doc: any, line: h.PlatformLine): string[] {
  const bundle = h.GatewayApi._bundle(line);
  const plural = `${doc.kind.toLowerCase()}s`;
  const file = path.join(GROUP_DIR, bundle === 'v1.5.1' ? '' : bundle, `${plural}.gateway.networking.k8s.io.yaml`);
  const key = `${file}#${doc.apiVersion}`;
  let validate = validators.get(key);
  if (!validate) {
    const crd = YAML.parse(fs.readFileSync(file, 'utf-8'));
    const version = crd.spec.versions.find((v: any) => `${crd.spec.group}/${v.name}` === doc.apiVersion && v.served);
    if (!version) return [`${doc.apiVersion} ${doc.kind} is not served by Gateway API ${bundle}`];
    validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(closeSchema(version.schema.openAPIV3Schema));
    validators.set(key, validate);
  }
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${doc.kind}/${doc.metadata.name}${e.instancePath} ${e.message}`);
}

/** Validates a ClusterIssuer against cert-manager's definition (closed: unknown fields fail). */
function validateIssuer(doc: any): string[] {
  const crd = YAML.parse(fs.readFileSync(path.join(IMPORTS_DIR, 'crds', 'cert-manager.io', 'clusterissuers.cert-manager.io.yaml'), 'utf-8'));
  const version = crd.spec.versions.find((v: any) => `${crd.spec.group}/${v.name}` === doc.apiVersion);
  const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(closeSchema(version.schema.openAPIV3Schema));
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${doc.kind}/${doc.metadata.name}${e.instancePath} ${e.message}`);
}

interface Setup {
  readonly app: App;
  readonly chart: h.TenantClusterChart;
  readonly dnsIssuer: h.LetsEncryptIssuer;
}

function setup(line = h.PlatformLine.V1_6, addons: h.Addon[] = [new h.CertManager(), new h.GatewayApi(), new h.IngressNginx({ hosts: ['shop.acme.example'] })],
  clusterProps: Partial<h.HikubeClusterProps> = {}): Setup {
  const app = Testing.app();
  const cluster = new h.HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-acme',
    platformLine: line,
    nodeGroups: { web: h.NodeGroupSpec.of({ instanceType: h.InstanceType.S1_LARGE, roles: [h.NodeRole.INGRESS_NGINX], minReplicas: 1 }) },
    addons,
    ...clusterProps,
  });
  const chart = new h.TenantClusterChart(app, 'inside', { cluster });
  const dnsIssuer = new h.LetsEncryptIssuer(chart, 'le-dns', {
    email: 'ops@acme-shop.ch', name: 'letsencrypt-dns', http01: false, cloudflareDns01: { apiTokenSecretName: 'cloudflare-token' },
  });
  return { app, chart, dnsIssuer };
}

function web(s: Setup, id = 'web', namespace = 'shop', port = 8080) {
  return new kplus.Deployment(s.chart, id, { metadata: { namespace }, containers: [{ image: 'nginxinc/nginx-unprivileged:1.27', portNumber: port }] });
}

const docsOf = (s: Setup) => parseYamlStream(s.app.synthYaml()).filter((d) => d.apiVersion?.startsWith('gateway.networking.k8s.io'));

function synthProblems(s: Setup): Array<{ rule: string; message: string }> {
  try {
    s.app.synthYaml();
  } catch (e) {
    if (e instanceof HikubeValidationError) return e.problems.map((p) => ({ rule: p.rule, message: `[${p.path}] ${p.message}` }));
    throw e;
  }
  return [];
}

describe('Gateway and routes', () => {
  test.each(h.PlatformLine.all().map((l) => [l.name, l] as const))('on line %s they validate against the line\'s Gateway API definitions', (_name, line) => {
    const s = setup(line);
    const gateway = new h.Gateway(s.chart, 'public', { namespace: 'shop', hosts: ['www.acme.example', 'api.acme.example', '*.apps.acme.example'], issuer: s.dnsIssuer });
    new h.HttpRoute(s.chart, 'site', { gateway, workload: web(s), port: 8080, hosts: ['www.acme.example', 'a.apps.acme.example'], paths: ['/', '/static'] });
    new h.HttpRoute(s.chart, 'api-v1', { gateway, workload: web(s, 'api', 'shop', 9000), port: 9000, hosts: ['api.acme.example'], paths: ['/v1'], pathMatch: h.PathMatch.EXACT });
    new h.GrpcRoute(s.chart, 'cart', { gateway, workload: web(s, 'cart-server', 'shop', 50051), port: 50051, hosts: ['api.acme.example'], services: ['shop.v1.Cart'] });
    const docs = docsOf(s);
    expect(docs.map((d) => `${d.apiVersion} ${d.kind}`)).toEqual([
      'gateway.networking.k8s.io/v1 Gateway', 'gateway.networking.k8s.io/v1 HTTPRoute', 'gateway.networking.k8s.io/v1 HTTPRoute', 'gateway.networking.k8s.io/v1 GRPCRoute',
    ]);
    expect(docs.flatMap((d) => validateForLine(d, line))).toEqual([]);
  });

  test('HTTPS listeners per host with certificates from the issuer; routes to Services of the workloads', () => {
    const s = setup();
    const gateway = new h.Gateway(s.chart, 'public', { namespace: 'shop', hosts: ['www.acme.example', '*.apps.acme.example'], issuer: s.dnsIssuer });
    const site = new h.HttpRoute(s.chart, 'site', { gateway, workload: web(s), port: 8080, paths: ['/', '/static'] });
    const [gw, route] = docsOf(s);
    expect(gw).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'public', namespace: 'shop', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-dns' } },
      spec: {
        gatewayClassName: 'cilium',
        listeners: [
          {
            name: 'https-www-acme-example',
            hostname: 'www.acme.example',
            port: 443,
            protocol: 'HTTPS',
            allowedRoutes: { namespaces: { from: 'Same' } },
            tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'public-www-acme-example-tls' }] },
          },
          {
            name: 'https-wildcard-apps-acme-example',
            hostname: '*.apps.acme.example',
            port: 443,
            protocol: 'HTTPS',
            allowedRoutes: { namespaces: { from: 'Same' } },
            tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'public-wildcard-apps-acme-example-tls' }] },
          },
        ],
      },
    });
    expect(route).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'site', namespace: 'shop' },
      spec: {
        parentRefs: [{ name: 'public' }],
        hostnames: ['www.acme.example', '*.apps.acme.example'],
        rules: [{
          matches: [{ path: { type: 'PathPrefix', value: '/' } }, { path: { type: 'PathPrefix', value: '/static' } }],
          backendRefs: [{ name: site.service.name, port: 80 }],
        }],
      },
    });
    const svc = parseYamlStream(s.app.synthYaml()).find((d) => d.kind === 'Service');
    expect(svc.metadata).toEqual({ name: 'inside-site-service', namespace: 'shop' });
    expect(svc.spec.ports).toEqual([{ port: 80, targetPort: 8080 }]);
  });

  test.each([h.PlatformLine.V0_41, h.PlatformLine.MAIN].map((l) => [l.name, l] as const))('on line %s an issuer proves the hosts by HTTP-01 through the Gateway, named in its solver', (_name, line) => {
    const s = setup(line, [new h.CertManager(), new h.GatewayApi()]);
    const issuer = new h.LetsEncryptIssuer(s.chart, 'le', { email: 'ops@acme-shop.ch', http01: false });
    new h.Gateway(s.chart, 'public', { namespace: 'shop', hosts: ['www.acme.example', 'api.acme.example'], issuer, http01: true });
    const docs = parseYamlStream(s.app.synthYaml());
    const gw = docs.find((d) => d.kind === 'Gateway');
    expect(gw.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' });
    expect(gw.spec.listeners.map((l: any) => `${l.name} ${l.protocol}/${l.port} ${l.hostname}`)).toEqual([
      'https-www-acme-example HTTPS/443 www.acme.example',
      'https-api-acme-example HTTPS/443 api.acme.example',
      'http-www-acme-example HTTP/80 www.acme.example',
      'http-api-acme-example HTTP/80 api.acme.example',
    ]);
    expect(validateForLine(gw, line)).toEqual([]);
    const clusterIssuer = docs.find((d) => d.kind === 'ClusterIssuer' && d.metadata.name === 'letsencrypt-prod');
    expect(validateIssuer(clusterIssuer)).toEqual([]);
    expect(clusterIssuer.spec.acme.solvers).toEqual([{
      selector: { dnsNames: ['www.acme.example', 'api.acme.example'] },
      http01: { gatewayHTTPRoute: { parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'shop' }] } },
    }]);
    expect(synthProblems(s)).toEqual([]);
  });

  test('the Gateway solver comes after the issuer\'s own, for its hosts only; wildcards stay with DNS-01', () => {
    const s = setup();
    const issuer = new h.LetsEncryptIssuer(s.chart, 'le', { email: 'ops@acme-shop.ch', cloudflareDns01: { apiTokenSecretName: 'cloudflare-token' } });
    new h.Gateway(s.chart, 'public', { namespace: 'shop', hosts: ['www.acme.example', '*.apps.acme.example'], issuer, http01: true });
    const docs = parseYamlStream(s.app.synthYaml());
    expect(docs.find((d) => d.kind === 'Gateway').spec.listeners.map((l: any) => l.name)).toEqual(['https-www-acme-example', 'https-wildcard-apps-acme-example', 'http-www-acme-example']);
    expect(docs.find((d) => d.kind === 'ClusterIssuer' && d.metadata.name === 'letsencrypt-prod').spec.acme.solvers.map((x: any) => Object.keys(x.http01 ?? x.dns01)[0] + (x.selector ? ` ${x.selector.dnsNames}` : ''))).toEqual([
      'ingress', 'cloudflare', 'gatewayHTTPRoute www.acme.example',
    ]);
    expect(synthProblems(s)).toEqual([]);
  });

  test('plain HTTP only when asked for; routes from other namespaces when the Gateway admits them', () => {
    const s = setup();
    const gateway = new h.Gateway(s.chart, 'edge', { namespace: 'gateways', hosts: ['www.acme.example'], plainHttp: true, routeNamespaces: ['shop'] });
    new h.HttpRoute(s.chart, 'site', { gateway, workload: web(s), port: 8080 });
    const [gw, route] = docsOf(s);
    expect(gw.metadata.annotations).toBeUndefined();
    expect(gw.spec.listeners).toEqual([{
      name: 'http-www-acme-example',
      hostname: 'www.acme.example',
      port: 80,
      protocol: 'HTTP',
      allowedRoutes: { namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['gateways', 'shop'] }] } } },
    }]);
    expect(route.spec.parentRefs).toEqual([{ name: 'edge', namespace: 'gateways' }]);
    expect(synthProblems(s)).toEqual([]);
  });

  test('refused without the GatewayApi add-on, and certificates without cert-manager', () => {
    const s = setup(h.PlatformLine.V1_6, [new h.IngressNginx({ hosts: ['shop.acme.example'] })]);
    new h.Gateway(s.chart, 'public', { namespace: 'shop', hosts: ['www.acme.example'], issuer: s.dnsIssuer });
    const problems = synthProblems(s).filter((p) => p.message.startsWith('[inside/public]'));
    expect(problems.map((p) => p.message)).toEqual([
      '[inside/public] addons.gatewayAPI: a Gateway requires the gatewayAPI add-on, which cluster prod does not enable; add GatewayApi to its add-ons',
      '[inside/public] addons.certManager: certificates of a Gateway requires the certManager add-on, which cluster prod does not enable; add CertManager to its add-ons',
    ]);
  });

  test.each([
    ['no issuer and no plainHttp', (s: Setup) => ({ namespace: 'shop', hosts: ['www.acme.example'] }), 'HK-GATEWAY', 'issuer: undefined is not valid; a Gateway is served with TLS'],
    ['issuer and plainHttp', (s: Setup) => ({ namespace: 'shop', hosts: ['www.acme.example'], issuer: s.dnsIssuer, plainHttp: true }), 'HK-GATEWAY', 'plainHttp: true is not valid'],
    ['an HTTP-01-only issuer', (s: Setup) => ({ namespace: 'shop', hosts: ['www.acme.example'], issuer: new h.LetsEncryptIssuer(s.chart, 'le', { email: 'ops@acme-shop.ch' }) }), 'HK-GATEWAY', 'the issuer solves HTTP-01 through ingress-nginx only'],
    ['http01 and an issuer that solves HTTP-01 only, for a wildcard host', (s: Setup) => ({ namespace: 'shop', hosts: ['*.apps.acme.example'], issuer: new h.LetsEncryptIssuer(s.chart, 'le', { email: 'ops@acme-shop.ch' }), http01: true }), 'HK-GATEWAY', 'HTTP-01 cannot prove a wildcard host'],
    ['http01 without an issuer', (s: Setup) => ({ namespace: 'shop', hosts: ['www.acme.example'], plainHttp: true, http01: true }), 'HK-GATEWAY', 'http01: true is not valid; HTTP-01 proves hosts for certificates'],
    ['http01 and more hosts than listeners', (s: Setup) => ({ namespace: 'shop', hosts: Array.from({ length: 33 }, (_, i) => `h${i}.acme.example`), issuer: s.dnsIssuer, http01: true }), 'HK-GATEWAY', 'at most 64 listeners (with http01, two per host)'],
    ['no hosts', (s: Setup) => ({ namespace: 'shop', hosts: [], plainHttp: true }), 'HK-GATEWAY', 'a Gateway needs at least one host'],
    ['an invalid host', (s: Setup) => ({ namespace: 'shop', hosts: ['WWW.acme.example'], plainHttp: true }), 'HK-GATEWAY', 'hosts: "WWW.acme.example" is not valid'],
    ['hosts with one listener name', (s: Setup) => ({ namespace: 'shop', hosts: ['a-b.acme.example', 'a.b-acme.example'], plainHttp: true }), 'HK-GATEWAY', 'is another host\'s too'],
    ['an invalid namespace', (s: Setup) => ({ namespace: 'Shop', hosts: ['www.acme.example'], plainHttp: true }), 'HK-GATEWAY', 'namespace: "Shop" is not valid'],
    ['a host of the Proxied ingress', (s: Setup) => ({ namespace: 'shop', hosts: ['shop.acme.example'], plainHttp: true }), 'HK-HOST-OWNER', 'the cluster\'s Proxied ingress receives this host'],
    ['an invalid route namespace', (s: Setup) => ({ namespace: 'shop', hosts: ['www.acme.example'], plainHttp: true, routeNamespaces: ['Blog'] }), 'HK-GATEWAY', 'routeNamespaces: "Blog" is not valid'],
    ['more hosts than listeners', (s: Setup) => ({ namespace: 'shop', hosts: Array.from({ length: 65 }, (_, i) => `h${i}.acme.example`), plainHttp: true }), 'HK-GATEWAY', 'at most 64 listeners'],
  ] as const)('a Gateway with %s is refused', (_title, props, rule, message) => {
    const s = setup();
    new h.Gateway(s.chart, 'public', props(s) as h.GatewayProps);
    const problems = synthProblems(s);
    expect(problems.filter((p) => p.rule === rule).map((p) => p.message).join('\n')).toContain(message);
  });

  test.each([
    ['a host the Gateway does not serve', { hosts: ['other.acme.example'] }, 'HK-GATEWAY', 'the route would attach to no listener'],
    ['a namespace the Gateway does not admit', { namespace: 'blog' }, 'HK-GATEWAY', 'admits routes of shop; add blog to its routeNamespaces'],
    ['a port the workload does not listen on', { port: 9090 }, 'HK-EXPOSURE-PORT', 'listen on 8080; every request to another port fails'],
    ['a relative path', { paths: ['static'] }, 'HK-GATEWAY', 'paths: "static" is not valid'],
    ['a regular expression that does not compile', { paths: ['/(a'], pathMatch: h.PathMatch.REGEX }, 'HK-GATEWAY', 'not a regular expression'],
    ['no paths', { paths: [] }, 'HK-GATEWAY', 'expected 1 to 64 paths'],
    ['an invalid Service port', { servicePort: 0 }, 'HK-EXPOSURE', 'servicePort: 0 is not valid'],
  ] as const)('an HTTP route with %s is refused', (_title, change, rule, message) => {
    const s = setup();
    const gateway = new h.Gateway(s.chart, 'public', { namespace: 'shop', hosts: ['www.acme.example'], issuer: s.dnsIssuer });
    const { namespace, port, ...rest } = { namespace: 'shop', port: 8080, ...change } as any;
    new h.HttpRoute(s.chart, 'site', { gateway, workload: web(s, 'web', namespace), port, ...rest });
    expect(synthProblems(s).filter((p) => p.rule === rule).map((p) => p.message).join('\n')).toContain(message);
  });

  test('a gRPC service name is checked; a route to a Gateway of another cluster is refused', () => {
    const s = setup();
    const other = setup(h.PlatformLine.V1_6, undefined, { name: 'staging' });
    const foreign = new h.Gateway(other.chart, 'public', { namespace: 'shop', hosts: ['www.acme.example'], plainHttp: true });
    new h.GrpcRoute(s.chart, 'cart', { gateway: foreign, workload: web(s), port: 8080, services: ['shop/v1 Cart'] });
    const messages = synthProblems(s).map((p) => p.message).join('\n');
    expect(messages).toContain('[inside/cart] services: "shop/v1 Cart" is not valid; expected a fully qualified gRPC service name');
    expect(messages).toContain('[inside/cart] gateway: "inside/public" is not valid; the Gateway belongs to cluster staging, the route to prod');
  });

  test('a gRPC route matches at most 64 services', () => {
    const s = setup();
    const gateway = new h.Gateway(s.chart, 'public', { namespace: 'shop', hosts: ['www.acme.example'], plainHttp: true });
    new h.GrpcRoute(s.chart, 'cart', { gateway, workload: web(s), port: 8080, services: Array.from({ length: 65 }, (_, i) => `shop.v1.S${i}`) });
    expect(synthProblems(s).map((p) => p.message)).toEqual(['[inside/cart] services: 65 is not valid; expected at most 64 services']);
  });

  test('a host has one owner: two Gateways, a Gateway and an Ingress, never the API server host', () => {
    const s = setup(h.PlatformLine.V1_6, undefined, { host: 'api.acme.example' });
    const issuer = new h.LetsEncryptIssuer(s.chart, 'le', { email: 'ops@acme-shop.ch' });
    new h.ExposedService(s.chart, 'shop', { workload: web(s), port: 8080, host: 'shop.acme.example', issuer });
    new h.Gateway(s.chart, 'one', { namespace: 'shop', hosts: ['www.acme.example'], plainHttp: true });
    new h.Gateway(s.chart, 'two', { namespace: 'shop', hosts: ['www.acme.example', 'api.acme.example'], plainHttp: true });
    const problems = synthProblems(s).filter((p) => p.rule === 'HK-HOST-OWNER' || p.rule === 'HK-API-HOST');
    expect(problems.map((p) => `${p.rule} ${p.message}`)).toEqual([
      'HK-HOST-OWNER [inside/two] hosts: "www.acme.example" is not valid; inside/one already serves it through a Gateway; a host has one owner in a cluster',
      'HK-API-HOST [inside/two] hosts: "api.acme.example" is not valid; it is the API server host of cluster prod; serve the application on another host',
    ]);
  });

  test.each([
    ['v1.6', h.PlatformLine.V1_6, 'removed; on platform line v1.6 the platform uninstalls the Gateway API definitions, which deletes every Gateway, HTTPRoute and GRPCRoute of the cluster'],
    ['main', h.PlatformLine.MAIN, 'removed; on platform line main the Gateway API definitions stay with the cluster\'s Gateways and routes, and nothing installs or updates them any more'],
  ] as const)('turning the add-on off on line %s says what happens to the routes', (_name, line, message) => {
    const props = (addons: h.Addon[]): h.HikubeClusterProps => ({ tenantNamespace: 'tenant-acme', platformLine: line, addons });
    const deployed = new h.HikubeCluster(new App(), 'prod', props([new h.GatewayApi(), new h.CertManager()]));
    const app = Testing.app();
    new h.HikubeCluster(app, 'prod', { ...props([]), deployed: { cluster: deployed } });
    app.synthYaml();
    expect(warningProblems(app).filter((p) => p.rule === 'HK-ADDON-REMOVED').map((p) => `${p.path} ${p.message}`)).toEqual([
      'prod addons.gatewayAPI: ' + message,
      'prod addons.certManager: removed; the platform uninstalls it from the cluster, with what it manages',
    ]);
    const kept = Testing.app();
    new h.HikubeCluster(kept, 'prod', { ...props([new h.GatewayApi(), new h.CertManager()]), deployed: { cluster: deployed } });
    kept.synthYaml();
    expect(warningProblems(kept).filter((p) => p.rule === 'HK-ADDON-REMOVED')).toEqual([]);
  });

  test('the bundle of each line', () => {
    expect(h.PlatformLine.all().map((l) => `${l.name}: ${h.GatewayApi._bundle(l)}`)).toEqual(['v0.41: v1.2.0', 'v1.3: v1.2.0', 'v1.5: v1.5.1', 'v1.6: v1.5.1', 'main: v1.5.1']);
  });
});
