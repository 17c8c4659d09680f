import { JsonPatch, Size, Testing } from 'cdk8s';
import * as h from '../../src';
import { productionCluster, synthDocs } from '../support/fixtures';
import { validateTenantDocument } from '../support/schemas';

describe.each(h.PlatformLine.all().map((l) => [l.name, l] as const))('platform line %s', (_name, line) => {
  test('a production cluster synthesizes one Kubernetes document that the line schema accepts', () => {
    const app = Testing.app();
    productionCluster(app, line);
    const docs = synthDocs(app);
    expect(docs).toHaveLength(1);
    expect(validateTenantDocument(docs[0], line)).toEqual([]);
    expect(docs[0]).toMatchSnapshot();
  });

  test('worker disk uses the field of the line, and resources appear only where required or set', () => {
    const app = Testing.app();
    const cluster = new h.HikubeCluster(app, 'disk', {
      tenantNamespace: 'tenant-a',
      platformLine: line,
      nodeGroups: { md0: h.NodeGroupSpec.of({ diskSize: Size.gibibytes(40), roles: [h.NodeRole.INGRESS_NGINX] }) },
    });
    const [doc] = synthDocs(app);
    const group = doc.spec.nodeGroups.md0;
    expect(group[line.workerDiskField]).toBe('40Gi');
    expect(Object.keys(group).filter((k) => k === 'ephemeralStorage' || k === 'diskSize')).toEqual([line.workerDiskField]);
    if (line.groupResourcesRequired) expect(group.resources).toEqual({});
    else expect(group.resources).toBeUndefined();
    expect(validateTenantDocument(doc, line)).toEqual([]);
    expect(cluster.warnings).toEqual([]);
  });

  test('a minimal cluster emits only metadata and an empty spec, valid after platform defaulting', () => {
    const app = Testing.app();
    new h.HikubeCluster(app, 'mini', { tenantNamespace: 'tenant-a', platformLine: line });
    const [doc] = synthDocs(app);
    expect(doc).toEqual({
      apiVersion: 'apps.cozystack.io/v1alpha1',
      kind: 'Kubernetes',
      metadata: { name: 'mini', namespace: 'tenant-a' },
      spec: {},
    });
    expect(validateTenantDocument(doc, line)).toEqual([]);
  });

  test('every supported version is accepted and written as v1.<minor>', () => {
    for (const version of line.supportedVersions) {
      const app = Testing.app();
      new h.HikubeCluster(app, 'v', { tenantNamespace: 'tenant-a', platformLine: line, version });
      const [doc] = synthDocs(app);
      expect(doc.spec.version).toBe(`v1.${version.minor}`);
      expect(validateTenantDocument(doc, line)).toEqual([]);
    }
  });
});

test('the default line is v1.3, what Hikube documents today', () => {
  expect(h.PlatformLine.DEFAULT).toBe(h.PlatformLine.V1_3);
  expect(h.PlatformLine.DEFAULT.workerDiskField).toBe('ephemeralStorage');
  expect(h.PlatformLine.DEFAULT.defaultVersion.toString()).toBe('v1.35');
});

test('exact values of the production cluster on v1.3', () => {
  const app = Testing.app();
  productionCluster(app, h.PlatformLine.V1_3);
  const [doc] = synthDocs(app);
  expect(doc.metadata).toEqual({ name: 'prod', namespace: 'tenant-acme' });
  expect(doc.spec.version).toBe('v1.33');
  expect(doc.spec.host).toBe('prod.acme.example.com');
  expect(doc.spec.controlPlane).toEqual({
    replicas: 3,
    apiServer: { resourcesPreset: 'xlarge' },
    controllerManager: { resources: { cpu: '500m', memory: '512Mi' } },
  });
  expect(doc.spec.nodeGroups.web).toEqual({
    minReplicas: 3, maxReplicas: 9, instanceType: 's1.large', ephemeralStorage: '20Gi', roles: ['ingress-nginx'], resources: {},
  });
  expect(doc.spec.nodeGroups.gpu).toEqual({
    minReplicas: 0,
    maxReplicas: 2,
    instanceType: 'u1.medium',
    ephemeralStorage: '20Gi',
    gpus: [{ name: 'nvidia.com/AD102GL_L40S' }],
    resources: { cpu: '16', memory: '64Gi' },
  });
  expect(doc.spec.addons.ingressNginx).toEqual({ enabled: true, hosts: ['shop.example.com', '*.apps.example.com'] });
  expect(doc.spec.addons.fluxcd).toEqual({
    enabled: true,
    valuesOverride: {
      'flux-instance': {
        instance: {
          sync: {
            kind: 'GitRepository',
            url: 'https://git.example.com/acme/fleet.git',
            ref: 'refs/heads/main',
            path: './clusters/prod',
            interval: '1m',
            pullSecret: 'fleet-git',
          },
        },
      },
    },
  });
  expect(doc.spec.addons.gatewayAPI).toEqual({ enabled: true });
  expect(doc.spec.addons.cilium).toEqual({ valuesOverride: { cilium: { hubble: { enabled: true } } } });
});

test('exact values of v1.6+ fields on main', () => {
  const app = Testing.app();
  productionCluster(app, h.PlatformLine.MAIN);
  const [doc] = synthDocs(app);
  expect(doc.spec.controlPlane.apiServer).toEqual({
    resourcesPreset: 'xlarge',
    extraArgs: ['--audit-log-maxage=30'],
    extraVolumes: [{ name: 'audit-policy', configMap: { name: 'audit-policy' } }],
    extraVolumeMounts: [{ name: 'audit-policy', mountPath: '/etc/kubernetes/audit', readOnly: true }],
  });
  expect(doc.spec.controlPlane.scheduler).toEqual({ resourcesPreset: 'c1.small' });
  expect(doc.spec.nodeGroups.compute.kubelet).toEqual({ systemReservedMemory: '512Mi', evictionHardMemory: '5%' });
  expect(doc.spec.nodeGroups.web).toMatchObject({ storageClass: 'local', maxUnhealthy: '1', diskSize: '20Gi' });
  expect(doc.spec.nodeGroups.gpu).toMatchObject({ podCpuRequest: '8', podCpuLimit: '16', logSerialConsole: true });
  expect(doc.spec.talos).toEqual({ version: 'v1.13.6', registryMirrors: { 'ghcr.io': { endpoints: ['https://mirror.example.com'] } } });
  expect(doc.spec.nodeHealthCheck).toEqual({ maxUnhealthy: '40%' });
  expect(doc.spec.oidc).toEqual({ mode: 'System', users: [{ email: 'ops@example.com', role: 'admin' }] });
  expect(doc.spec.maxNodeProvisionTime).toBe('20m');
  expect(doc.spec.addons.fluxcd).toBeUndefined();
  expect(doc.spec.addons.hami).toEqual({ enabled: true });
});

test('same code, same bytes', () => {
  const render = () => {
    const app = Testing.app();
    productionCluster(app, h.PlatformLine.V1_6);
    return app.synthYaml();
  };
  expect(render()).toBe(render());
});

test('node groups and add-ons added after construction are rendered', () => {
  const app = Testing.app();
  const cluster = new h.HikubeCluster(app, 'late', { tenantNamespace: 'tenant-a' });
  cluster.addNodeGroup('edge', { roles: [h.NodeRole.INGRESS_NGINX], minReplicas: 1 });
  cluster.addAddon(new h.IngressNginx({ exposeMethod: h.ExposeMethod.LOAD_BALANCER }));
  const [doc] = synthDocs(app);
  expect(doc.spec.nodeGroups.edge.minReplicas).toBe(1);
  expect(doc.spec.addons.ingressNginx).toEqual({ enabled: true, exposeMethod: 'LoadBalancer' });
  expect(cluster.hasAddon(h.IngressNginx.KEY)).toBe(true);
  expect(cluster.findAddon(h.CertManager.KEY)).toBeUndefined();
});

test('the schema check itself rejects unknown fields and missing required ones', () => {
  const line = h.PlatformLine.V1_3;
  const base = { apiVersion: 'apps.cozystack.io/v1alpha1', kind: 'Kubernetes', metadata: { name: 'a', namespace: 'b' } };
  expect(validateTenantDocument({ ...base, spec: { nodeGroup: {} } }, line)).not.toEqual([]);
  expect(validateTenantDocument({ ...base, spec: { nodeGroups: { a: { minReplicas: 0, maxReplicas: 1, instanceType: 'u1.medium', ephemeralStorage: '1Gi' } } } }, line))
    .toEqual([expect.stringContaining("must have required property 'resources'")]);
  expect(validateTenantDocument({ ...base, spec: { version: 'v1.30.0' } }, line)).not.toEqual([]);
});

test('escape hatch: JSON patches reach the document, reserved keys are refused', () => {
  const app = Testing.app();
  const cluster = new h.HikubeCluster(app, 'patched', { tenantNamespace: 'tenant-a', platformLine: h.PlatformLine.V1_5 });
  cluster.resource.addJsonPatch(JsonPatch.add('/spec/images', { waitForKubeconfig: 'registry.example.com/busybox:1' }));
  const [doc] = synthDocs(app);
  expect(doc.spec.images).toEqual({ waitForKubeconfig: 'registry.example.com/busybox:1' });
  expect(validateTenantDocument(doc, h.PlatformLine.V1_5)).toEqual([]);

  const app2 = Testing.app();
  const bad = new h.HikubeCluster(app2, 'patched', { tenantNamespace: 'tenant-a' });
  bad.resource.addJsonPatch(JsonPatch.add('/spec/_cluster', { x: 1 }));
  expect(() => app2.synthYaml()).toThrow('[patched/Resource] spec._cluster: keys starting with "_" are reserved');

  const app3 = Testing.app();
  const renamed = new h.HikubeCluster(app3, 'patched', { tenantNamespace: 'tenant-a', platformLine: h.PlatformLine.V1_6, nodeGroups: { w: h.NodeGroupSpec.of() } });
  renamed.resource.addJsonPatch(JsonPatch.add('/spec/nodeGroups/w/ephemeralStorage', '30Gi'));
  expect(() => app3.synthYaml()).toThrow('[patched/Resource] spec.nodeGroups.w.ephemeralStorage: platform line v1.6 names the worker disk diskSize; the platform refuses ephemeralStorage');
});
