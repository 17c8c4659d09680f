import { App } from 'cdk8s';
import * as h from '../../src';
import { ValidationProblem } from '../../src/errors';
import { warningProblems } from '../../src/model/validation';
import { synthProblems } from '../support/errors';

/** The problems and warnings of an app at synth, as `[rule, path, field, value]`. */
function report(build: (app: App) => void): { errors: unknown[][]; warnings: unknown[][]; messages: string[] } {
  const app = new App();
  build(app);
  const problems = synthProblems(app);
  const ours = (p: ValidationProblem) => p.rule.startsWith('HK-INGRESS-HOST');
  const row = (p: ValidationProblem) => [p.rule, p.path, p.field, p.value];
  const warnings = warningProblems(app).filter(ours);
  return { errors: problems.filter(ours).map(row), warnings: warnings.map(row), messages: [...problems, ...warnings].filter(ours).map((p) => p.message) };
}

const GROUPS = { md0: h.NodeGroupSpec.of({ roles: [h.NodeRole.INGRESS_NGINX], minReplicas: 1 }) };

function cluster(app: App, id: string, hosts: string[], props: Partial<h.HikubeClusterProps> = {}): h.HikubeCluster {
  return new h.HikubeCluster(app, id, { tenantNamespace: 'tenant-acme', nodeGroups: GROUPS, addons: [new h.IngressNginx({ hosts })], ...props });
}

describe('hosts routed by the tenant ingress', () => {
  test('one host of two clusters in one tenant namespace: an error on the second, naming both clusters and the fix', () => {
    const r = report((app) => {
      cluster(app, 'blue', ['shop.example.com', 'www.example.com']);
      cluster(app, 'green', ['beta.example.com', 'shop.example.com']);
    });
    expect(r.errors).toEqual([['HK-INGRESS-HOST-SHARED', 'green', 'addons.ingressNginx.hosts', 'shop.example.com']]);
    expect(r.messages).toEqual(['addons.ingressNginx.hosts: shop.example.com (an ingress-nginx host of this cluster) is also an ingress-nginx host of cluster blue (blue), '
      + 'and both are in tenant namespace tenant-acme, so one tenant ingress routes the host to both clusters and sends its traffic to one of them unpredictably; '
      + 'keep the host on one cluster, or give each cluster its own host']);
  });

  test('three clusters on one host: each later one names the first', () => {
    const r = report((app) => ['a', 'b', 'c'].forEach((id) => cluster(app, id, ['shop.example.com'])));
    expect(r.errors).toEqual([['HK-INGRESS-HOST-SHARED', 'b', 'addons.ingressNginx.hosts', 'shop.example.com'], ['HK-INGRESS-HOST-SHARED', 'c', 'addons.ingressNginx.hosts', 'shop.example.com']]);
    expect(r.messages[1]).toContain('of cluster a (a)');
  });

  test('one wildcard of two clusters is the same host twice', () => {
    const r = report((app) => {
      cluster(app, 'blue', ['*.apps.example.com']);
      cluster(app, 'green', ['*.apps.example.com']);
    });
    expect(r.errors).toEqual([['HK-INGRESS-HOST-SHARED', 'green', 'addons.ingressNginx.hosts', '*.apps.example.com']]);
  });

  test('an API server host against another cluster\'s ingress host, either way round, and against its own', () => {
    expect(report((app) => {
      cluster(app, 'blue', ['shop.example.com']);
      cluster(app, 'green', [], { host: 'shop.example.com' });
    }).errors).toEqual([['HK-INGRESS-HOST-SHARED', 'green', 'host', 'shop.example.com']]);
    expect(report((app) => {
      cluster(app, 'blue', [], { host: 'shop.example.com' });
      cluster(app, 'green', ['shop.example.com']);
    }).errors).toEqual([['HK-INGRESS-HOST-SHARED', 'green', 'addons.ingressNginx.hosts', 'shop.example.com']]);
    const own = report((app) => cluster(app, 'blue', ['shop.example.com'], { host: 'shop.example.com' }));
    expect(own.errors).toEqual([['HK-INGRESS-HOST-SHARED', 'blue', 'addons.ingressNginx.hosts', 'shop.example.com']]);
    expect(own.messages[0]).toContain('is also its API server host, and the tenant ingress routes it either to the API server or to ingress-nginx');
    // Two API servers on one host.
    expect(report((app) => {
      cluster(app, 'blue', [], { host: 'api.example.com' });
      cluster(app, 'green', [], { host: 'api.example.com' });
    }).errors).toEqual([['HK-INGRESS-HOST-SHARED', 'green', 'host', 'api.example.com']]);
  });

  test('valid neighbours: other hosts, a host one label deeper than a wildcard, LoadBalancer exposure, no ingress-nginx', () => {
    expect(report((app) => {
      cluster(app, 'blue', ['shop.example.com', '*.apps.example.com'], { host: 'blue.example.com' });
      cluster(app, 'green', ['beta.shop.example.com', 'a.b.apps.example.com'], { host: 'green.example.com' });
    })).toEqual({ errors: [], warnings: [], messages: [] });
    expect(report((app) => {
      cluster(app, 'blue', ['shop.example.com']);
      new h.HikubeCluster(app, 'green', { tenantNamespace: 'tenant-acme', nodeGroups: GROUPS, addons: [new h.IngressNginx({ exposeMethod: h.ExposeMethod.LOAD_BALANCER })], host: 'shop.example.com' });
    }).errors).toEqual([['HK-INGRESS-HOST-SHARED', 'green', 'host', 'shop.example.com']]);
    // A LoadBalancer controller asks the tenant ingress for no host, so it claims none.
    expect(report((app) => {
      cluster(app, 'blue', ['shop.example.com']);
      new h.HikubeCluster(app, 'green', { tenantNamespace: 'tenant-acme', nodeGroups: GROUPS, addons: [new h.IngressNginx({ exposeMethod: h.ExposeMethod.LOAD_BALANCER })] });
    }).errors).toEqual([]);
  });

  test('tenants of the app that take one ingress share it: an error across tenant namespaces', () => {
    const r = report((app) => {
      const acme = new h.Tenant(app, 'acme', { ingress: true });
      cluster(app, 'blue', ['shop.example.com'], { tenantNamespace: undefined, tenant: new h.Tenant(app, 'dev', { parent: acme }) });
      cluster(app, 'green', ['shop.example.com'], { tenantNamespace: undefined, tenant: new h.Tenant(app, 'qa', { parent: acme }) });
    });
    expect(r.errors).toEqual([['HK-INGRESS-HOST-SHARED', 'green', 'addons.ingressNginx.hosts', 'shop.example.com']]);
    expect(r.messages[0]).toContain('and their tenants both take the ingress of tenant-acme, so one tenant ingress routes the host to both clusters');
    // Tenants of one chain without an ingress of their own take the one above them: still one ingress.
    const above = report((app) => {
      cluster(app, 'blue', ['shop.example.com'], { tenantNamespace: undefined, tenant: new h.Tenant(app, 'dev') });
      cluster(app, 'green', ['shop.example.com'], { tenantNamespace: undefined, tenant: new h.Tenant(app, 'qa') });
    });
    expect(above.errors).toEqual([['HK-INGRESS-HOST-SHARED', 'green', 'addons.ingressNginx.hosts', 'shop.example.com']]);
    expect(above.messages[0]).toContain('their tenants both take the ingress its tenants take from above tenant-root');
  });

  test('tenants with ingresses of their own: a warning, DNS points the host at one of them', () => {
    const r = report((app) => {
      const acme = new h.Tenant(app, 'acme', { ingress: true });
      cluster(app, 'blue', ['shop.example.com'], { tenantNamespace: undefined, tenant: acme });
      cluster(app, 'green', ['shop.example.com'], { tenantNamespace: undefined, tenant: new h.Tenant(app, 'dev', { parent: acme, ingress: true }) });
    });
    expect(r).toMatchObject({ errors: [], warnings: [['HK-INGRESS-HOST-OVERLAP', 'green', 'addons.ingressNginx.hosts', 'shop.example.com']] });
    expect(r.messages[0]).toContain('behind the ingress of tenant-acme while this cluster is behind the ingress of tenant-acme-dev, so DNS can point the host at one of them only');
  });

  test('tenant namespaces the app does not describe: a warning that says both cases', () => {
    const r = report((app) => {
      cluster(app, 'blue', ['shop.example.com']);
      cluster(app, 'green', ['shop.example.com'], { tenantNamespace: 'tenant-other' });
    });
    expect(r).toMatchObject({ errors: [], warnings: [['HK-INGRESS-HOST-OVERLAP', 'green', 'addons.ingressNginx.hosts', 'shop.example.com']] });
    expect(r.messages[0]).toContain('in tenant namespace tenant-acme; if both tenants take one tenant ingress it sends the host\'s traffic to either cluster, else DNS can point the host at one of them only');
  });

  test('a host inside another cluster\'s wildcard: a warning either way round, one label deep only', () => {
    const later = report((app) => {
      cluster(app, 'blue', ['*.apps.example.com']);
      cluster(app, 'green', ['shop.apps.example.com']);
    });
    expect(later).toMatchObject({ errors: [], warnings: [['HK-INGRESS-HOST-OVERLAP', 'green', 'addons.ingressNginx.hosts', 'shop.apps.example.com']] });
    expect(later.messages[0]).toBe('addons.ingressNginx.hosts: shop.apps.example.com (an ingress-nginx host of this cluster) is inside the wildcard *.apps.example.com of cluster blue (blue); '
      + 'an exact host is matched first, so shop.apps.example.com goes to this cluster only and the wildcard\'s cluster never gets it; remove one of them unless the wildcard is meant as a catch-all');
    const earlier = report((app) => {
      cluster(app, 'blue', ['shop.apps.example.com']);
      cluster(app, 'green', ['*.apps.example.com']);
    });
    expect(earlier.warnings).toEqual([['HK-INGRESS-HOST-OVERLAP', 'green', 'addons.ingressNginx.hosts', '*.apps.example.com']]);
    expect(earlier.messages[0]).toContain('shop.apps.example.com (an ingress-nginx host of cluster blue (blue)) is inside the wildcard *.apps.example.com of this cluster');
    // The API server's host is an exact host too.
    expect(report((app) => {
      cluster(app, 'blue', ['*.example.com']);
      cluster(app, 'green', [], { host: 'green.example.com' });
    }).warnings).toEqual([['HK-INGRESS-HOST-OVERLAP', 'green', 'host', 'green.example.com']]);
  });

  test('strict mode makes the warning an error', () => {
    const app = new App();
    app.node.setContext('hikube:strict', true);
    cluster(app, 'blue', ['*.apps.example.com']);
    cluster(app, 'green', ['shop.apps.example.com']);
    expect(() => app.synthYaml()).toThrow(/\[green\] addons\.ingressNginx\.hosts: shop\.apps\.example\.com .* is inside the wildcard .*\(a warning, an error in strict mode\)/);
  });
});
