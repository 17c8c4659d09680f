import { Chart, JsonPatch, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  Bucket, BucketUser, CertManager, ControlPlaneOptions, Flux, Gpu, GpuOperator, Hami, HikubeCluster, HikubeClusterProps, IngressNginx, InstanceType,
  KubernetesVersion, MaxUnhealthy, MemoryThreshold, NodeGroupOptions, NodeGroupSpec, NodeRole, OidcMode, OidcRole, OidcUser, PlatformLine, Velero, Zone,
} from '../../../src';
import { libraryCodes, RuleExample } from '../rule-example';

const INGRESS = { roles: [NodeRole.INGRESS_NGINX] };

/** The codes of a cluster in namespace tenant-a with `props`. */
function cluster(props: Partial<HikubeClusterProps>): () => string[] {
  return () => libraryCodes((app) => new HikubeCluster(app, 'c', { tenantNamespace: 'tenant-a', ...props }));
}

/** The codes of a cluster whose only group is `md0` with `group` (so the platform adds no default group). */
function group(options: NodeGroupOptions, props: Partial<HikubeClusterProps> = {}): () => string[] {
  return () => cluster({ nodeGroups: { md0: NodeGroupSpec.of({ ...INGRESS, ...options }) }, ...props })();
}

function controlPlane(options: ControlPlaneOptions): () => string[] {
  return cluster({ controlPlane: options });
}

/** A `Kubernetes` document with one group, as `fromManifest` reads it. */
function manifest(spec: Record<string, unknown>, md0: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps.cozystack.io/v1alpha1',
    kind: 'Kubernetes',
    metadata: { name: 'demo', namespace: 'tenant-a', ...metadata },
    spec: { version: 'v1.30', nodeGroups: { md0: { minReplicas: 1, maxReplicas: 3, instanceType: 'u1.large', resources: {}, roles: ['ingress-nginx'], ...md0 } }, ...spec },
  };
}

/** The codes of `fromManifest` reading a document (for line v1.3 unless the line is left to detection). */
function fromManifest(doc: Record<string, unknown>, line: 'detect' | PlatformLine = PlatformLine.V1_3): () => string[] {
  return () => libraryCodes((app) => HikubeCluster.fromManifest(app, 'demo', doc, line === 'detect' ? {} : { platformLine: line }));
}

/** A cluster whose tenant document gets one JSON patch. */
function patched(patch: JsonPatch): () => string[] {
  return () => libraryCodes((app) => {
    const c = new HikubeCluster(app, 'c', { tenantNamespace: 'tenant-a', nodeGroups: { md0: NodeGroupSpec.of(INGRESS) } });
    c.resource.addJsonPatch(patch);
  });
}

const GPU_GROUP = { resources: { cpu: Cpu.units(8), memory: Size.gibibytes(32) }, gpus: [Gpu.NVIDIA_L40S] };
const V1_6 = { platformLine: PlatformLine.V1_6 };

export const EXAMPLES: RuleExample[] = [
  { rule: 'HK-NAME', title: 'a cluster name with an upper-case letter', failing: cluster({ name: 'Shop' }), valid: cluster({ name: 'shop' }) },
  { rule: 'HK-NAMESPACE', title: 'a tenant namespace with an underscore', failing: cluster({ tenantNamespace: 'tenant_a' }), valid: cluster({ tenantNamespace: 'tenant-a' }) },
  { rule: 'HK-HOST', title: 'a host with an upper-case letter', failing: cluster({ host: 'Shop.example.com' }), valid: cluster({ host: 'shop.example.com' }) },
  {
    rule: 'HK-STORAGE-CLASS-NAME',
    title: 'a storage class name with an underscore',
    failing: cluster({ storageClass: 'fast_ssd' }),
    valid: cluster({ storageClass: 'fast-ssd' }),
  },
  { rule: 'HK-VERSION', title: 'a version the line does not install', failing: cluster({ version: KubernetesVersion.V1_29 }), valid: cluster({ version: KubernetesVersion.V1_30 }) },
  {
    rule: 'HK-VERSION-PATCH',
    title: 'a manifest with a patch version',
    failing: fromManifest(manifest({ version: 'v1.30.0' })),
    valid: fromManifest(manifest({ version: 'v1.30' })),
  },
  { rule: 'HK-CONTROL-PLANE', title: 'no control-plane replica', failing: controlPlane({ replicas: 0 }), valid: controlPlane({ replicas: 1 }) },
  { rule: 'HK-NODE-GROUP', title: 'a negative pod CPU limit', failing: group({ resources: { cpu: Cpu.units(2), memory: Size.gibibytes(4) }, podCpuLimit: Cpu.units(-1) }, { platformLine: PlatformLine.MAIN }), valid: group({ resources: { cpu: Cpu.units(2), memory: Size.gibibytes(4) }, podCpuLimit: Cpu.units(1) }, { platformLine: PlatformLine.MAIN }) },
  { rule: 'HK-REPLICAS', title: 'minReplicas above maxReplicas', failing: group({ minReplicas: 5, maxReplicas: 2 }), valid: group({ minReplicas: 2, maxReplicas: 2 }) },
  {
    rule: 'HK-INSTANCE-TYPE',
    title: 'an instance type outside the catalog',
    failing: group({ instanceType: InstanceType.of('x9.custom') }),
    valid: group({ instanceType: InstanceType.S1_LARGE }),
  },
  {
    rule: 'HK-RESOURCES',
    title: 'a fractional number of virtual CPUs',
    failing: group({ resources: { cpu: Cpu.millis(1500), memory: Size.gibibytes(4) } }),
    valid: group({ resources: { cpu: Cpu.units(2), memory: Size.gibibytes(4) } }),
  },
  {
    rule: 'HK-RESOURCES-MISSING',
    title: 'a manifest group without resources on a line that requires them',
    failing: fromManifest(manifest({}, { resources: undefined })),
    valid: fromManifest(manifest({}, { resources: {} })),
  },
  { rule: 'HK-DISK', title: 'a worker disk below 1Mi', failing: group({ diskSize: Size.kibibytes(512) }), valid: group({ diskSize: Size.gibibytes(20) }) },
  {
    rule: 'HK-DISK-FIELD',
    title: 'the other line\'s disk field patched into the document',
    failing: patched(JsonPatch.add('/spec/nodeGroups/md0/diskSize', '20Gi')),
    valid: patched(JsonPatch.add('/spec/nodeGroups/md0/ephemeralStorage', '20Gi')),
  },
  {
    rule: 'HK-GPU',
    title: 'a GPU device name without a vendor',
    failing: group({ ...GPU_GROUP, gpus: [Gpu.of('L40S')] }, { addons: [new GpuOperator()] }),
    valid: group(GPU_GROUP, { addons: [new GpuOperator()] }),
  },
  { rule: 'HK-GPU-OPERATOR', title: 'GPU nodes without the GPU operator', failing: group(GPU_GROUP), valid: group(GPU_GROUP, { addons: [new GpuOperator()] }) },
  {
    rule: 'HK-NODE-ROLE',
    title: 'a role given twice',
    failing: group({ roles: [NodeRole.INGRESS_NGINX, NodeRole.INGRESS_NGINX] }),
    valid: group({ roles: [NodeRole.INGRESS_NGINX, NodeRole.of('web')] }),
  },
  { rule: 'HK-ZONE', title: 'a zone given twice', failing: group({ zones: [Zone.GENEVA, Zone.GENEVA] }), valid: group({ zones: [Zone.GENEVA, Zone.LUCERNE] }) },
  {
    rule: 'HK-ZONE-SPREAD',
    title: 'fewer replicas than zones',
    failing: group({ maxReplicas: 2, zones: Zone.all() }),
    valid: group({ maxReplicas: 3, zones: Zone.all() }),
  },
  { rule: 'HK-ZONES-IGNORED', title: 'zones on a group of the tenant API', failing: group({ zones: [Zone.GENEVA] }), valid: group({}) },
  {
    rule: 'HK-DEFAULT-GROUP',
    title: 'groups without md0 on a line that adds it',
    failing: cluster({ nodeGroups: { web: NodeGroupSpec.of(INGRESS) } }),
    valid: cluster({ nodeGroups: { md0: NodeGroupSpec.of(INGRESS) } }),
  },
  {
    rule: 'HK-KUBELET',
    title: 'a hard eviction threshold above the soft one',
    failing: group({ kubelet: { evictionHard: MemoryThreshold.percent(20), evictionSoft: MemoryThreshold.percent(10) } }, { platformLine: PlatformLine.V1_5 }),
    valid: group({ kubelet: { evictionHard: MemoryThreshold.percent(5), evictionSoft: MemoryThreshold.percent(10) } }, { platformLine: PlatformLine.V1_5 }),
  },
  { rule: 'HK-TALOS', title: 'a Talos version that is no release', failing: group({}, { ...V1_6, talos: { version: '1.13' } }), valid: group({}, { ...V1_6, talos: { version: 'v1.13.6' } }) },
  {
    rule: 'HK-OIDC',
    title: 'an OIDC user without an e-mail address',
    failing: group({}, { ...V1_6, oidc: { mode: OidcMode.NONE, users: [OidcUser.of({ email: 'alice', role: OidcRole.ADMIN })] } }),
    valid: group({}, { ...V1_6, oidc: { mode: OidcMode.NONE, users: [OidcUser.of({ email: 'alice@example.com', role: OidcRole.ADMIN })] } }),
  },
  {
    rule: 'HK-HEALTH-CHECK',
    title: 'more than 100% unhealthy nodes',
    failing: group({}, { ...V1_6, nodeHealthCheck: { maxUnhealthy: MaxUnhealthy.percent(150) } }),
    valid: group({}, { ...V1_6, nodeHealthCheck: { maxUnhealthy: MaxUnhealthy.percent(50) } }),
  },
  {
    rule: 'HK-LINE-FIELD',
    title: 'Talos on a line without it',
    failing: group({}, { platformLine: PlatformLine.V1_5, talos: { version: 'v1.13.6' } }),
    valid: group({}, { ...V1_6, talos: { version: 'v1.13.6' } }),
  },
  {
    rule: 'HK-LINE',
    title: 'a manifest whose platform line is detected',
    failing: fromManifest(manifest({}), 'detect'),
    valid: fromManifest(manifest({})),
  },
  {
    rule: 'HK-ADDON',
    title: 'HAMi without the GPU operator',
    failing: group(GPU_GROUP, { platformLine: PlatformLine.V1_5, addons: [new Hami()] }),
    valid: group(GPU_GROUP, { platformLine: PlatformLine.V1_5, addons: [new Hami(), new GpuOperator()] }),
  },
  {
    rule: 'HK-INGRESS',
    title: 'an ingress host that is no DNS name',
    failing: group({}, { addons: [new IngressNginx({ hosts: ['shop'] })] }),
    valid: group({}, { addons: [new IngressNginx({ hosts: ['shop.example.com'] })] }),
  },
  {
    rule: 'HK-INGRESS-IDLE',
    title: 'every ingress group may scale to 0',
    failing: group({ minReplicas: 0 }, { addons: [new IngressNginx()] }),
    valid: group({ minReplicas: 1 }, { addons: [new IngressNginx()] }),
  },
  { rule: 'HK-ADDON-UNUSED', title: 'the GPU operator without GPU nodes', failing: group({}, { addons: [new GpuOperator()] }), valid: group(GPU_GROUP, { addons: [new GpuOperator()] }) },
  {
    rule: 'HK-VALUES-IGNORED',
    title: 'a cert-manager value the platform ignores',
    failing: group({}, { addons: [new CertManager({ valuesOverride: { 'cert-manager': { installCRDs: true } } })] }),
    valid: group({}, { addons: [new CertManager({ valuesOverride: { 'cert-manager': { replicaCount: 2 } } })] }),
  },
  {
    rule: 'HK-FLUX',
    title: 'a Flux source in scp-like Git syntax',
    failing: group({}, { addons: [new Flux({ bootstrap: { url: 'git@git.example.com:acme/fleet.git' } })] }),
    valid: group({}, { addons: [new Flux({ bootstrap: { url: 'ssh://git@git.example.com/acme/fleet.git' } })] }),
  },
  {
    rule: 'HK-VELERO',
    title: 'a Velero location with the bucket\'s application name instead of its S3 name',
    failing: group({}, { addons: [new Velero({ backupLocation: { s3BucketName: 'backups', credentialsSecret: 'velero-s3' } })] }),
    valid: group({}, { addons: [new Velero({ backupLocation: { s3BucketName: 'bucket-5b4b4e43-4f9a-4c47-9c6f-1f1c3d0b3e7a', credentialsSecret: 'velero-s3' } })] }),
  },
  {
    rule: 'HK-VALUES-OVERRIDE',
    title: 'a values override under a key no chart reads',
    failing: group({}, { addons: [new CertManager({ valuesOverride: { certManager: { replicaCount: 2 } } })] }),
    valid: group({}, { addons: [new CertManager({ valuesOverride: { 'cert-manager': { replicaCount: 2 } } })] }),
  },
  {
    rule: 'HK-RESERVED-KEY',
    title: 'a spec key starting with _ patched into the document',
    failing: patched(JsonPatch.add('/spec/_cluster', { name: 'x' })),
    valid: patched(JsonPatch.add('/spec/host', 'x.example.com')),
  },
  { rule: 'HK-SCHEMA', title: 'a host of the wrong type patched into the document', failing: patched(JsonPatch.add('/spec/host', 42)), valid: patched(JsonPatch.add('/spec/host', 'x.example.com')) },
  { rule: 'HK-UNKNOWN-FIELD', title: 'a field the line does not have', failing: patched(JsonPatch.add('/spec/hosts', 'x.example.com')), valid: patched(JsonPatch.add('/spec/host', 'x.example.com')) },
  {
    rule: 'HK-CARRIED',
    title: 'a manifest field the typed API does not cover',
    failing: fromManifest(manifest({ controlPlane: { apiServer: { unknownKnob: 1 } } })),
    valid: fromManifest(manifest({ controlPlane: { replicas: 2 } })),
  },
  {
    rule: 'HK-METADATA-DROPPED',
    title: 'manifest metadata outside the cluster model',
    failing: fromManifest(manifest({}, {}, { generateName: 'demo-' })),
    valid: fromManifest(manifest({}, {}, { labels: { team: 'shop' } })),
  },
  {
    rule: 'HK-BUCKET-NO-USERS',
    title: 'a bucket without users',
    failing: () => libraryCodes((app) => new Bucket(new Chart(app, 'tenant'), 'backups', { tenantNamespace: 'tenant-a' })),
    valid: () => libraryCodes((app) => new Bucket(new Chart(app, 'tenant'), 'backups', { tenantNamespace: 'tenant-a', users: { velero: BucketUser.of() } })),
  },
  {
    rule: 'HK-BUCKET',
    title: 'the credentials of a user the bucket does not declare',
    failing: () => libraryCodes((app) => new Bucket(new Chart(app, 'tenant'), 'backups', { tenantNamespace: 'tenant-a', users: { velero: BucketUser.of() } }).credentials('admin')),
    valid: () => libraryCodes((app) => new Bucket(new Chart(app, 'tenant'), 'backups', { tenantNamespace: 'tenant-a', users: { velero: BucketUser.of() } }).credentials('velero')),
  },
];
