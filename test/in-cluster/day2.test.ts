import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as h from '../../src';
import { HikubeValidationError } from '../../src/errors';
import { validateAgainstSchemas } from '../support/crds';
import { parseYamlStream } from '../support/schemas';

interface Setup {
  readonly app: App;
  readonly cluster: h.HikubeCluster;
  readonly chart: h.TenantClusterChart;
}

function setup(addons: h.Addon[] = [new h.CertManager(), new h.IngressNginx({ hosts: ['shop.acme.example', '*.apps.acme.example'] }), new h.Flux(), new h.Velero()],
  line = h.PlatformLine.V1_6): Setup {
  const app = Testing.app();
  const cluster = new h.HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-acme', platformLine: line, nodeGroups: { web: h.NodeGroupSpec.of({ instanceType: h.InstanceType.S1_LARGE, roles: [h.NodeRole.INGRESS_NGINX], minReplicas: 1 }) }, addons,
  });
  return { app, cluster, chart: new h.TenantClusterChart(app, 'inside', { cluster }) };
}

/** Documents of the in-cluster chart only. */
function docsOf(s: Setup): any[] {
  return parseYamlStream(s.app.synthYaml()).filter((d) => d.kind !== 'Kubernetes');
}

function synthError(s: Setup): string {
  try {
    s.app.synthYaml();
  } catch (e: any) {
    expect(e).toBeInstanceOf(HikubeValidationError);
    return e.message;
  }
  throw new Error('expected synthesis to fail');
}

const byKind = (docs: any[], kind: string) => docs.filter((d) => d.kind === kind);

describe('LetsEncryptIssuer', () => {
  test('ACME ClusterIssuer with HTTP-01 through the nginx class', () => {
    const s = setup();
    new h.LetsEncryptIssuer(s.chart, 'le', { email: 'ops@acme-shop.ch' });
    const [issuer] = docsOf(s);
    expect(issuer).toEqual({
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: 'letsencrypt-prod' },
      spec: {
        acme: {
          email: 'ops@acme-shop.ch',
          server: 'https://acme-v02.api.letsencrypt.org/directory',
          privateKeySecretRef: { name: 'letsencrypt-prod-account-key' },
          solvers: [{ http01: { ingress: { ingressClassName: 'nginx' } } }],
        },
      },
    });
    expect(validateAgainstSchemas(issuer)).toEqual([]);
  });
  test('staging and DNS-01 with a referenced secret', () => {
    const s = setup();
    new h.LetsEncryptIssuer(s.chart, 'le', { email: 'ops@acme-shop.ch', server: h.AcmeServer.STAGING, cloudflareDns01: { apiTokenSecretName: 'cloudflare', dnsZones: ['acme.example'] } });
    const [issuer] = docsOf(s);
    expect(issuer.metadata.name).toBe('letsencrypt-staging');
    expect(issuer.spec.acme.server).toBe('https://acme-staging-v02.api.letsencrypt.org/directory');
    expect(issuer.spec.acme.solvers[1]).toEqual({ selector: { dnsZones: ['acme.example'] }, dns01: { cloudflare: { apiTokenSecretRef: { name: 'cloudflare', key: 'api-token' } } } });
    expect(validateAgainstSchemas(issuer)).toEqual([]);
  });
  test('refused without cert-manager on the cluster', () => {
    const s = setup([new h.IngressNginx()]);
    new h.LetsEncryptIssuer(s.chart, 'le', { email: 'ops@acme-shop.ch' });
    expect(synthError(s)).toContain('[inside/le] addons.certManager: a certificate issuer requires the certManager add-on, which cluster prod does not enable; add CertManager to its add-ons');
  });
  test('bad e-mail, no solver, HTTP-01 without ingress', () => {
    const s = setup([new h.CertManager()]);
    new h.LetsEncryptIssuer(s.chart, 'a', { email: 'ops' });
    new h.LetsEncryptIssuer(s.chart, 'b', { email: 'ops@acme-shop.ch', name: 'b', http01: false });
    const msg = synthError(s);
    expect(msg).toContain('[inside/a] email: "ops" is not valid; expected an e-mail address');
    expect(msg).toContain('[inside/a] addons.ingressNginx: an HTTP-01 solver (set http01: false to use DNS-01 only) requires the ingressNginx add-on, which cluster prod does not enable; add IngressNginx to its add-ons');
    expect(msg).toContain('[inside/b] http01: false is not valid; an issuer needs a solver');
  });
  test('needs a TenantClusterChart', () => {
    const app = Testing.app();
    expect(() => new h.LetsEncryptIssuer(new Chart(app, 'plain'), 'le', { email: 'a@b.c' }))
      .toThrow('[plain/le] scope: "plain/le" is not valid; this construct belongs in a TenantClusterChart');
  });
});

describe('SecureNamespace', () => {
  const s = setup();
  new h.SecureNamespace(s.chart, 'shop', {
    admins: [h.AccessSubject.group('shop-admins')],
    editors: [h.AccessSubject.serviceAccount('cozy-fluxcd', 'kustomize-controller')],
    viewers: [h.AccessSubject.user('auditor@acme.example')],
    allowEgressTo: ['0.0.0.0/0'],
  });
  const docs = docsOf(s);
  test('namespace with restricted Pod Security labels', () => {
    expect(byKind(docs, 'Namespace')[0].metadata).toEqual({
      name: 'shop',
      labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' },
    });
  });
  test('default deny with DNS, same namespace, ingress controller and declared egress allowed', () => {
    const [np] = byKind(docs, 'NetworkPolicy');
    expect(np.metadata).toEqual({ name: 'default-deny', namespace: 'shop' });
    expect(np.spec.policyTypes).toEqual(['Egress', 'Ingress']);
    expect(np.spec.podSelector).toEqual({});
    expect(np.spec.egress[0]).toEqual({
      ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
    });
    expect(np.spec.egress[2].to).toEqual([{ ipBlock: { cidr: '0.0.0.0/0' } }]);
    expect(np.spec.ingress.map((r: any) => r.from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name'])).toEqual(['shop', 'cozy-ingress-nginx']);
  });
  test('RBAC bindings to the built-in roles', () => {
    const bindings = byKind(docs, 'RoleBinding');
    expect(bindings.map((b) => [b.metadata.name, b.roleRef.name])).toEqual([['admins', 'admin'], ['edits', 'edit'], ['views', 'view']]);
    expect(bindings[1].subjects).toEqual([{ apiGroup: '', kind: 'ServiceAccount', name: 'kustomize-controller', namespace: 'cozy-fluxcd' }]);
    expect(bindings[2].subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'auditor@acme.example' }]);
  });
  test('quota and limit range defaults', () => {
    expect(byKind(docs, 'ResourceQuota')[0].spec.hard).toEqual({
      'requests.cpu': '4', 'requests.memory': '8Gi', 'limits.cpu': '8', 'limits.memory': '16Gi', 'requests.storage': '100Gi', 'pods': '50', 'persistentvolumeclaims': '10',
    });
    expect(byKind(docs, 'LimitRange')[0].spec.limits).toEqual([{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }]);
  });
  test('every object validates against the Kubernetes schemas', () => {
    expect(docs.flatMap(validateAgainstSchemas)).toEqual([]);
  });
  test('bad names and CIDRs are refused', () => {
    const t = setup();
    new h.SecureNamespace(t.chart, 'kube-x');
    expect(synthError(t)).toContain('[inside/kube-x] metadata.name: "kube-x" is not valid; the kube- and cozy- prefixes belong to the platform');
    expect(() => new h.SecureNamespace(t.chart, 'y', { allowEgressTo: ['internet'] }))
      .toThrow('[inside/y] allowEgressTo: "internet" is not valid; expected an IPv4 CIDR such as 10.0.0.0/8');
  });
});

describe('Pod Security', () => {
  test('workloads a restricted namespace would refuse fail at synth', () => {
    const s = setup();
    const ns = new h.SecureNamespace(s.chart, 'shop');
    new kplus.Deployment(s.chart, 'app', { metadata: { namespace: ns.namespaceName }, containers: [{ image: 'example/app:1', portNumber: 8080 }] });
    expect(synthError(s)).toContain('[inside/shop] Deployment inside-app: ["container main must drop ALL capabilities","container main needs a seccomp profile (RuntimeDefault or Localhost)"] is not valid; namespace shop enforces Pod Security "restricted"');
  });
  test('PodSecurity.restrictedContainerContext() passes; the rendered context is exact', () => {
    const s = setup();
    const ns = new h.SecureNamespace(s.chart, 'shop');
    new kplus.Deployment(s.chart, 'app', {
      metadata: { namespace: ns.namespaceName },
      containers: [{ image: 'example/app:1', portNumber: 8080, securityContext: h.PodSecurity.restrictedContainerContext() }],
    });
    const [deployment] = docsOf(s).filter((d) => d.kind === 'Deployment');
    expect(deployment.spec.template.spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });
  test('baseline refuses host namespaces and privileged containers; privileged allows all', () => {
    const pod = { kind: 'Pod', spec: { hostNetwork: true, containers: [{ name: 'c', securityContext: { privileged: true } }], volumes: [{ name: 'h', hostPath: { path: '/' } }] } };
    expect(h.PodSecurity.violations(pod, h.PodSecurityLevel.BASELINE)).toEqual(['hostNetwork: true', 'volume h uses hostPath', 'container c is privileged']);
    expect(h.PodSecurity.violations(pod, h.PodSecurityLevel.PRIVILEGED)).toEqual([]);
    expect(h.PodSecurity.violations({ kind: 'Service', spec: {} }, h.PodSecurityLevel.RESTRICTED)).toEqual([]);
  });
  test('a lower level admits the default cdk8s-plus context', () => {
    const s = setup();
    const ns = new h.SecureNamespace(s.chart, 'shop', { podSecurity: h.PodSecurityLevel.BASELINE });
    new kplus.Deployment(s.chart, 'app', { metadata: { namespace: ns.namespaceName }, containers: [{ image: 'example/app:1', portNumber: 8080 }] });
    expect(byKind(docsOf(s), 'Namespace')[0].metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
  });
});

describe('storage', () => {
  test('claims use the cluster default class (replicated from v1.6, kubevirt before)', () => {
    for (const [line, cls] of [[h.PlatformLine.V1_6, 'replicated'], [h.PlatformLine.V1_5, 'kubevirt']] as const) {
      const s = setup(undefined, line);
      const v = new h.ReplicatedVolumeClaim(s.chart, 'data', { namespace: 'shop', size: Size.gibibytes(10) });
      const [pvc] = docsOf(s).filter((d) => d.kind === 'PersistentVolumeClaim');
      expect(v.storageClass).toBe(cls);
      expect(pvc.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, storageClassName: cls, volumeMode: 'Filesystem' });
      expect(validateAgainstSchemas(pvc)).toEqual([]);
    }
  });
  test('snapshots use the cluster snapshot class', () => {
    const s = setup();
    const v = new h.ReplicatedVolumeClaim(s.chart, 'data', { namespace: 'shop', size: Size.gibibytes(10) });
    v.addSnapshot('data-before-upgrade');
    expect(docsOf(s).find((d) => d.kind === 'VolumeSnapshot')).toEqual({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshot',
      metadata: { name: 'data-before-upgrade', namespace: 'shop' },
      spec: { volumeSnapshotClassName: 'kubevirt-snapshots', source: { persistentVolumeClaimName: 'data' } },
    });
    expect(() => v.addSnapshot('Before Upgrade')).toThrow('[inside/data] snapshot name: "Before Upgrade" is not valid');
  });
  test('unknown storage classes are refused', () => {
    const s = setup();
    new h.ReplicatedVolumeClaim(s.chart, 'data', { namespace: 'shop', size: Size.gibibytes(10), storageClass: 'fast' });
    expect(synthError(s)).toContain('[inside/data] storageClassName: "fast" is not valid; cluster prod has the storage classes replicated, kubevirt');
  });
});

describe('ExposedService', () => {
  function web(s: Setup, id = 'web') {
    return new kplus.Deployment(s.chart, id, { metadata: { namespace: 'shop' }, containers: [{ image: 'nginxinc/nginx-unprivileged:1.27', portNumber: 8080 }] });
  }
  test('Ingress with TLS from the issuer, on a routed host; the workload keeps cdk8s-plus secure defaults', () => {
    const s = setup();
    const issuer = new h.LetsEncryptIssuer(s.chart, 'le', { email: 'ops@acme-shop.ch' });
    new h.ExposedService(s.chart, 'shop', { workload: web(s), port: 8080, host: 'www.apps.acme.example', issuer });
    const docs = docsOf(s);
    const [ingress] = byKind(docs, 'Ingress');
    expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' });
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.tls).toEqual([{ hosts: ['www.apps.acme.example'], secretName: 'shop-tls' }]);
    expect(ingress.spec.rules[0].host).toBe('www.apps.acme.example');
    const [svc] = byKind(docs, 'Service');
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.ports).toEqual([{ port: 80, targetPort: 8080 }]);
    const container = byKind(docs, 'Deployment')[0].spec.template.spec.containers[0];
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true });
    expect(docs.filter((d) => d.kind !== 'ClusterIssuer').flatMap(validateAgainstSchemas)).toEqual([]);
  });
  test('the Ingress rules read as cdk8s-plus writes them, and more rules can be added to it', () => {
    const s = setup();
    const issuer = new h.LetsEncryptIssuer(s.chart, 'le', { email: 'ops@acme-shop.ch' });
    const site = new h.ExposedService(s.chart, 'shop', { workload: web(s), port: 8080, host: 'www.apps.acme.example', issuer });
    site.ingress!.addHostRule('api.apps.acme.example', '/v1', kplus.IngressBackend.fromService(site.service));
    site.ingress!.addHostRule('www.apps.acme.example', '/static', kplus.IngressBackend.fromService(site.service));
    const backend = { service: { name: site.service.name, port: { number: 80 } } };
    expect(byKind(docsOf(s), 'Ingress')[0].spec.rules).toEqual([
      { host: 'www.apps.acme.example', http: { paths: [{ backend, path: '/', pathType: 'Prefix' }, { backend, path: '/static', pathType: 'Prefix' }] } },
      { host: 'api.apps.acme.example', http: { paths: [{ backend, path: '/v1', pathType: 'Prefix' }] } },
    ]);
    // Hosts are keys of a dictionary, not of an object literal: a fleet of hosts would slow every `{}` in V8 (see exposed-service.ts).
    expect(Object.getPrototypeOf((site.ingress as any)._rulesPerHost)).toBeNull();
  });
  test('LoadBalancer Service', () => {
    const s = setup();
    new h.ExposedService(s.chart, 'tcp', { workload: web(s), port: 8080, exposure: h.Exposure.LOAD_BALANCER });
    const [svc] = byKind(docsOf(s), 'Service');
    expect(svc.spec.type).toBe('LoadBalancer');
    expect(svc.spec.ports).toEqual([{ port: 443, targetPort: 8080 }]);
  });
  test('a host outside the cluster\'s proxied hosts is refused', () => {
    const s = setup();
    const issuer = new h.LetsEncryptIssuer(s.chart, 'le', { email: 'ops@acme-shop.ch' });
    new h.ExposedService(s.chart, 'shop', { workload: web(s), port: 8080, host: 'shop.other.example', issuer });
    expect(synthError(s)).toContain('[inside/shop] host: "shop.other.example" is not valid; the cluster\'s Proxied ingress receives only shop.acme.example, *.apps.acme.example; add the host to IngressNginx hosts');
  });
  test('Ingress needs ingress-nginx, a host and an issuer; LoadBalancer takes neither', () => {
    const s = setup([new h.CertManager()]);
    new h.ExposedService(s.chart, 'a', { workload: web(s), port: 8080 });
    new h.ExposedService(s.chart, 'b', { workload: web(s, 'web2'), port: 70000, exposure: h.Exposure.LOAD_BALANCER, host: 'x.acme.example' });
    const msg = synthError(s);
    expect(msg).toContain('[inside/a] addons.ingressNginx: an Ingress (use Exposure.LOAD_BALANCER otherwise) requires the ingressNginx add-on');
    expect(msg).toContain('[inside/a] host: undefined is not valid; an Ingress needs a host name');
    expect(msg).toContain('[inside/a] issuer: undefined is not valid; an Ingress is served with TLS');
    expect(msg).toContain('[inside/b] port: 70000 is not valid');
    expect(msg).toContain('[inside/b] exposure: "load-balancer" is not valid; a LoadBalancer Service passes TCP through');
  });
});

describe('GitOpsSync', () => {
  test('GitRepository and Kustomization for the committed path', () => {
    const s = setup();
    new h.GitOpsSync(s.chart, 'fleet', { url: 'https://git.acme.example/platform/fleet.git', path: './dist/inside', secretName: 'fleet-git', interval: Duration.minutes(5) });
    const docs = docsOf(s);
    expect(docs).toEqual([
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: { name: 'fleet', namespace: 'cozy-fluxcd' },
        spec: { url: 'https://git.acme.example/platform/fleet.git', ref: { branch: 'main' }, interval: '5m', secretRef: { name: 'fleet-git' } },
      },
      {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'fleet', namespace: 'cozy-fluxcd' },
        spec: { sourceRef: { kind: 'GitRepository', name: 'fleet' }, path: './dist/inside', interval: '5m', prune: true },
      },
    ]);
    expect(docs.flatMap(validateAgainstSchemas)).toEqual([]);
  });
  test('refused without Flux (and on main, which has no Flux add-on)', () => {
    const s = setup([new h.CertManager()], h.PlatformLine.MAIN);
    new h.GitOpsSync(s.chart, 'fleet', { url: 'git@host:repo' });
    const msg = synthError(s);
    expect(msg).toContain('[inside/fleet] addons.fluxcd: a GitOps sync requires the fluxcd add-on, which cluster prod does not enable; add Flux to its add-ons');
    expect(msg).toContain('url: "git@host:repo" is not valid; expected an https:// or ssh:// Git URL');
  });
});
