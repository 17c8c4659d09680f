import { App, JsonPatch, Size } from 'cdk8s';
import * as h from '../../src';
import { ValidationProblem } from '../../src/errors';
import { parseQuantity } from '../../src/model/quantity';
import { warningProblems } from '../../src/model/validation';
import { imageTag } from '../../src/tenant/spec-values';
import { synthProblems } from '../support/errors';
import { parseYamlStream, validateTenantDocument } from '../support/schemas';


interface Report {
  readonly errors: Array<[string, string, string, unknown]>;
  readonly warnings: Array<[string, string, string, unknown]>;
  readonly messages: string[];
}

/** What synth reports, as `[rule, path, field, value]` rows; HK-DEFAULT-GROUP and HK-INSTANCE-TYPE left out. */
function report(build: (app: App) => void): Report {
  const app = new App();
  build(app);
  const problems = synthProblems(app);
  const row = (p: ValidationProblem): [string, string, string, unknown] => [p.rule, p.path, p.field, p.value];
  const warnings = warningProblems(app).filter((w) => !['HK-DEFAULT-GROUP', 'HK-INSTANCE-TYPE'].includes(w.rule));
  return { errors: problems.map(row), warnings: warnings.map(row), messages: [...problems, ...warnings].map((p) => p.message) };
}

const GROUPS = { md0: h.NodeGroupSpec.of({ roles: [h.NodeRole.INGRESS_NGINX] }) };

function cluster(app: App, props: Partial<h.HikubeClusterProps> = {}): h.HikubeCluster {
  return new h.HikubeCluster(app, 'prod', { tenantNamespace: 'tenant-acme', platformLine: h.PlatformLine.MAIN, version: h.KubernetesVersion.V1_33, nodeGroups: GROUPS, ...props });
}

function patched(...patches: JsonPatch[]): Report {
  return report((app) => cluster(app).resource.addJsonPatch(...patches));
}

describe('quantities that reach the tenant document through a JSON patch', () => {
  test.each([
    ['a negative disk', '/spec/nodeGroups/md0/diskSize', '-1Gi', 'HK-DISK', '"-1Gi" is not valid; it is negative; expected a worker disk of at least 1Mi, such as 20Gi (a worker without a disk does not boot)'],
    ['a zero disk', '/spec/nodeGroups/md0/diskSize', '0', 'HK-DISK', '"0" is not valid; expected a worker disk of at least 1Mi, such as 20Gi (a worker without a disk does not boot)'],
    ['a disk of 10 bytes, as a number', '/spec/nodeGroups/md0/diskSize', 10, 'HK-DISK', '10 is not valid; expected a worker disk of at least 1Mi, such as 20Gi (a worker without a disk does not boot)'],
    ['a negative pod CPU limit', '/spec/nodeGroups/md0/podCpuLimit', '-500m', 'HK-NODE-GROUP', '"-500m" is not valid; it is negative; expected a CPU amount of 0 or more, such as 2 or 500m'],
    ['a kubelet reservation that is no quantity', '/spec/nodeGroups/md0/kubelet', { systemReservedMemory: '1 GB' }, 'HK-KUBELET', '"1 GB" is not valid; it is not a Kubernetes quantity; expected a memory size of 0 or more, such as 512Mi'],
    ['an eviction threshold over 100%', '/spec/nodeGroups/md0/kubelet', { evictionHardMemory: '150%' }, 'HK-KUBELET', '"150%" is not valid; expected a percentage from 0% to 100% or a memory size of 0 or more, such as 5% or 500Mi'],
    ['a negative eviction threshold', '/spec/nodeGroups/md0/kubelet', { evictionSoftMemory: '-5%' }, 'HK-KUBELET', '"-5%" is not valid; expected a percentage from 0% to 100% or a memory size of 0 or more, such as 5% or 500Mi'],
  ])('%s is refused with the rule of the typed prop', (_what, path, value, rule, detail) => {
    const r = patched(JsonPatch.add(path, value));
    const field = typeof value === 'object' ? `spec.${path.slice(6).replace(/\//g, '.')}.${Object.keys(value)[0]}` : `spec.${path.slice(6).replace(/\//g, '.')}`;
    expect(r.errors).toEqual([[rule, 'prod/Resource', field, Object.values(typeof value === 'object' ? value : { value })[0]]]);
    expect(r.messages).toEqual([`${field}: ${detail}`]);
  });

  test('group resources: a whole positive CPU count and memory a worker boots with; a control plane sized above zero', () => {
    const r = patched(JsonPatch.add('/spec/nodeGroups/md0/resources', { cpu: '1500m', memory: '256Mi' }),
      JsonPatch.add('/spec/controlPlane', { scheduler: { resources: { cpu: 0, memory: '-1Gi' } }, konnectivity: { server: { resources: { cpu: '100m', memory: '128Mi' } } } }));
    expect(r.errors).toEqual([
      ['HK-RESOURCES', 'prod/Resource', 'spec.nodeGroups.md0.resources.cpu', '1500m'],
      ['HK-RESOURCES', 'prod/Resource', 'spec.nodeGroups.md0.resources.memory', '256Mi'],
      ['HK-CONTROL-PLANE', 'prod/Resource', 'spec.controlPlane.scheduler.resources.cpu', 0],
      ['HK-CONTROL-PLANE', 'prod/Resource', 'spec.controlPlane.scheduler.resources.memory', '-1Gi'],
    ]);
  });

  test('valid neighbours pass: sizes that boot, zero pod CPU, reservations and thresholds in range, numbers for quantities', () => {
    const r = patched(JsonPatch.add('/spec/nodeGroups/md0/resources', { cpu: 2, memory: '4Gi' }), JsonPatch.replace('/spec/nodeGroups/md0/diskSize', 53687091200),
      JsonPatch.add('/spec/nodeGroups/md0/kubelet', { systemReservedMemory: '512M', kubeReservedCpu: '0', evictionHardMemory: '5%', evictionSoftMemory: '500Mi' }),
      JsonPatch.add('/spec/controlPlane', { apiServer: { resources: { cpu: '500m', memory: '1e9' } } }));
    expect(r).toEqual({ errors: [], warnings: [], messages: [] });
  });

  test('a value the schema refuses is reported once, by the schema', () => {
    const r = patched(JsonPatch.replace('/spec/nodeGroups/md0/diskSize', 'twenty gigs'));
    expect(r.errors.map((e) => [e[0], e[2]])).toEqual([['HK-SCHEMA', 'spec.nodeGroups.md0.diskSize']]);
  });

  test('a typed value is reported once, by the typed check, not again from the document', () => {
    const r = report((app) => cluster(app, { nodeGroups: { md0: h.NodeGroupSpec.of({ roles: [h.NodeRole.INGRESS_NGINX], diskSize: Size.kibibytes(0) }) } }));
    expect(r.errors).toEqual([['HK-DISK', 'prod', 'nodeGroups.md0.diskSize', '0Ki']]);
    // A patch that leaves a typed value as it is does not make the document check it.
    const same = report((app) => {
      const c = cluster(app, { nodeGroups: { md0: h.NodeGroupSpec.of({ roles: [h.NodeRole.INGRESS_NGINX], diskSize: Size.kibibytes(0) }) } });
      c.resource.addJsonPatch(JsonPatch.add('/metadata/labels', { team: 'shop' }));
    });
    expect(same.errors).toEqual([['HK-DISK', 'prod', 'nodeGroups.md0.diskSize', '0Ki']]);
  });

  test('a node pool and a tenant are checked the same way', () => {
    const pool = report((app) => {
      const prod = cluster(app);
      new h.KubernetesNodes(app, 'gpu', { cluster: prod }).resource.addJsonPatch(JsonPatch.replace('/spec/diskSize', '-20Gi'), JsonPatch.add('/spec/images', { kubectl: 'kubectl:1.30' }));
    });
    expect(pool.errors).toEqual([['HK-DISK', 'gpu', 'spec.diskSize', '-20Gi']]);
    expect(pool.warnings).toEqual([['HK-IMAGE-SKEW', 'gpu', 'spec.images.kubectl', 'kubectl:1.30']]);
    const tenant = report((app) => new h.Tenant(app, 'acme', { resourceQuotas: { cpu: '8' } }).resource.addJsonPatch(JsonPatch.add('/spec/resourceQuotas/memory', '-16Gi')));
    expect(tenant.errors).toEqual([['HK-TENANT', 'acme', 'resourceQuotas.memory', '-16Gi']]);
  });
});

describe('image overrides', () => {
  test.each([
    ['kubectl', 'u', true], ['registry.example.com/tools/kubectl:1.33', 'u', true], ['localhost:5000/kubectl', 'u', true],
    [`ghcr.io/acme/kubectl@sha256:${'a'.repeat(64)}`, 'u', true], [`ghcr.io/acme/kubectl:v1.33.2@sha256:${'0'.repeat(64)}`, 'u', true],
    ['[::1]:5000/kubectl:1.33', 'u', true], ['reg.example.com/a__b/c-d/e.f:latest', 'u', true],
    ['kubectl 1.33', 'u', false], ['Registry.example.com/Kubectl:1.33', 'u', false], ['kubectl:1.33:latest', 'u', false], ['kubectl:', 'u', false],
    ['kubectl@sha256:abc', 'u', false], ['/kubectl', 'u', false], ['kubectl:-x', 'u', false], [`${'a'.repeat(256)}:1`, 'u', false],
  ])('%s is %s a reference', (reference, _u, valid) => {
    expect(imageTag(reference) !== null).toBe(valid);
  });

  test('the typed prop renders under spec.images, and every line that has the fields takes it', () => {
    for (const line of [h.PlatformLine.V1_6, h.PlatformLine.MAIN]) {
      const app = new App();
      cluster(app, { platformLine: line, images: { kubectl: 'registry.example.com/kubectl:1.33', talosCsrSigner: 'registry.example.com/talos-csr-signer:v0.3', waitForKubeconfig: '' } });
      const [doc] = parseYamlStream(app.synthYaml());
      expect(doc.spec.images).toEqual({ kubectl: 'registry.example.com/kubectl:1.33', talosCsrSigner: 'registry.example.com/talos-csr-signer:v0.3', waitForKubeconfig: '' });
      expect(validateTenantDocument(doc, line)).toEqual([]);
    }
    const v15 = new App();
    cluster(v15, { platformLine: h.PlatformLine.V1_5, nodeGroups: undefined, images: { waitForKubeconfig: 'registry.example.com/busybox:1.36' } });
    const [doc] = parseYamlStream(v15.synthYaml());
    expect(doc.spec.images).toEqual({ waitForKubeconfig: 'registry.example.com/busybox:1.36' });
    expect(validateTenantDocument(doc, h.PlatformLine.V1_5)).toEqual([]);
  });

  test('fields a line lacks are refused with the line that has them; the rendered images are not reported again', () => {
    const r = report((app) => cluster(app, { platformLine: h.PlatformLine.V1_5, nodeGroups: undefined, images: { kubectl: 'kubectl:1.33', talosCsrSigner: 'signer:v0.3' } }));
    expect(r.errors).toEqual([['HK-LINE-FIELD', 'prod', 'images.kubectl', undefined], ['HK-LINE-FIELD', 'prod', 'images.talosCsrSigner', undefined]]);
    expect(r.messages).toEqual(['images.kubectl: not available on platform line v1.5; available from line v1.6', 'images.talosCsrSigner: not available on platform line v1.5; available from line v1.6']);
    expect(report((app) => cluster(app, { platformLine: h.PlatformLine.V1_3, nodeGroups: undefined, images: { waitForKubeconfig: 'busybox:1.36' } })).messages)
      .toEqual(['images.waitForKubeconfig: not available on platform line v1.3; available from line v1.5']);
  });

  test('a bad reference is an error naming field, value and the form; kubectl more than one minor away is a warning', () => {
    const r = report((app) => cluster(app, { images: { talosCsrSigner: 'Talos Signer', kubectl: 'registry.example.com/kubectl:v1.31.4' } }));
    expect(r.errors).toEqual([['HK-IMAGE', 'prod', 'images.talosCsrSigner', 'Talos Signer']]);
    expect(r.messages[0]).toMatch(/^images\.talosCsrSigner: "Talos Signer" is not valid; expected an image reference such as registry\.example\.com\/tools\/kubectl:1\.33/);
    expect(r.warnings).toEqual([['HK-IMAGE-SKEW', 'prod', 'images.kubectl', 'registry.example.com/kubectl:v1.31.4']]);
    expect(r.messages[1]).toBe('images.kubectl: tag v1.31.4 is kubectl v1.31, 2 minor versions from the cluster\'s v1.33; kubectl supports one minor version either side of the API server, so use a kubectl image of v1.32 to v1.34');
  });

  test('kubectl within one minor, or with a tag that names no version, is fine', () => {
    for (const kubectl of ['kubectl:1.32', 'kubectl:v1.34.0', 'bitnami/kubectl:1.33.5-debian-12-r1', 'kubectl:latest', `kubectl@sha256:${'f'.repeat(64)}`, '']) {
      expect(report((app) => cluster(app, { images: { kubectl } }))).toEqual({ errors: [], warnings: [], messages: [] });
    }
  });

  test('through a JSON patch: the document\'s own version counts', () => {
    const r = patched(JsonPatch.add('/spec/images', { kubectl: 'kubectl:1.35', waitForKubeconfig: 'busybox 1.36' }), JsonPatch.replace('/spec/version', 'v1.31'));
    expect(r.errors).toEqual([['HK-IMAGE', 'prod/Resource', 'spec.images.waitForKubeconfig', 'busybox 1.36']]);
    expect(r.warnings).toEqual([['HK-IMAGE-SKEW', 'prod/Resource', 'spec.images.kubectl', 'kubectl:1.35']]);
    expect(r.messages[1]).toContain('4 minor versions from the cluster\'s v1.31');
  });
});

describe('Kubernetes quantities', () => {
  test.each([
    ['1', 1], ['500m', 0.5], ['1.5Gi', 1.5 * 2 ** 30], ['2e3', 2000], ['-1Gi', -(2 ** 30)], ['+4', 4], ['.5', 0.5], [7, 7],
  ])('%s is %d', (text, value) => expect(parseQuantity(text)).toBe(value));

  test.each([['1e3Ki'], ['1 Gi'], ['Gi'], ['1gi'], [''], ['1.2.3'], [Infinity], [true]])('%s is no quantity', (text) => {
    expect(parseQuantity(text)).toBeNaN();
  });
});
