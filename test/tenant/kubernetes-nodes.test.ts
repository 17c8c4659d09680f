import { ApiObject, App, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import * as h from '../../src';
import { libraryCodes } from '../diagnostics/rule-example';
import { find, PLATFORM } from '../support/cluster-api';
import { parseYamlStream } from '../support/schemas';
import { validateAppDocument } from '../support/tenant-schemas';

const docs = (app: App) => parseYamlStream(app.synthYaml());
const pools = (app: App) => docs(app).filter((d) => d.kind === 'KubernetesNodes');

function cluster(app: App, props: Partial<h.HikubeClusterProps> = {}): h.HikubeCluster {
  return new h.HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-acme',
    platformLine: h.PlatformLine.MAIN,
    nodeGroups: { workers: h.NodeGroupSpec.of({ minReplicas: 1 }) },
    ...props,
  });
}

describe('KubernetesNodes', () => {
  test('a pool of the cluster: named <cluster>-<pool> in its namespace, with its version, valid against the schema', () => {
    const app = Testing.app();
    const prod = cluster(app, { talos: { version: 'v1.13.6' }, addons: [new h.GpuOperator()] });
    const gpu = new h.KubernetesNodes(app, 'gpu', {
      cluster: prod, minReplicas: 1, maxReplicas: 2, instanceType: h.InstanceType.U1_XLARGE, gpus: [h.Gpu.NVIDIA_L40S], roles: [h.NodeRole.of('gpu')],
    });
    expect([gpu.poolName, gpu.resourceName, gpu.storageClass]).toEqual(['gpu', 'prod-gpu', 'replicated']);
    const [doc] = pools(app);
    expect(doc).toEqual({
      apiVersion: 'apps.cozystack.io/v1alpha1',
      kind: 'KubernetesNodes',
      metadata: { name: 'prod-gpu', namespace: 'tenant-acme' },
      spec: {
        cluster: 'prod',
        minReplicas: 1,
        maxReplicas: 2,
        instanceType: 'u1.xlarge',
        diskSize: '20Gi',
        roles: ['gpu'],
        gpus: [{ name: h.Gpu.NVIDIA_L40S.deviceName }],
        version: prod.version.toString(),
        talos: { version: 'v1.13.6' },
      },
    });
    expect(validateAppDocument(doc, 'KubernetesNodes', h.PlatformLine.MAIN.kubernetesNodesSchemaFile!)).toEqual([]);
    // The GPU operator of the cluster serves the pool's GPUs: not an unused add-on.
    expect(prod.warnings).toEqual([]);
  });

  test('the closed schema refuses a misspelt field and a field of main on v1.6', () => {
    const doc = { apiVersion: 'apps.cozystack.io/v1alpha1', kind: 'KubernetesNodes', metadata: { name: 'p-a', namespace: 'tenant-a' }, spec: { cluster: 'p', minReplica: 1 } };
    expect(validateAppDocument(doc, 'KubernetesNodes', 'values.schema.json')).not.toEqual([]);
    const mainOnly = { ...doc, spec: { cluster: 'p', logSerialConsole: true } };
    expect(validateAppDocument(mainOnly, 'KubernetesNodes', 'values.schema.json')).toEqual([]);
    expect(validateAppDocument(mainOnly, 'KubernetesNodes', 'values.schema.v1.6.2.json')).not.toEqual([]);
  });

  test('the final document, JSON patches included, is checked against the line\'s pool schema', () => {
    const withPatch = (...patches: JsonPatch[]) => (app: App) => new h.KubernetesNodes(app, 'gpu', { cluster: cluster(app) }).resource.addJsonPatch(...patches);
    expect(libraryCodes(withPatch(JsonPatch.add('/spec/maxReplica', 3)))).toEqual(['HK-UNKNOWN-FIELD']);
    expect(libraryCodes(withPatch(JsonPatch.add('/spec/maxReplicas', 'three')))).toEqual(['HK-SCHEMA']);
    expect(libraryCodes(withPatch(JsonPatch.add('/spec/maxReplicas', 3)))).toEqual([]);
    // v1.6's pools have no pod CPU settings; main's have.
    const v16 = (app: App) => new h.KubernetesNodes(app, 'gpu', { cluster: cluster(app, { platformLine: h.PlatformLine.V1_6 }), platformServes: true })
      .resource.addJsonPatch(JsonPatch.add('/spec/podCpuLimit', '4'));
    expect(libraryCodes(v16)).toEqual(['HK-LINE-FIELD']);
    // A typed field of another line is reported once, by the group's own check.
    expect(libraryCodes((app) => new h.KubernetesNodes(app, 'gpu', { cluster: cluster(app, { platformLine: h.PlatformLine.V1_6 }), platformServes: true, logSerialConsole: true })))
      .toEqual(['HK-LINE-FIELD']);
  });

  test('served by default on main only: v1.6 needs the platform to declare it, older lines have none', () => {
    const pool = (line: h.PlatformLine, served?: boolean) => (app: App) => new h.KubernetesNodes(app, 'gpu', {
      cluster: cluster(app, { platformLine: line }), platformServes: served,
    });
    expect(libraryCodes(pool(h.PlatformLine.MAIN))).toEqual([]);
    expect(libraryCodes(pool(h.PlatformLine.V1_6))).toEqual(['HK-NODES-SERVED']);
    expect(libraryCodes(pool(h.PlatformLine.V1_6, true))).toEqual([]);
    expect(libraryCodes(pool(h.PlatformLine.V1_5, true))).toEqual(['HK-NODES-SERVED']);
    expect(libraryCodes(pool(h.PlatformLine.MAIN, false))).toEqual(['HK-NODES-SERVED']);
    // The platform context of the cluster's rendering declares it too.
    expect(libraryCodes((app) => {
      const prod = cluster(app, { platformLine: h.PlatformLine.V1_6 });
      new h.KubernetesNodes(app, 'gpu', { cluster: prod });
      new h.ClusterApiRendering(app, 'capi', { cluster: prod, platform: { ...PLATFORM, servesKubernetesNodes: true } });
    })).toEqual([]);
    const app = Testing.app();
    const prod = cluster(app, { platformLine: h.PlatformLine.V1_6 });
    new h.KubernetesNodes(app, 'gpu', { cluster: prod, platformServes: true });
    expect(validateAppDocument(pools(app)[0], 'KubernetesNodes', h.PlatformLine.V1_6.kubernetesNodesSchemaFile!)).toEqual([]);
  });

  test('refused: a pool named like a group the cluster renders, the implicit md0 included, or like another pool', () => {
    expect(libraryCodes((app) => new h.KubernetesNodes(app, 'workers', { cluster: cluster(app) }))).toEqual(['HK-NODES-POOL']);
    expect(libraryCodes((app) => new h.KubernetesNodes(app, 'md0', { cluster: cluster(app, { nodeGroups: {} }) }))).toEqual(['HK-NODES-POOL']);
    expect(libraryCodes((app) => new h.KubernetesNodes(app, 'md0', { cluster: cluster(app) }))).toEqual([]);
    expect(libraryCodes((app) => {
      const prod = cluster(app);
      new h.KubernetesNodes(app, 'a', { cluster: prod, pool: 'gpu' });
      new h.KubernetesNodes(app, 'b', { cluster: prod, pool: 'gpu' });
    })).toContain('HK-NODES-POOL');
  });

  test('refused: pool names that are no DNS label or make the resource name too long', () => {
    expect(libraryCodes((app) => new h.KubernetesNodes(app, 'GPU', { cluster: cluster(app) }))).toEqual(['HK-NODES-NAME']);
    expect(libraryCodes((app) => new h.KubernetesNodes(app, 'x', { cluster: cluster(app), pool: 'g'.repeat(32) }))).toEqual(['HK-NODES-NAME']);
    expect(libraryCodes((app) => new h.KubernetesNodes(app, 'x', { cluster: cluster(app), pool: 'g'.repeat(31) }))).toEqual([]);
  });

  test('refused: another version or Talos image than the cluster\'s, and zones', () => {
    const pool = (props: Partial<h.KubernetesNodesProps>) => (app: App) => new h.KubernetesNodes(app, 'gpu', { cluster: cluster(app, { version: h.KubernetesVersion.V1_34 }), ...props });
    expect(libraryCodes(pool({ version: h.KubernetesVersion.V1_33 }))).toEqual(['HK-NODES-BINDING']);
    expect(libraryCodes(pool({ version: h.KubernetesVersion.V1_34 }))).toEqual([]);
    expect(libraryCodes(pool({ talos: { version: 'v1.13.5' } }))).toEqual(['HK-NODES-BINDING']);
    expect(libraryCodes(pool({ talos: { version: 'v1.13.6' } }))).toEqual([]);
    expect(libraryCodes(pool({ talos: { registryMirrors: { 'ghcr.io': { endpoints: ['https://mirror'] } } } }))).toEqual(['HK-NODES-BINDING']);
    expect(libraryCodes(pool({ zones: [h.Zone.GENEVA] }))).toEqual(['HK-NODES-BINDING']);
  });

  test('the group\'s own checks apply, named by the pool\'s fields', () => {
    const app = Testing.app();
    new h.KubernetesNodes(app, 'gpu', { cluster: cluster(app), minReplicas: 3, maxReplicas: 1 });
    expect(() => app.synthYaml()).toThrow('[gpu] minReplicas: 3 is not valid; must not exceed maxReplicas (1)');
    expect(libraryCodes((a) => new h.KubernetesNodes(a, 'gpu', { cluster: cluster(a, { addons: [] }), gpus: [h.Gpu.NVIDIA_L40S], instanceType: h.InstanceType.U1_XLARGE })))
      .toEqual(['HK-GPU-OPERATOR']);
  });

  test('its own storage class default: replicated, not the cluster\'s (a warning when they differ)', () => {
    expect(libraryCodes((app) => new h.KubernetesNodes(app, 'gpu', { cluster: cluster(app, { storageClass: 'local' }) }))).toEqual(['HK-NODES-STORAGE-CLASS']);
    expect(libraryCodes((app) => new h.KubernetesNodes(app, 'gpu', { cluster: cluster(app, { storageClass: 'local' }), storageClass: 'local' }))).toEqual([]);
  });

  test('the Cluster API rendering includes the pool\'s objects, with the pool\'s defaults', () => {
    const app = Testing.app();
    const prod = cluster(app, { storageClass: 'local', nodeHealthCheck: { nodeStartupTimeout: Duration.minutes(45) } });
    new h.KubernetesNodes(app, 'gpu', { cluster: prod, diskSize: Size.gibibytes(50), minReplicas: 1 });
    new h.ClusterApiRendering(app, 'capi', { cluster: prod, platform: PLATFORM });
    const out = docs(app);
    const md = find(out, 'MachineDeployment', 'kubernetes-prod-gpu');
    expect(md.spec.template.spec.clusterName).toBe('kubernetes-prod');
    const kmt = find(out, 'KubevirtMachineTemplate', md.spec.template.spec.infrastructureRef.name);
    const dv = kmt.spec.template.spec.virtualMachineTemplate.spec.dataVolumeTemplates[0];
    expect([dv.spec.storage.storageClassName, dv.spec.storage.resources.requests.storage]).toEqual(['replicated', '50Gi']);
    expect(find(out, 'MachineHealthCheck', 'kubernetes-prod-gpu').spec.nodeStartupTimeout).toBe('20m');
    expect(find(out, 'MachineHealthCheck', 'kubernetes-prod-workers').spec.nodeStartupTimeout).toBe('45m');
  });

  test('a pool built after the rendering gets its objects when it is made, as one built before does', () => {
    const before = Testing.app();
    const early = cluster(before);
    new h.KubernetesNodes(before, 'gpu', { cluster: early, minReplicas: 1 });
    new h.ClusterApiRendering(before, 'capi', { cluster: early, platform: PLATFORM });

    const after = Testing.app();
    const late = cluster(after);
    const capi = new h.ClusterApiRendering(after, 'capi', { cluster: late, platform: PLATFORM });
    new h.KubernetesNodes(after, 'gpu', { cluster: late, minReplicas: 1 });
    expect(capi.node.findAll().some((c) => c instanceof ApiObject && c.kind === 'MachineDeployment' && c.name === 'kubernetes-prod-gpu')).toBe(true);
    // The charts come out in the order they were made; the objects are the same.
    const sorted = (app: App) => docs(app).map((d) => JSON.stringify(d)).sort();
    expect(sorted(after)).toEqual(sorted(before));
  });
});
