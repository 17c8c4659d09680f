import { App, JsonPatch, Testing } from 'cdk8s';
import * as h from '../../src';
import { libraryCodes } from '../diagnostics/rule-example';
import { parseYamlStream } from '../support/schemas';
import { validateAppDocument } from '../support/tenant-schemas';

const docs = (app: App, kind: string) => parseYamlStream(app.synthYaml()).filter((d) => d.kind === kind);

describe('Tenant', () => {
  test('under the root tenant: namespace tenant-<name>, applied in tenant-root, valid on every line that has its fields', () => {
    const app = Testing.app();
    const acme = new h.Tenant(app, 'acme', { etcd: true, ingress: true, monitoring: false, seaweedfs: true, resourceQuotas: { 'cpu': '20', 'memory': '64Gi', 'services.loadbalancers': '3' } });
    expect([acme.tenantName, acme.tenantNamespace, acme.parentNamespace, acme.platformLine]).toEqual(['acme', 'tenant-acme', 'tenant-root', h.PlatformLine.DEFAULT]);
    const [doc] = docs(app, 'Tenant');
    expect(doc).toEqual({
      apiVersion: 'apps.cozystack.io/v1alpha1',
      kind: 'Tenant',
      metadata: { name: 'acme', namespace: 'tenant-root' },
      spec: { etcd: true, ingress: true, monitoring: false, seaweedfs: true, resourceQuotas: { 'cpu': '20', 'memory': '64Gi', 'services.loadbalancers': '3' } },
    });
    for (const line of h.PlatformLine.all()) expect(validateAppDocument(doc, 'Tenant', line.tenantSchemaFile)).toEqual([]);
  });

  test('the closed schemas refuse what a line lacks and a misspelt field', () => {
    const doc = { apiVersion: 'apps.cozystack.io/v1alpha1', kind: 'Tenant', metadata: { name: 'a', namespace: 'tenant-root' }, spec: { isolated: true } };
    expect(validateAppDocument(doc, 'Tenant', h.PlatformLine.V0_41.tenantSchemaFile)).toEqual([]);
    expect(validateAppDocument(doc, 'Tenant', h.PlatformLine.V1_3.tenantSchemaFile)).not.toEqual([]);
    expect(validateAppDocument({ ...doc, spec: { etdc: true } }, 'Tenant', h.PlatformLine.MAIN.tenantSchemaFile)).not.toEqual([]);
  });

  test('each line renders the fields it has, and they pass its schema', () => {
    const cases: Array<[h.PlatformLine, h.TenantProps]> = [
      [h.PlatformLine.V0_41, { isolated: false }],
      [h.PlatformLine.V1_3, { schedulingClass: 'gold' }],
      [h.PlatformLine.V1_5, { gateway: true, schedulingClass: 'gold' }],
      [h.PlatformLine.V1_6, { gateway: false }],
      [h.PlatformLine.MAIN, { computeplane: true, gateway: true }],
    ];
    for (const [line, props] of cases) {
      const app = Testing.app();
      new h.Tenant(app, 'acme', { platformLine: line, ...props });
      const [doc] = docs(app, 'Tenant');
      expect(doc.spec).toEqual(props);
      expect(validateAppDocument(doc, 'Tenant', line.tenantSchemaFile)).toEqual([]);
    }
  });

  test('nesting: a child lives in <parent namespace>-<name>, applied in the parent namespace, and inherits the services', () => {
    const app = Testing.app();
    const acme = new h.Tenant(app, 'acme', { platformLine: h.PlatformLine.V1_6, etcd: true, monitoring: true, schedulingClass: 'gold' });
    const dev = new h.Tenant(app, 'dev', { parent: acme, ingress: true });
    const team = new h.Tenant(app, 'team', { parent: dev, monitoring: true });
    expect([dev.tenantNamespace, dev.parentNamespace, team.tenantNamespace]).toEqual(['tenant-acme-dev', 'tenant-acme', 'tenant-acme-dev-team']);
    expect(dev.platformLine).toBe(h.PlatformLine.V1_6);
    expect(acme.childTenants).toEqual([dev]);
    expect([h.TenantService.ETCD, h.TenantService.INGRESS, h.TenantService.MONITORING, h.TenantService.SEAWEEDFS].map((s) => team.serviceNamespace(s)))
      .toEqual(['tenant-acme', 'tenant-acme-dev', 'tenant-acme-dev-team', undefined]);
    expect(team.effectiveSchedulingClass).toBe('gold');
    const outside = new h.Tenant(app, 'qa', { parentNamespace: 'tenant-acme', platformLine: h.PlatformLine.V1_6 });
    expect(outside.tenantNamespace).toBe('tenant-acme-qa');
    const tenants = docs(app, 'Tenant');
    expect(tenants.map((d) => `${d.metadata.namespace}/${d.metadata.name}`)).toEqual(['tenant-root/acme', 'tenant-acme/dev', 'tenant-acme-dev/team', 'tenant-acme/qa']);
  });

  test('a cluster takes the tenant object: its namespace and line', () => {
    const app = Testing.app();
    const acme = new h.Tenant(app, 'acme', { platformLine: h.PlatformLine.V1_6 });
    const prod = new h.HikubeCluster(app, 'prod', { tenant: acme });
    expect([prod.tenantNamespace, prod.platformLine]).toEqual(['tenant-acme', h.PlatformLine.V1_6]);
    const [k] = docs(app, 'Kubernetes');
    expect(k.metadata.namespace).toBe('tenant-acme');
  });

  test('refused: names with a dash, too long', () => {
    expect(libraryCodes((app) => new h.Tenant(app, 'tenant-u1'))).toEqual(['HK-TENANT-NAME']);
    expect(libraryCodes((app) => new h.Tenant(app, 'U1'))).toEqual(['HK-TENANT-NAME']);
    expect(libraryCodes((app) => new h.Tenant(app, 'x', { name: `a${'b'.repeat(46)}` }))).toEqual(['HK-TENANT-NAME']);
    expect(libraryCodes((app) => new h.Tenant(app, 'u1'))).toEqual([]);
  });

  test('refused: a field the line does not have', () => {
    expect(libraryCodes((app) => new h.Tenant(app, 'a', { isolated: true }))).toEqual(['HK-LINE-FIELD']);
    expect(libraryCodes((app) => new h.Tenant(app, 'a', { gateway: true, platformLine: h.PlatformLine.V1_3 }))).toEqual(['HK-LINE-FIELD']);
    expect(libraryCodes((app) => new h.Tenant(app, 'a', { computeplane: true, platformLine: h.PlatformLine.V1_6 }))).toEqual(['HK-LINE-FIELD']);
    expect(libraryCodes((app) => new h.Tenant(app, 'a', { schedulingClass: 'gold', platformLine: h.PlatformLine.V0_41 }))).toEqual(['HK-LINE-FIELD']);
    expect(libraryCodes((app) => new h.Tenant(app, 'a', { isolated: true, platformLine: h.PlatformLine.V0_41 }))).toEqual([]);
  });

  test('refused: the parent twice, a namespace that is no tenant\'s, another line than the parent', () => {
    expect(libraryCodes((app) => new h.Tenant(app, 'b', { parent: new h.Tenant(app, 'a'), parentNamespace: 'tenant-a' }))).toEqual(['HK-TENANT']);
    expect(libraryCodes((app) => new h.Tenant(app, 'b', { parentNamespace: 'default' }))).toEqual(['HK-TENANT']);
    expect(libraryCodes((app) => new h.Tenant(app, 'b', { parent: new h.Tenant(app, 'a'), platformLine: h.PlatformLine.V1_6 }))).toEqual(['HK-TENANT']);
    expect(libraryCodes((app) => new h.Tenant(app, 'b', { schedulingClass: 'Gold Class' }))).toEqual(['HK-TENANT']);
  });

  test('host: a DNS name; on v1.5+ only administrators may set it (a warning)', () => {
    expect(libraryCodes((app) => new h.Tenant(app, 'a', { host: 'Acme.Example' }))).toEqual(['HK-HOST']);
    expect(libraryCodes((app) => new h.Tenant(app, 'a', { host: 'acme.example.org' }))).toEqual([]);
    expect(libraryCodes((app) => new h.Tenant(app, 'a', { host: 'acme.example.org', platformLine: h.PlatformLine.V1_6 }))).toEqual(['HK-TENANT-HOST']);
  });

  test('quotas: names and quantities; a child within what its parent declares, siblings counted', () => {
    expect(libraryCodes((app) => new h.Tenant(app, 'a', { resourceQuotas: { cpu: 'lots' } }))).toEqual(['HK-TENANT']);
    expect(libraryCodes((app) => new h.Tenant(app, 'a', { resourceQuotas: { 'bad name!': '1' } }))).toEqual(['HK-TENANT']);
    const family = (dev: string, qa: string) => (app: App) => {
      const acme = new h.Tenant(app, 'acme', { platformLine: h.PlatformLine.V1_6, resourceQuotas: { cpu: '10', memory: '32Gi' } });
      new h.Tenant(app, 'dev', { parent: acme, resourceQuotas: { cpu: dev, memory: '16Gi' } });
      new h.Tenant(app, 'qa', { parent: acme, resourceQuotas: { cpu: qa, pods: '100' } });
    };
    expect(libraryCodes(family('6', '4'))).toEqual([]);
    expect(libraryCodes(family('6', '4500m'))).toEqual(['HK-TENANT-QUOTA', 'HK-TENANT-QUOTA']);
    expect(libraryCodes((app) => {
      const acme = new h.Tenant(app, 'acme', { resourceQuotas: { memory: '8Gi' } });
      new h.Tenant(app, 'dev', { parent: acme, resourceQuotas: { memory: '16Gi' } });
    })).toEqual(['HK-TENANT-QUOTA']);
    // A parent without quotas does not constrain its children.
    expect(libraryCodes((app) => new h.Tenant(app, 'dev', { parent: new h.Tenant(app, 'acme'), resourceQuotas: { memory: '16Gi' } }))).toEqual([]);
  });

  test('the parent\'s scheduling class wins: a warning on the child that sets another', () => {
    expect(libraryCodes((app) => new h.Tenant(app, 'dev', { parent: new h.Tenant(app, 'acme', { schedulingClass: 'gold' }), schedulingClass: 'silver' }))).toEqual(['HK-TENANT-INHERITED']);
    expect(libraryCodes((app) => new h.Tenant(app, 'dev', { parent: new h.Tenant(app, 'acme', { schedulingClass: 'gold' }), schedulingClass: 'gold' }))).toEqual([]);
  });

  test('a cluster names its tenant once, on the tenant\'s line', () => {
    expect(libraryCodes((app) => new h.HikubeCluster(app, 'prod', { tenant: new h.Tenant(app, 'acme'), tenantNamespace: 'tenant-acme' }))).toEqual(['HK-CLUSTER-TENANT']);
    expect(libraryCodes((app) => new h.HikubeCluster(app, 'prod', { tenant: new h.Tenant(app, 'acme'), platformLine: h.PlatformLine.V1_6, nodeGroups: { md0: h.NodeGroupSpec.of() } }))).toEqual(['HK-CLUSTER-TENANT']);
    expect(libraryCodes((app) => new h.HikubeCluster(app, 'prod', { tenantNamespace: 'tenant-acme' }))).toEqual([]);
  });

  test('the final document, JSON patches included, is checked against the line\'s tenant schema', () => {
    const patched = (line: h.PlatformLine, ...patches: JsonPatch[]) => (app: App) => new h.Tenant(app, 'acme', { platformLine: line, etcd: true }).resource.addJsonPatch(...patches);
    expect(libraryCodes(patched(h.PlatformLine.V1_6, JsonPatch.add('/spec/monitoring', 'yes')))).toEqual(['HK-SCHEMA']);
    expect(libraryCodes(patched(h.PlatformLine.V1_6, JsonPatch.add('/spec/monitorng', true)))).toEqual(['HK-UNKNOWN-FIELD']);
    expect(libraryCodes(patched(h.PlatformLine.V1_6, JsonPatch.add('/spec/isolated', true)))).toEqual(['HK-LINE-FIELD']);
    expect(libraryCodes(patched(h.PlatformLine.V0_41, JsonPatch.add('/spec/isolated', true)))).toEqual([]);
    // The typed field of another line is reported once, by the tenant's own check.
    const app = Testing.app();
    new h.Tenant(app, 'a', { isolated: true });
    expect(() => app.synthYaml()).toThrow(/^Validation failed with the following errors:\n {2}HK-LINE-FIELD \[a\] isolated: a tenant has no isolated on platform line v1\.3; lines v0\.41 have it$/);
  });

  test('props are checked as given', () => {
    expect(libraryCodes((app) => new h.Tenant(app, 'a', { etdc: true } as any))).toEqual(['HK-UNKNOWN-KEY']);
    expect(libraryCodes((app) => new h.Tenant(app, 'a', { resourceQuotas: { cpu: 4 } } as any))).toEqual(['HK-TYPE']);
  });
});
