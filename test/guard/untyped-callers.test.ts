/**
 * Mistakes as JavaScript, Python, Java, Go and C# callers make them: untyped input reaches the library
 * at runtime. Every case must end in the library's error (naming the construct path, the field, the
 * value and what is allowed) or in output the schemas accept; never in an engine error.
 */
import * as fs from 'fs';
import { ApiObject, App, Chart, JsonPatch, Size, Testing, YamlOutputType } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as h from '../../src';
import { HikubeValidationError, RuleCode } from '../../src/errors';
import { validateAgainstSchemas } from '../support/crds';
import { parseYamlStream, validateTenantDocument } from '../support/schemas';

const any = (v: unknown): any => v;

interface Case {
  /** What the caller wrote. */
  readonly name: string;
  /** Builds the app the way the caller did. */
  readonly build: (app: App) => void;
  /** Fragments the error message must contain, or 'valid' when the input is acceptable. */
  readonly expect: string[] | 'valid';
  /** The platform line a valid case's tenant documents are checked against. @default PlatformLine.DEFAULT */
  readonly line?: h.PlatformLine;
  /** The rule one of the error's problems names. */
  readonly rule?: RuleCode;
  /** Fragments the YAML of a valid input must contain: what was checked is what is written. */
  readonly written?: string[];
}

const NS = 'tenant-acme';
const cluster = (app: App, props: any = {}, id = 'prod') => new h.HikubeCluster(app, id, { tenantNamespace: NS, ...props });
const group = (options: any) => (app: App) => cluster(app, { nodeGroups: { web: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_LARGE, minReplicas: 1, maxReplicas: 3, ...options }) } });
/** Node group options are checked by `NodeGroupSpec.of()`, before the cluster exists. */
const OF = '[NodeGroupSpec.of] options.';
const full = (app: App, host?: string) => cluster(app, {
  ...(host ? { host } : {}),
  nodeGroups: { web: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_LARGE, minReplicas: 1, maxReplicas: 3, roles: [h.NodeRole.INGRESS_NGINX] }) },
  addons: [new h.CertManager(), new h.IngressNginx({ hosts: ['shop.acme.example'] }), new h.Flux(), new h.Velero()],
});
const inside = (app: App) => new h.TenantClusterChart(app, 'inside', { cluster: full(app) });
const web = (chart: Chart, namespace = 'shop') => new kplus.Deployment(chart, 'web', {
  metadata: { namespace },
  containers: [{ image: 'nginx:1.27', portNumber: 8080, securityContext: h.PodSecurity.restrictedContainerContext() }],
});
/** A chart of a cluster whose Velero writes to a bucket, at a prefix of its own unless one is given. */
const backedUp = (app: App, id = 'prod', prefix = id) => new h.TenantClusterChart(app, id === 'prod' ? 'backed' : `${id}-backed`, {
  cluster: cluster(app, { addons: [new h.Velero({ backupLocation: { s3BucketName: 'bucket-6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab', credentialsSecret: 'velero-bucket', prefix } })] }, id),
});
/** Warnings are errors in strict mode, as CI runs it: the context is set before anything is added to the app. */
const inStrictMode = (build: (app: App) => void) => (app: App) => {
  app.node.setContext('hikube:strict', true);
  build(app);
};
/** A chart of a cluster that warns about nothing by itself (its group is md0), for warnings in strict mode. */
const quiet = (app: App, id = 'prod') => new h.TenantClusterChart(app, `${id}-quiet`, {
  cluster: cluster(app, {
    nodeGroups: { md0: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_LARGE, minReplicas: 1, maxReplicas: 3, roles: [h.NodeRole.INGRESS_NGINX] }) },
    addons: [new h.CertManager(), new h.IngressNginx({ hosts: ['shop.acme.example'] }), new h.Flux(), new h.Velero({ backupLocation: { s3BucketName: 'bucket-6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab', credentialsSecret: 'velero-bucket' } })],
  }, id),
});
/** A namespace quota of `requestsCpu` and three pods of 500m each in it. */
const quotaFor = (requestsCpu: kplus.Cpu) => (app: App) => {
  const c = inside(app);
  new h.SecureNamespace(c, 'shop', { quota: { requestsCpu } });
  new kplus.Deployment(c, 'web', {
    metadata: { namespace: 'shop' },
    replicas: 3,
    containers: [{ image: 'web:1', portNumber: 8080, securityContext: h.PodSecurity.restrictedContainerContext(), resources: { cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.millis(500) } } }],
  });
};
const flux = (bootstrap: any) => new h.Flux({ bootstrap });
const FLEET = 'https://git.acme.example/fleet.git';
const storageClass = (isDefault: string) => (app: App) => new ApiObject(quiet(app), 'fast', {
  apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', provisioner: 'csi.kubevirt.io', metadata: { name: 'fast', annotations: { 'storageclass.kubernetes.io/is-default-class': isDefault } },
});
const capi = (props: any) => (app: App) => new h.ClusterApiRendering(app, 'capi', {
  cluster: full(app), platform: { tenantHost: 'acme.hikube.example', kubeadmWorkerImage: 'registry.example/ubuntu-container-disk:v1.33' }, ...props,
});

const CASES: Case[] = [
  // Layer 1: the cluster and its props
  { name: 'no props at all', build: (app) => new h.HikubeCluster(app, 'prod', any(undefined)), expect: ['[prod] HikubeClusterProps: undefined is not valid; expected HikubeClusterProps (an object of options)'] },
  { name: 'props as a string', build: (app) => new h.HikubeCluster(app, 'prod', any('tenant-acme')), expect: ['[prod]', 'expected HikubeClusterProps'] },
  { name: 'tenantNamespace as a list', build: (app) => cluster(app, { tenantNamespace: ['tenant-acme'] }), expect: ['[prod] tenantNamespace: a list is not valid; expected a string'] },
  { name: 'tenantNamespace as a number', build: (app) => cluster(app, { tenantNamespace: 42 }), expect: ['[prod] tenantNamespace: the number 42 is not valid; expected a string'] },
  { name: 'nodegroups (wrong case)', build: (app) => cluster(app, { nodegroups: {} }), expect: ['[prod] nodegroups: unknown option of HikubeClusterProps; did you mean nodeGroups?'] },
  { name: 'node_groups (Python spelling)', build: (app) => cluster(app, { node_groups: {} }), expect: ['[prod] node_groups: unknown option; the option is nodeGroups'] },
  { name: 'tenant_namespace (Python spelling)', build: (app) => new h.HikubeCluster(app, 'prod', any({ tenant_namespace: NS })), expect: ['tenant_namespace: unknown option; the option is tenantNamespace'] },
  { name: 'platformLine as a string', build: (app) => cluster(app, { platformLine: 'v1.3' }), expect: ['[prod] platformLine: the string "v1.3" is not valid; expected a PlatformLine: use one of its constants'] },
  { name: 'version as a string', build: (app) => cluster(app, { version: 'v1.33' }), expect: ['[prod] version: the string "v1.33" is not valid; expected a KubernetesVersion', 'KubernetesVersion.of("v1.33")'] },
  { name: 'version as a number', build: (app) => cluster(app, { version: 1.33 }), expect: ['version: the number 1.33 is not valid; expected a KubernetesVersion'] },
  { name: 'name as a number', build: (app) => cluster(app, { name: 7 }), expect: ['name: the number 7 is not valid; expected a string'] },
  { name: 'name too long', build: (app) => cluster(app, { name: 'a'.repeat(60) }), expect: ['[prod] metadata.name: "aaaa', 'at most 42 characters'] },
  { name: 'name with capitals', build: (app) => cluster(app, { name: 'Prod' }), expect: ['metadata.name: "Prod" is not valid'] },
  { name: 'tenant namespace with a space', build: (app) => cluster(app, { tenantNamespace: 'tenant acme' }), expect: ['metadata.namespace: "tenant acme" is not valid'] },
  { name: 'host with a space', build: (app) => cluster(app, { host: 'prod acme.example' }), expect: ['host: "prod acme.example" is not valid'] },
  { name: 'storageClass as a list', build: (app) => cluster(app, { storageClass: ['replicated'] }), expect: ['storageClass: a list is not valid; expected a string'] },
  { name: 'labels as a list', build: (app) => cluster(app, { labels: ['team=a'] }), expect: ['labels: a list is not valid; expected a map'] },
  { name: 'label value as a number', build: (app) => cluster(app, { labels: { team: 3 } }), expect: ['labels.team: the number 3 is not valid; expected a string'] },
  { name: 'addons as one add-on, not a list', build: (app) => cluster(app, { addons: new h.CertManager() }), expect: ['addons: a CertManager is not valid; expected a list'] },
  { name: 'add-on as a plain object', build: (app) => cluster(app, { addons: [{ key: 'certManager' }] }), expect: ['addons[0]: a plain object is not valid; expected an Addon: create one of', 'new CertManager(...)'] },
  { name: 'add-on class without new', build: (app) => cluster(app, { addons: [h.CertManager] }), expect: ['addons[0]: the class CertManager itself is not valid; expected an Addon: create one with new CertManager(...)'] },
  { name: 'add-on as a string', build: (app) => cluster(app, { addons: ['cert-manager'] }), expect: ['addons[0]: the string "cert-manager" is not valid; expected an Addon'] },
  { name: 'the same add-on twice', build: (app) => cluster(app, { addons: [new h.CertManager(), new h.CertManager()] }), expect: ['[prod] addons.certManager: "CertManager" is not valid; each add-on may be configured once'] },
  { name: 'controlPlane as a number', build: (app) => cluster(app, { controlPlane: 3 }), expect: ['controlPlane: the number 3 is not valid; expected ControlPlaneOptions'] },
  { name: 'controlPlane.replica typo', build: (app) => cluster(app, { controlPlane: { replica: 3 } }), expect: ['controlPlane.replica: unknown option of ControlPlaneOptions; did you mean replicas?'] },
  { name: 'controlPlane.replicas as a string', build: (app) => cluster(app, { controlPlane: { replicas: '3' } }), expect: ['controlPlane.replicas: the string "3" is not valid; expected a finite number'] },
  { name: 'controlPlane.replicas NaN', build: (app) => cluster(app, { controlPlane: { replicas: NaN } }), expect: ['controlPlane.replicas: the number NaN (not finite) is not valid'] },
  { name: 'apiServer.cpu as a number', build: (app) => cluster(app, { controlPlane: { apiServer: { cpu: 2 } } }), expect: ['controlPlane.apiServer.cpu: the number 2 is not valid; expected a Cpu from cdk8s-plus-28 (e.g. Cpu.units(2))'] },
  { name: 'apiServer.preset as a string', build: (app) => cluster(app, { controlPlane: { apiServer: { preset: 'small' } } }), expect: ['controlPlane.apiServer.preset: the string "small" is not valid; expected a ResourcesPreset', 'ResourcesPreset.named("small")'] },
  { name: 'apiServerExtraArgs as a string', build: (app) => cluster(app, { controlPlane: { apiServerExtraArgs: '--v=4' } }), expect: ['controlPlane.apiServerExtraArgs: the string "--v=4" is not valid; expected a list', 'wrap it in a list: ["--v=4"]'] },
  { name: 'extra volume without a name', build: (app) => cluster(app, { controlPlane: { apiServerExtraVolumes: [h.ApiServerVolume.of(any({ configMap: 'audit' }))] } }), expect: ['[ApiServerVolume.of] options.name: required; expected a string'] },
  { name: 'extra volume as a plain object', build: (app) => cluster(app, { controlPlane: { apiServerExtraVolumes: [{ name: 'audit', configMap: 'audit' }] } }), expect: ['[prod] controlPlane.apiServerExtraVolumes[0]: a plain object is not valid; expected an ApiServerVolume: ApiServerVolume.of(...)'] },
  { name: 'extra volume mount as a plain object', build: (app) => cluster(app, { controlPlane: { apiServerExtraVolumeMounts: [{ name: 'audit', mountPath: '/etc/audit' }] } }), expect: ['[prod] controlPlane.apiServerExtraVolumeMounts[0]: a plain object is not valid; expected an ApiServerVolumeMount: ApiServerVolumeMount.of(...)'] },
  { name: 'extra volume mount_path (Python spelling)', build: () => h.ApiServerVolumeMount.of(any({ name: 'audit', mount_path: '/etc/audit' })), expect: ['[ApiServerVolumeMount.of] options.mount_path: unknown option; the option is mountPath', 'options.mountPath: required'] },
  { name: 'OIDC user as a plain object', build: (app) => cluster(app, { oidc: { mode: h.OidcMode.SYSTEM, users: [{ email: 'ops@acme.example', role: h.OidcRole.ADMIN }] } }), expect: ['[prod] oidc.users[0]: a plain object is not valid; expected an OidcUser: OidcUser.of(...)'] },
  { name: 'OIDC user role as a string', build: () => h.OidcUser.of(any({ email: 'ops@acme.example', role: 'owner' })), expect: ['[OidcUser.of] options.role: the string "owner" is not valid; expected one of OidcRole.ADMIN ("admin"), OidcRole.VIEW ("view")'] },
  { name: 'deployed.version as a string', build: (app) => cluster(app, { deployed: { version: 'v1.32' } }), expect: ['deployed.version: the string "v1.32" is not valid; expected a KubernetesVersion'] },
  { name: 'maxNodeProvisionTime as a string', build: (app) => cluster(app, { maxNodeProvisionTime: '30m' }), expect: ['maxNodeProvisionTime: the string "30m" is not valid; expected a Duration from cdk8s (e.g. Duration.minutes(5))'] },
  { name: 'oidc without mode', build: (app) => cluster(app, { platformLine: h.PlatformLine.V1_6, oidc: {} }), expect: ['oidc.mode: required; expected an OidcMode'] },
  { name: 'oidc mode as a wrong string', build: (app) => cluster(app, { platformLine: h.PlatformLine.V1_6, oidc: { mode: 'system' } }), expect: ['oidc.mode: the string "system" is not valid; expected one of OidcMode.'] },
  { name: 'talos.registryMirrors cycle', build: (app) => { const m: any = { a: {} }; m.a.self = m; cluster(app, { platformLine: h.PlatformLine.V1_6, talos: { registryMirrors: m } }); }, expect: ['talos.registryMirrors.a.self: refers back to an enclosing value (a cycle)'] },
  { name: 'talos.registryMirrors function', build: (app) => cluster(app, { platformLine: h.PlatformLine.V1_6, talos: { registryMirrors: { 'docker.io': () => 1 } } }), expect: ['talos.registryMirrors.docker.io: a function has no JSON form'] },
  { name: 'talos.registryMirrors BigInt', build: (app) => cluster(app, { platformLine: h.PlatformLine.V1_6, talos: { registryMirrors: { n: BigInt(1) } } }), expect: ['talos.registryMirrors.n: a bigint 1 has no JSON form'] },
  { name: 'nodeHealthCheck.maxUnhealthy as a string', build: (app) => cluster(app, { platformLine: h.PlatformLine.V1_6, nodeHealthCheck: { maxUnhealthy: '40%' } }), expect: ['nodeHealthCheck.maxUnhealthy: the string "40%" is not valid; expected a MaxUnhealthy', 'MaxUnhealthy.percent(...)'] },

  // Node groups
  { name: 'nodeGroups as a list', build: (app) => cluster(app, { nodeGroups: [{ minReplicas: 1 }] }), expect: ['nodeGroups: a list is not valid; expected a map'] },
  { name: 'maxReplica typo', build: group({ maxReplica: 3 }), expect: [`${OF}maxReplica: unknown option of NodeGroupOptions; did you mean maxReplicas?`] },
  { name: 'min_replicas from a Python dict', build: group({ min_replicas: 2 }), expect: [`${OF}min_replicas: unknown option; the option is minReplicas`] },
  { name: 'instance_type from a Python dict', build: group({ instance_type: h.InstanceType.U1_LARGE }), expect: [`${OF}instance_type: unknown option; the option is instanceType`] },
  { name: 'instanceType as a string', build: group({ instanceType: 's1.large' }), expect: [`${OF}instanceType: the string "s1.large" is not valid; expected an InstanceType: use one of its constants`, 'InstanceType.of("s1.large")'] },
  { name: 'instanceType as a plain object', build: group({ instanceType: { name: 'u1.large' } }), expect: [`${OF}instanceType: a plain object is not valid; expected an InstanceType`] },
  { name: 'diskSize as a string', build: group({ diskSize: '50Gi' }), expect: [`${OF}diskSize: the string "50Gi" is not valid; expected a Size from cdk8s (e.g. Size.gibibytes(50))`] },
  { name: 'diskSize as a number', build: group({ diskSize: 50 }), expect: [`${OF}diskSize: the number 50 is not valid; expected a Size`] },
  { name: 'minReplicas as a string', build: group({ minReplicas: '1' }), expect: [`${OF}minReplicas: the string "1" is not valid; expected a finite number`] },
  { name: 'maxReplicas Infinity', build: group({ maxReplicas: Infinity }), expect: [`${OF}maxReplicas: the number Infinity (not finite) is not valid`] },
  { name: 'minReplicas above maxReplicas', build: group({ minReplicas: 5, maxReplicas: 1 }), expect: ['nodeGroups.web'] },
  { name: 'roles as strings', build: group({ roles: ['ingress-nginx'] }), expect: [`${OF}roles[0]: the string "ingress-nginx" is not valid; expected a NodeRole`, 'NodeRole.of("ingress-nginx")'] },
  { name: 'roles as one string', build: group({ roles: 'ingress-nginx' }), expect: [`${OF}roles: the string "ingress-nginx" is not valid; expected a list`, 'wrap it in a list'] },
  { name: 'zones as strings', build: group({ zones: ['geneva'] }), expect: [`${OF}zones[0]: the string "geneva" is not valid; expected a Zone`, 'Zone.of("geneva")'] },
  { name: 'gpus as strings', build: group({ gpus: ['nvidia.com/AD102GL_L40S'] }), expect: [`${OF}gpus[0]: the string "nvidia.com/AD102GL_L40S" is not valid; expected a Gpu`, 'Gpu.of("nvidia.com/AD102GL_L40S")'] },
  { name: 'resources.cpu as a number', build: group({ resources: { cpu: 16 } }), expect: [`${OF}resources.cpu: the number 16 is not valid; expected a Cpu`] },
  { name: 'resources.memory as a string', build: group({ resources: { memory: '32Gi' } }), expect: [`${OF}resources.memory: the string "32Gi" is not valid; expected a Size`] },
  { name: 'resources.cores typo', build: group({ resources: { cores: 4 } }), expect: [`${OF}resources.cores: unknown option of NodeResources`] },
  { name: 'kubelet reservations as strings', build: group({ kubelet: { kubeReservedMemory: '1Gi' } }), expect: [`${OF}kubelet.kubeReservedMemory: the string "1Gi" is not valid; expected a Size`] },
  { name: 'kubelet eviction as a string', build: group({ kubelet: { evictionHard: '5%' } }), expect: [`${OF}kubelet.evictionHard: the string "5%" is not valid; expected a MemoryThreshold`, 'MemoryThreshold.percent(...)'] },
  { name: 'logSerialConsole as a string', build: group({ logSerialConsole: 'true' }), expect: [`${OF}logSerialConsole: the string "true" is not valid; expected a boolean`] },
  { name: 'nodeStartupTimeout as a number', build: group({ nodeStartupTimeout: 600 }), expect: [`${OF}nodeStartupTimeout: the number 600 is not valid; expected a Duration`] },
  { name: 'node group as a plain object', build: (app) => cluster(app, { nodeGroups: { web: { minReplicas: 1, maxReplicas: 3 } } }), expect: ['[prod] nodeGroups.web: a plain object is not valid; expected a NodeGroupSpec: NodeGroupSpec.of(...)'] },
  { name: 'node group options passed positionally as a dict', build: () => h.NodeGroupSpec.of(any([{ minReplicas: 1 }])), expect: ['[NodeGroupSpec.of] options: a list is not valid; expected NodeGroupOptions (an object of options)'] },
  { name: 'group named Bad_Name', build: (app) => cluster(app, { nodeGroups: { Bad_Name: h.NodeGroupSpec.of({ minReplicas: 1, maxReplicas: 2 }) } }), expect: ['nodeGroups.Bad_Name'] },
  { name: 'addNodeGroup with options as a string', build: (app) => cluster(app).addNodeGroup('web', any('u1.large')), expect: ['[prod] options: the string "u1.large" is not valid; expected NodeGroupOptions'] },
  { name: 'addNodeGroup without a name', build: (app) => cluster(app).addNodeGroup(any(undefined)), expect: ['[prod] name: required; expected a string'] },
  { name: 'addAddon with a plain object', build: (app) => cluster(app).addAddon(any({ key: 'velero' })), expect: ['[prod] addon: a plain object is not valid; expected an Addon'] },
  { name: 'change after synth', build: (app) => { const c = cluster(app); app.synthYaml(); c.addNodeGroup('late', {}); }, expect: ['[prod] nodeGroups.late: "a change after synth" is not valid; the model is frozen'] },

  // Catalog factories
  { name: 'InstanceType.of with a number', build: () => h.InstanceType.of(any(4)), expect: ['[InstanceType.of] name: the number 4 is not valid; expected a string'] },
  { name: 'InstanceType.custom with memory as a string', build: () => h.InstanceType.custom('x1.big', 4, any('8Gi')), expect: ['[InstanceType.custom] memory: the string "8Gi" is not valid; expected a Size'] },
  { name: 'InstanceType.custom without memory', build: () => h.InstanceType.custom('x1.big', 4, any(undefined)), expect: ['[InstanceType.custom] memory: required'] },
  { name: 'KubernetesVersion.of with a number', build: () => h.KubernetesVersion.of(any(1.33)), expect: ['[KubernetesVersion.of] version: the number 1.33 is not valid; expected a string'] },
  { name: 'Zone.of with a Zone', build: () => h.Zone.of(any(h.Zone.GENEVA)), expect: ['[Zone.of] name: a Zone is not valid; expected a string'] },
  { name: 'Zone.split with strings', build: () => h.Zone.split(any(['geneva']), 1, 3), expect: ['[Zone.split] zones[0]: the string "geneva" is not valid; expected a Zone'] },
  { name: 'Zone.split with a string count', build: () => h.Zone.split(h.Zone.all(), any('1'), 3), expect: ['[Zone.split] minReplicas: the string "1" is not valid; expected a finite number'] },
  { name: 'NodeRole.of with a list', build: () => h.NodeRole.of(any(['gpu'])), expect: ['[NodeRole.of] name: a list is not valid; expected a string'] },
  { name: 'Gpu.of with undefined', build: () => h.Gpu.of(any(undefined)), expect: ['[Gpu.of] deviceName: required; expected a string'] },
  { name: 'ResourcesPreset.named with a number', build: () => h.ResourcesPreset.named(any(1)), expect: ['[ResourcesPreset.named] name: the number 1 is not valid; expected a string'] },
  { name: 'ResourcesPreset.of with strings', build: () => h.ResourcesPreset.of(any('x9'), any('large')), expect: ['[ResourcesPreset.of] series: the string "x9" is not valid; expected one of PresetSeries.'] },
  { name: 'MaxUnhealthy.percent with a string', build: () => h.MaxUnhealthy.percent(any('40%')), expect: ['[MaxUnhealthy.percent] percent: the string "40%" is not valid; expected a finite number'] },
  { name: 'MemoryThreshold.size with a string', build: () => h.MemoryThreshold.size(any('100Mi')), expect: ['[MemoryThreshold.size] size: the string "100Mi" is not valid; expected a Size'] },

  // Layer 2: the Cluster API rendering and platform storage
  { name: 'ClusterApiRendering without props', build: (app) => new h.ClusterApiRendering(app, 'capi', any(undefined)), expect: ['[capi]', 'expected ClusterApiRenderingProps'] },
  { name: 'ClusterApiRendering without a cluster', build: (app) => new h.ClusterApiRendering(app, 'capi', any({})), expect: ['[capi] cluster: required; expected a HikubeCluster'] },
  { name: 'ClusterApiRendering with a cluster name', build: (app) => new h.ClusterApiRendering(app, 'capi', any({ cluster: 'prod' })), expect: ['[capi] cluster: the string "prod" is not valid; expected a HikubeCluster'] },
  { name: 'controlPlaneZones as strings', build: capi({ controlPlaneZones: ['geneva'] }), expect: ['[capi] controlPlaneZones[0]: the string "geneva" is not valid; expected a Zone', 'Zone.of("geneva")'] },
  { name: 'platform.tenant_host (Python)', build: capi({ platform: { tenant_host: 'acme.example' } }), expect: ['[capi] platform.tenant_host: unknown option; the option is tenantHost'] },
  { name: 'platform.tenantHost with a space', build: capi({ platform: { tenantHost: 'acme hikube', kubeadmWorkerImage: 'registry.example/disk:v1' } }), expect: ['[capi] platform.tenantHost: "acme hikube" is not valid'] },
  { name: 'platform.etcdDataStore with capitals', build: capi({ platform: { tenantHost: 'acme.example', etcdDataStore: 'Tenant-Root', kubeadmWorkerImage: 'registry.example/disk:v1' } }), expect: ['[capi] platform.etcdDataStore: "Tenant-Root" is not valid'] },
  { name: 'platform.kubeadmWorkerImage with a space', build: capi({ platform: { tenantHost: 'acme.example', kubeadmWorkerImage: 'ubuntu disk' } }), expect: ['[capi] platform.kubeadmWorkerImage: "ubuntu disk" is not valid; expected a container image reference'] },
  { name: 'the same cluster rendered twice', build: (app) => { const c = full(app); const platform = { tenantHost: 'acme.example', kubeadmWorkerImage: 'registry.example/disk:v1' }; new h.ClusterApiRendering(app, 'capi-a', { cluster: c, platform }); new h.ClusterApiRendering(app, 'capi-b', { cluster: c, platform }); }, expect: ['[capi-b/', 'is also defined at capi-a/', 'applied to the management cluster'] },
  { name: 'two clusters with one name and namespace', build: (app) => { cluster(app, { name: 'prod' }, 'a'); cluster(app, { name: 'prod' }, 'b'); }, expect: ['[b/Resource] metadata.name: Kubernetes tenant-acme/prod (apps.cozystack.io/v1alpha1) is also defined at a/Resource; both would be applied to the Hikube tenant API'] },
  { name: 'LinstorStorageClass replicas as a string', build: (app) => h.LinstorStorageClass.replicated(new Chart(app, 'storage'), 'r', any({ replicas: '3' })), expect: ['[storage/r] replicas: the string "3" is not valid; expected a finite number'] },
  { name: 'LinstorStorageClass zone_anti_affinity (Python)', build: (app) => new h.LinstorStorageClass(new Chart(app, 'storage'), 'r', any({ zone_anti_affinity: true })), expect: ['[storage/r] zone_anti_affinity: unknown option; the option is zoneAntiAffinity'] },
  { name: 'LinstorStorageClass negative replicas', build: (app) => new h.LinstorStorageClass(new Chart(app, 'storage'), 'r', { replicas: -1 }), expect: ['[storage/r] replicas: -1 is not valid; expected a whole number, 1 or more'] },
  { name: 'two storage classes with one name', build: (app) => { const s = new Chart(app, 'storage'); h.LinstorStorageClass.replicated(s, 'a'); new h.LinstorStorageClass(s, 'b', { name: 'replicated' }); }, expect: ['[storage/b/Resource] metadata.name: StorageClass replicated (storage.k8s.io/v1) is also defined at storage/a/Resource'] },
  { name: 'KubevirtCsiStorageClasses without cluster', build: (app) => new h.KubevirtCsiStorageClasses(new Chart(app, 'csi'), 'classes', any({})), expect: ['[csi/classes] cluster: required; expected a HikubeCluster'] },

  // Layer 3: inside the tenant cluster
  { name: 'TenantClusterChart without a cluster', build: (app) => new h.TenantClusterChart(app, 'inside', any({})), expect: ['[inside] cluster: required; expected a HikubeCluster'] },
  { name: 'TenantClusterChart with the cluster name', build: (app) => new h.TenantClusterChart(app, 'inside', any({ cluster: 'prod' })), expect: ['[inside] cluster: the string "prod" is not valid'] },
  { name: 'TenantClusterChart remote classes as a string', build: (app) => new h.TenantClusterChart(app, 'inside', any({ cluster: full(app), remoteAccessibleClasses: 'replicated' })), expect: ['[inside] remoteAccessibleClasses: the string "replicated" is not valid; expected a list'] },
  { name: 'LetsEncryptIssuer without props', build: (app) => new h.LetsEncryptIssuer(inside(app), 'le', any(undefined)), expect: ['[inside/le]', 'expected LetsEncryptIssuerProps'] },
  { name: 'LetsEncryptIssuer server as a string', build: (app) => new h.LetsEncryptIssuer(inside(app), 'le', any({ email: 'ops@acme-shop.ch', server: 'staging' })), expect: ['[inside/le] server: the string "staging" is not valid; expected one of AcmeServer.PRODUCTION', 'did you mean AcmeServer.STAGING'] },
  { name: 'LetsEncryptIssuer e-mail as a list', build: (app) => new h.LetsEncryptIssuer(inside(app), 'le', any({ email: ['ops@acme-shop.ch'] })), expect: ['[inside/le] email: a list is not valid; expected a string'] },
  { name: 'LetsEncryptIssuer bad e-mail', build: (app) => new h.LetsEncryptIssuer(inside(app), 'le', { email: 'ops' }), expect: ['[inside/le] email: "ops" is not valid'] },
  { name: 'LetsEncryptIssuer dns01 token typo', build: (app) => new h.LetsEncryptIssuer(inside(app), 'le', any({ email: 'ops@acme-shop.ch', cloudflareDns01: { apiTokenSecret: 'cf' } })), expect: ['cloudflareDns01.apiTokenSecret: unknown option of CloudflareDns01 (known: apiTokenSecretName, apiTokenSecretKey, dnsZones)', 'cloudflareDns01.apiTokenSecretName: required'] },
  { name: 'ExposedService without a workload', build: (app) => new h.ExposedService(inside(app), 'shop', any({ port: 8080 })), expect: ['[inside/shop] workload: required'] },
  { name: 'ExposedService with deployment (old option name)', build: (app) => { const c = inside(app); new h.ExposedService(c, 'shop', any({ deployment: web(c), port: 8080 })); }, expect: ['[inside/shop] deployment: unknown option of ExposedServiceProps', 'workload: required'] },
  { name: 'ExposedService with a Service as workload', build: (app) => { const c = inside(app); new h.ExposedService(c, 'shop', any({ workload: new kplus.Service(c, 'svc', { ports: [{ port: 80 }] }), port: 8080, exposure: h.Exposure.LOAD_BALANCER })); }, expect: ['[inside/shop] workload: "Service" is not valid; expected a cdk8s-plus Deployment, StatefulSet or DaemonSet'] },
  { name: 'ExposedService with a plain object workload', build: (app) => new h.ExposedService(inside(app), 'shop', any({ workload: { kind: 'Deployment' }, port: 8080 })), expect: ['[inside/shop] workload: "Object" is not valid; expected a cdk8s-plus Deployment'] },
  { name: 'ExposedService port as a string', build: (app) => { const c = inside(app); new h.ExposedService(c, 'shop', any({ workload: web(c), port: '8080' })); }, expect: ['[inside/shop] port: the string "8080" is not valid; expected a finite number'] },
  { name: 'ExposedService port 70000', build: (app) => { const c = inside(app); new h.ExposedService(c, 'shop', { workload: web(c), port: 70000, exposure: h.Exposure.LOAD_BALANCER }); }, expect: ['[inside/shop] port: 70000 is not valid; expected a port from 1 to 65535'] },
  { name: 'ExposedService exposure typo', build: (app) => { const c = inside(app); new h.ExposedService(c, 'shop', any({ workload: web(c), port: 8080, exposure: 'loadbalancer' })); }, expect: ['[inside/shop] exposure: the string "loadbalancer" is not valid; expected one of Exposure.INGRESS ("ingress"), Exposure.LOAD_BALANCER ("load-balancer")'] },
  { name: 'ExposedService host as a list', build: (app) => { const c = inside(app); new h.ExposedService(c, 'shop', any({ workload: web(c), port: 8080, host: ['shop.acme.example'] })); }, expect: ['[inside/shop] host: a list is not valid; expected a string'] },
  { name: 'ExposedService issuer as a name', build: (app) => { const c = inside(app); new h.ExposedService(c, 'shop', any({ workload: web(c), port: 8080, host: 'shop.acme.example', issuer: 'letsencrypt-prod' })); }, expect: ['[inside/shop] issuer: the string "letsencrypt-prod" is not valid; expected a LetsEncryptIssuer'] },
  { name: 'ExposedService id with underscores and capitals', build: (app) => { const c = inside(app); const issuer = new h.LetsEncryptIssuer(c, 'le', { email: 'ops@acme-shop.ch' }); new h.ExposedService(c, 'Shop_Site', { workload: web(c), port: 8080, host: 'shop.acme.example', issuer }); }, expect: 'valid' },
  { name: 'GitOpsSync interval as a string', build: (app) => new h.GitOpsSync(inside(app), 'fleet', any({ url: 'https://git.example/fleet.git', interval: '5m' })), expect: ['[inside/fleet] interval: the string "5m" is not valid; expected a Duration'] },
  { name: 'GitOpsSync url missing', build: (app) => new h.GitOpsSync(inside(app), 'fleet', any({ path: './apps' })), expect: ['[inside/fleet] url: required; expected a string'] },
  { name: 'GitOpsSync branch with a space', build: (app) => new h.GitOpsSync(inside(app), 'fleet', { url: 'https://git.example/fleet.git', branch: 'my branch' }), expect: ['[inside/fleet] branch: "my branch" is not valid; expected a Git branch name'] },
  { name: 'GitOpsSync branch with ..', build: (app) => new h.GitOpsSync(inside(app), 'fleet', { url: 'https://git.example/fleet.git', branch: 'a..b' }), expect: ['[inside/fleet] branch: "a..b" is not valid'] },
  { name: 'GitOpsSync secret name with a space', build: (app) => new h.GitOpsSync(inside(app), 'fleet', { url: 'https://git.example/fleet.git', secretName: 'git creds' }), expect: ['[inside/fleet] secretName: "git creds" is not valid'] },
  { name: 'GitOpsSync prune as a string', build: (app) => new h.GitOpsSync(inside(app), 'fleet', any({ url: 'https://git.example/fleet.git', prune: 'yes' })), expect: ['[inside/fleet] prune: the string "yes" is not valid; expected a boolean'] },
  { name: 'GitOpsSync id with capitals', build: (app) => new h.GitOpsSync(inside(app), 'Fleet', { url: 'https://git.example/fleet.git' }), expect: ['[inside/Fleet] metadata.name: "Fleet" is not valid; expected a lower-case DNS subdomain; set name'] },
  { name: 'GitOpsSync repo_url (Python)', build: (app) => new h.GitOpsSync(inside(app), 'fleet', any({ url: 'https://git.example/fleet.git', secret_name: 'git' })), expect: ['[inside/fleet] secret_name: unknown option; the option is secretName'] },
  { name: 'two issuers with one name in one tenant cluster', build: (app) => { const c = inside(app); new h.LetsEncryptIssuer(c, 'a', { email: 'ops@acme-shop.ch', name: 'le' }); new h.LetsEncryptIssuer(c, 'b', { email: 'ops@acme-shop.ch', name: 'le' }); }, expect: ['[inside/b/', 'is also defined at inside/a/', 'tenant cluster tenant-acme/prod'] },
  {
    name: 'the same issuer in two tenant clusters',
    build: (app) => {
      for (const id of ['one', 'two']) {
        const c = new h.HikubeCluster(app, id, { tenantNamespace: NS, addons: [new h.CertManager()], nodeGroups: { web: h.NodeGroupSpec.of({ minReplicas: 1, maxReplicas: 2 }) } });
        new h.LetsEncryptIssuer(new h.TenantClusterChart(app, `${id}-inside`, { cluster: c }), 'le', { email: 'ops@acme-shop.ch', http01: false, cloudflareDns01: { apiTokenSecretName: 'cf' } });
      }
    },
    expect: 'valid',
  },
  // Guide journeys: buckets, backups, GPU workloads, network rules, VPA, FluentBit
  { name: 'Bucket users as a list', build: (app) => new h.Bucket(cluster(app), 'backups', any({ users: ['velero'] })), expect: ['[prod/backups] users: a list is not valid; expected a map'] },
  { name: 'Bucket user as a plain object', build: (app) => new h.Bucket(cluster(app), 'backups', any({ users: { velero: { readOnly: true } } })), expect: ['[prod/backups] users.velero: a plain object is not valid; expected a BucketUser: BucketUser.of(...)'] },
  { name: 'Bucket user read_only (Python spelling)', build: () => h.BucketUser.of(any({ read_only: true })), expect: ['[BucketUser.of] options.read_only: unknown option; the option is readOnly'] },
  { name: 'Bucket locking as a string', build: (app) => new h.Bucket(cluster(app), 'backups', any({ locking: 'yes' })), expect: ['[prod/backups] locking: the string "yes" is not valid; expected a boolean'] },
  { name: 'Velero backupLocation as a string', build: () => new h.Velero(any({ backupLocation: 'default' })), expect: ['[Velero] backupLocation: the string "default" is not valid; expected VeleroBackupLocation'] },
  { name: 'Velero backup_location (Python)', build: () => new h.Velero(any({ backup_location: {} })), expect: ['[Velero] backup_location: unknown option; the option is backupLocation'] },
  { name: 'Velero valuesOverride as a list', build: () => new h.Velero(any({ valuesOverride: ['velero'] })), expect: ['[Velero] valuesOverride: a list is not valid; expected a map'] },
  { name: 'Velero valuesOverride NaN', build: () => new h.Velero(any({ valuesOverride: { velero: { n: NaN } } })), expect: ['[Velero] valuesOverride.velero.n: NaN has no JSON form'] },
  { name: 'IngressNginx hosts as one string', build: () => new h.IngressNginx(any({ hosts: 'a.example' })), expect: ['[IngressNginx] hosts: the string "a.example" is not valid; expected a list', 'wrap it in a list: ["a.example"]'] },
  { name: 'IngressNginx exposeMethod typo', build: () => new h.IngressNginx(any({ exposeMethod: 'loadbalancer' })), expect: ['[IngressNginx] exposeMethod: the string "loadbalancer" is not valid; expected one of ExposeMethod.PROXIED ("Proxied"), ExposeMethod.LOAD_BALANCER ("LoadBalancer"); did you mean ExposeMethod.LOAD_BALANCER'] },
  { name: 'IngressNginx replica typo', build: () => new h.IngressNginx(any({ replica: 2 })), expect: ['[IngressNginx] replica: unknown option of IngressNginxProps; did you mean replicas?'] },
  { name: 'CertManager service_monitor (Python)', build: () => new h.CertManager(any({ service_monitor: true })), expect: ['[CertManager] service_monitor: unknown option; the option is serviceMonitor'] },
  { name: 'Flux bootstrap as a URL string', build: () => new h.Flux(any({ bootstrap: 'https://git.example/fleet.git' })), expect: ['[Flux] bootstrap: the string "https://git.example/fleet.git" is not valid; expected FluxBootstrapSource'] },
  { name: 'Flux gitRepository (documented shape)', build: () => new h.Flux(any({ gitRepository: { url: 'https://git.example/fleet.git' } })), expect: ['[Flux] gitRepository: unknown option of FluxProps'] },
  { name: 'Cilium options as a string', build: () => new h.Cilium(any('hubble')), expect: ['[Cilium] AlwaysOnAddonProps: the string "hubble" is not valid'] },
  { name: 'BackupSchedule namespaces as a string', build: (app) => new h.BackupSchedule(inside(app), 'nightly', any({ namespaces: 'shop' })), expect: ['[inside/nightly] namespaces: the string "shop" is not valid; expected a list', 'wrap it in a list: ["shop"]'] },
  { name: 'BackupSchedule schedule as a number', build: (app) => new h.BackupSchedule(inside(app), 'nightly', any({ namespaces: ['shop'], schedule: 2 })), expect: ['[inside/nightly] schedule: the number 2 is not valid; expected a string'] },
  { name: 'BackupSchedule retention as a string', build: (app) => new h.BackupSchedule(inside(app), 'nightly', any({ namespaces: ['shop'], retention: '720h' })), expect: ['[inside/nightly] retention: the string "720h" is not valid; expected a Duration'] },
  { name: 'ReplicatedVolumeClaim size as a string', build: (app) => new h.ReplicatedVolumeClaim(inside(app), 'data', any({ namespace: 'shop', size: '1.5Gi' })), expect: ['[inside/data] size: the string "1.5Gi" is not valid; expected a Size'] },
  { name: 'ReplicatedVolumeClaim without namespace', build: (app) => new h.ReplicatedVolumeClaim(inside(app), 'data', any({ size: Size.gibibytes(1) })), expect: ['[inside/data] namespace: required; expected a string'] },
  { name: 'Restore namespaces as a string', build: (app) => new h.Restore(inside(app), 'back', any({ backupName: 'nightly-1', namespaces: 'shop' })), expect: ['[inside/back] namespaces: the string "shop" is not valid; expected a list'] },
  { name: 'Restore fromSchedule as a name', build: (app) => new h.Restore(inside(app), 'back', any({ fromSchedule: 'nightly' })), expect: ['[inside/back] fromSchedule: the string "nightly" is not valid; expected a BackupSchedule'] },
  { name: 'SecureNamespace podSecurity Restricted', build: (app) => new h.SecureNamespace(inside(app), 'shop', any({ podSecurity: 'Restricted' })), expect: ['[inside/shop] podSecurity: the string "Restricted" is not valid; expected one of PodSecurityLevel.RESTRICTED ("restricted")', 'did you mean PodSecurityLevel.RESTRICTED'] },
  { name: 'SecureNamespace admins as one subject', build: (app) => new h.SecureNamespace(inside(app), 'shop', any({ admins: h.AccessSubject.group('ops') })), expect: ['[inside/shop] admins: an AccessSubject is not valid; expected a list'] },
  { name: 'SecureNamespace quota pods as a string', build: (app) => new h.SecureNamespace(inside(app), 'shop', any({ quota: { pods: '10' } })), expect: ['[inside/shop] quota.pods: the string "10" is not valid; expected a finite number'] },
  { name: 'SecureNamespace allow_from_ingress (Python)', build: (app) => new h.SecureNamespace(inside(app), 'shop', any({ allow_from_ingress: true })), expect: ['[inside/shop] allow_from_ingress: unknown option; the option is allowFromIngress'] },
  { name: 'SecureNamespace imagePullSecrets as a string', build: (app) => new h.SecureNamespace(inside(app), 'shop', any({ imagePullSecrets: 'registry' })), expect: ['[inside/shop] imagePullSecrets: the string "registry" is not valid; expected a list'] },
  { name: 'AccessSubject.user with an empty name', build: () => h.AccessSubject.user(''), expect: ['[AccessSubject] AccessSubject.user: "" is not valid; expected a non-empty name'] },
  { name: 'GpuWorkload workload as a name', build: (app) => new h.GpuWorkload(inside(app), 'gpu', any({ workload: 'inference', nodeGroup: 'gpu' })), expect: ['[inside/gpu] workload: the string "inference" is not valid; expected an IWorkload (a cdk8s-plus Deployment, StatefulSet or DaemonSet)'] },
  { name: 'GpuWorkload gpusPerPod as a string', build: (app) => { const c = inside(app); new h.GpuWorkload(c, 'gpu', any({ workload: web(c), nodeGroup: 'web', gpusPerPod: '1' })); }, expect: ['[inside/gpu] gpusPerPod: the string "1" is not valid; expected a finite number'] },
  { name: 'GpuWorkload node_group (Python)', build: (app) => { const c = inside(app); new h.GpuWorkload(c, 'gpu', any({ workload: web(c), node_group: 'web' })); }, expect: ['[inside/gpu] node_group: unknown option; the option is nodeGroup', 'nodeGroup: required'] },
  { name: 'VerticalAutoscaler updateMode lower case', build: (app) => { const c = inside(app); new h.VerticalAutoscaler(c, 'vpa', any({ workload: web(c), updateMode: 'auto' })); }, expect: ['[inside/vpa] updateMode: the string "auto" is not valid; expected one of VpaUpdateMode.OFF ("Off")', 'did you mean VpaUpdateMode.AUTO'] },
  { name: 'VerticalAutoscaler maxMemory as a string', build: (app) => { const c = inside(app); new h.VerticalAutoscaler(c, 'vpa', any({ workload: web(c), maxMemory: '4Gi' })); }, expect: ['[inside/vpa] maxMemory: the string "4Gi" is not valid; expected a Size'] },
  { name: 'FluentBit without outputs', build: (app) => new h.FluentBit(inside(app), 'logs', any({})), expect: ['[inside/logs] outputs: required; expected a list (each: FluentBitOutput)'] },
  { name: 'FluentBit output as a plain object', build: (app) => new h.FluentBit(inside(app), 'logs', any({ outputs: [{ name: 'loki', host: 'loki' }] })), expect: ['[inside/logs] outputs[0]: a plain object is not valid; expected a FluentBitOutput: FluentBitOutput.elasticsearch(...)'] },
  { name: 'FluentBit flushSeconds as a string', build: (app) => new h.FluentBit(inside(app), 'logs', any({ outputs: [h.FluentBitOutput.stdout()], flushSeconds: '5' })), expect: ['[inside/logs] flushSeconds: the string "5" is not valid; expected a finite number'] },
  { name: 'FluentBit image as a string', build: (app) => new h.FluentBit(inside(app), 'logs', any({ outputs: [h.FluentBitOutput.stdout()], image: 'fluent/fluent-bit:4.0' })), expect: ['[inside/logs] image: the string "fluent/fluent-bit:4.0" is not valid; expected a FluentBitImage', 'FluentBitImage.of("fluent/fluent-bit:4.0")'] },
  { name: 'FluentBit Loki host misspelt', build: () => h.FluentBitOutput.loki(any({ hots: 'loki' })), expect: ['[FluentBitOutput.loki] options.hots: unknown option of LokiOutputOptions; did you mean host?'] },
  { name: 'FluentBit Loki labels as a string', build: () => h.FluentBitOutput.loki(any({ host: 'loki', labels: 'job=logs' })), expect: ['[FluentBitOutput.loki] options.labels: the string "job=logs" is not valid; expected a map'] },
  { name: 'FluentBit grep include as a string', build: () => h.FluentBitFilter.grep(any({ include: 'log error' })), expect: ['[FluentBitFilter.grep] options.include: the string "log error" is not valid; expected a list'] },
  { name: 'FluentBit grep rule as a plain object', build: () => h.FluentBitFilter.grep(any({ exclude: [{ key: 'log', regex: 'debug' }] })), expect: ['[FluentBitFilter.grep] options.exclude[0]: a plain object is not valid; expected a GrepRule: GrepRule.of(...)'] },
  { name: 'FluentBit grep rule without a regex', build: () => h.GrepRule.of(any({ key: 'log', regx: 'debug' })), expect: ['[GrepRule.of] options.regx: unknown option of GrepRuleOptions; did you mean regex?', 'options.regex: required'] },
  { name: 'FluentBit parser as a plain object', build: (app) => new h.FluentBit(inside(app), 'logs', any({ outputs: [h.FluentBitOutput.stdout()], parsers: [{ name: 'app', format: 'json' }] })), expect: ['[inside/logs] parsers[0]: a plain object is not valid; expected a FluentBitParser: FluentBitParser.of(...)'] },
  { name: 'FluentBit parser time_key (Python spelling)', build: () => h.FluentBitParser.of(any({ name: 'app', format: h.FluentBitParserFormat.JSON, time_key: 'time' })), expect: ['[FluentBitParser.of] options.time_key: unknown option; the option is timeKey'] },
  { name: 'FluentBit secret header as a plain object', build: () => h.FluentBitOutput.http(any({ host: 'h', secretHeaders: { Authorization: { secretName: 'auth', key: 'header' } } })), expect: ['[FluentBitOutput.http] options.secretHeaders.Authorization: a plain object is not valid; expected a FluentBitSecretKey: FluentBitSecretKey.of(...)'] },
  { name: 'FluentBit secret property secret_name (Python spelling)', build: () => h.FluentBitSecretKey.of(any({ secret_name: 'dd', key: 'api-key' })), expect: ['[FluentBitSecretKey.of] options.secret_name: unknown option; the option is secretName', 'options.secretName: required'] },
  { name: 'FluentBit plugin properties as a list', build: () => h.FluentBitOutput.of('kafka', any(['brokers=k:9092'])), expect: ['[FluentBitOutput.of] properties: a list is not valid; expected a map'] },
  // Checks across objects: backups, secrets in plain text, zones and sizes, charts of one app
  { name: 'Restore by the schedule\'s name', build: (app) => { const c = backedUp(app); new h.BackupSchedule(c, 'nightly', { namespaces: ['shop'] }); new h.Restore(c, 'back', any({ backupName: 'nightly' })); }, expect: ['[backed/back] backupName: nightly is the name of a schedule', 'pass fromSchedule'] },
  { name: 'Restore of a backup of the schedule, by name', build: (app) => { const c = backedUp(app); new h.BackupSchedule(c, 'nightly', { namespaces: ['shop'] }); new h.Restore(c, 'back', { backupName: 'nightly-20260101020000', namespaces: ['shop'] }); }, expect: 'valid' },
  { name: 'Restore of a namespace the schedule does not back up', build: (app) => { const c = backedUp(app); const s = new h.BackupSchedule(c, 'nightly', { namespaces: ['shop'] }); new h.Restore(c, 'back', any({ fromSchedule: s, namespaceMapping: { shp: 'shop' } })); }, expect: ['[backed/back] namespaceMapping.shp: schedule nightly never backs up namespace shp', 'did you mean shop?'] },
  { name: 'Restore from a schedule of another cluster', build: (app) => { const s = new h.BackupSchedule(backedUp(app), 'nightly', { namespaces: ['shop'] }); new h.Restore(backedUp(app, 'staging'), 'back', { fromSchedule: s }); }, expect: ['[staging-backed/back] fromSchedule: schedule nightly backs up cluster prod'] },
  { name: 'BackupSchedule of a namespace nothing creates', build: (app) => { const c = backedUp(app); new kplus.Namespace(c, 'ns', { metadata: { name: 'shop' } }); new h.BackupSchedule(c, 'nightly', { namespaces: ['shp'] }); }, expect: ['[backed] Schedule nightly namespaces: namespace shp is created nowhere in the app for this cluster', 'did you mean shop?'] },
  { name: 'two clusters backing up to one bucket prefix', build: (app) => { backedUp(app); backedUp(app, 'staging', 'prod'); }, expect: ['[staging] addons.velero.backupLocation.prefix: cluster prod (prod) already writes its backups to prefix prod'] },
  { name: 'Zone.of with a misspelt zone', build: () => h.Zone.of('geneve'), expect: ['[Zone.of] name: "geneve" is not valid; Hikube has the zones geneva, lucerne, gland; did you mean geneva?'] },
  { name: 'node group of 64 MiB', build: group({ instanceType: undefined, resources: { cpu: kplus.Cpu.units(1), memory: Size.mebibytes(64) } }), expect: ['[prod] nodeGroups.web.resources.memory: "64Mi" is not valid; a worker needs at least 512Mi to boot'] },
  { name: 'GitOpsSync URL with a token', build: (app) => new h.GitOpsSync(inside(app), 'fleet', { url: 'https://oauth2:glpat-abc@gitlab.example/fleet.git' }), expect: ['[inside/fleet] url: the URL carries the password after "oauth2:"', 'secretName'] },
  { name: 'GitOpsSync notSecrets as a string', build: (app) => new h.GitOpsSync(inside(app), 'fleet', any({ url: 'https://git.example/fleet.git', notSecrets: 'token' })), expect: ['[inside/fleet] notSecrets: the string "token" is not valid; expected a list'] },
  { name: 'Flux bootstrap URL with a password', build: (app) => cluster(app, { addons: [new h.Flux({ bootstrap: { url: 'https://deploy:hunter2@git.example/fleet.git' } })] }), expect: ['[prod] addons.fluxcd.bootstrap.url: the URL carries the password after "deploy:"', 'pullSecret'] },
  { name: 'FluentBit http_passwd in extraProperties', build: (app) => new h.FluentBit(inside(app), 'logs', { outputs: [h.FluentBitOutput.http(any({ host: 'logs.example', extraProperties: { http_passwd: 'hunter2' } }))] }), expect: ['[inside/logs] outputs[0].http.http_passwd: property http_passwd of http holds a credential', 'basicAuth'] },
  { name: 'FluentBit Authorization header', build: (app) => new h.FluentBit(inside(app), 'logs', { outputs: [h.FluentBitOutput.http({ host: 'logs.example', headers: { Authorization: 'Basic Zm9v' } })] }), expect: ['[inside/logs] outputs[0].http.header.Authorization: header Authorization carries a credential', 'secretHeaders'] },
  { name: 'TenantClusterChart for a cluster of another app', build: (app) => new h.TenantClusterChart(app, 'inside', { cluster: full(new App()) }), expect: ['[inside] cluster: "prod" is not valid; the cluster belongs to another App'] },
  { name: 'LetsEncryptIssuer e-mail in mailto: form', build: (app) => new h.LetsEncryptIssuer(inside(app), 'le', { email: 'mailto:ops@acme.ch' }), expect: ['[inside/le] email: "mailto:ops@acme.ch" is not valid; cert-manager adds the mailto: scheme itself', 'write ops@acme.ch'] },
  { name: 'Zone.selfHosted with a number', build: () => h.Zone.selfHosted(any(3)), expect: ['[Zone.selfHosted] name: the number 3 is not valid; expected a string'] },
  { name: 'ConfigMap of 1.6 MiB in a tenant-cluster chart', build: (app) => new ApiObject(inside(app), 'blob', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'blob', namespace: 'default' }, data: { blob: 'x'.repeat(1600 * 1024) } }), expect: ['[inside/blob] manifest: ConfigMap blob is 1.6 MiB'] },
  // Checks across objects (issue "What YAML cannot say"), as untyped callers meet them: each with its rule and a valid neighbour
  { name: 'BackupSchedule every 5 minutes kept 30 days (strict mode)', build: inStrictMode((app) => new h.BackupSchedule(quiet(app), 'often', { namespaces: ['shop'], schedule: '@every 5m' })), rule: 'HK-BACKUP-COUNT', expect: ['[prod-quiet/often/Resource] schedule: "@every 5m" with a retention of 720h keeps about 8,640 backups at once', '(a warning, an error in strict mode)'] },
  { name: 'BackupSchedule hourly (strict mode)', build: inStrictMode((app) => new h.BackupSchedule(quiet(app), 'hourly', { namespaces: ['shop'], schedule: '@hourly' })), expect: 'valid', written: ['schedule: "@hourly"'] },
  { name: 'Restore of namespaces its schedule never backs up', build: (app) => { const c = backedUp(app); new kplus.Namespace(c, 'ns', { metadata: { name: 'shop' } }); const s = new h.BackupSchedule(c, 'nightly', { namespaces: ['shop'] }); new h.Restore(c, 'back', { fromSchedule: s, namespaces: ['billing'] }); }, rule: 'HK-RESTORE-NAMESPACE', expect: ['[backed/back] namespaces: schedule nightly never backs up namespace billing (it backs up shop)'] },
  { name: 'Restore of the namespaces its schedule backs up', build: (app) => { const c = backedUp(app); new kplus.Namespace(c, 'ns', { metadata: { name: 'shop' } }); const s = new h.BackupSchedule(c, 'nightly', { namespaces: ['shop'] }); new h.Restore(c, 'back', { fromSchedule: s, namespaces: ['shop'] }); }, expect: 'valid', written: ['scheduleName: nightly'] },
  { name: 'GitOpsSync URL with an access_token query key', build: (app) => new h.GitOpsSync(inside(app), 'fleet', { url: `${FLEET}?access_token=abc123` }), rule: 'HK-SECRET-IN-URL', expect: ['[inside/fleet] url: the URL carries query key access_token', 'secretName'] },
  { name: 'GitOpsSync query key that only looks like a secret, listed in notSecrets', build: (app) => new h.GitOpsSync(inside(app), 'fleet', { url: `${FLEET}?access_token=public`, notSecrets: ['access_token'] }), expect: 'valid', written: [`url: ${FLEET}?access_token=public`] },
  { name: 'FluentBit proxy URL with a password', build: (app) => new h.FluentBit(inside(app), 'logs', { outputs: [h.FluentBitOutput.of('http', { host: 'logs.example', proxy: 'http://ops:hunter2@proxy.example:3128' })] }), rule: 'HK-SECRET-IN-URL', expect: ['[inside/logs] outputs[0].http.proxy: the URL carries the password after "ops:"'] },
  { name: 'FluentBit datadog apikey in plain properties', build: (app) => new h.FluentBit(inside(app), 'logs', { outputs: [h.FluentBitOutput.of('datadog', { Host: 'http-intake.logs.datadoghq.eu', apikey: 'abc' })] }), rule: 'HK-SECRET-PROPERTY', expect: ['[inside/logs] outputs[0].datadog.apikey: property apikey of datadog holds a credential', 'secretProperties'] },
  { name: 'FluentBit datadog apikey from a Secret', build: (app) => new h.FluentBit(inside(app), 'logs', { outputs: [h.FluentBitOutput.of('datadog', { Host: 'http-intake.logs.datadoghq.eu' }, { secretProperties: { apikey: h.FluentBitSecretKey.of({ secretName: 'datadog', key: 'api-key' }) } })] }), expect: 'valid', written: ['name: datadog'] },
  { name: 'ExposedService on a port no container declares', build: (app) => { const c = inside(app); new h.ExposedService(c, 'shop', { workload: web(c), port: 80, host: 'shop.acme.example', plainHttp: true }); }, rule: 'HK-EXPOSURE-PORT', expect: ['[inside/shop] port: 80 is not valid; the containers of Deployment inside-web listen on 8080'] },
  { name: 'ExposedService on the declared port', build: (app) => { const c = inside(app); new h.ExposedService(c, 'shop', { workload: web(c), port: 8080, host: 'shop.acme.example', plainHttp: true }); }, expect: 'valid', written: ['host: shop.acme.example'] },
  { name: 'two ExposedServices on one host and path', build: (app) => { const c = inside(app); const w = web(c); new h.ExposedService(c, 'a', { workload: w, port: 8080, host: 'shop.acme.example', plainHttp: true }); new h.ExposedService(c, 'b', { workload: w, port: 8080, host: 'shop.acme.example', plainHttp: true }); }, rule: 'HK-HOST-OWNER', expect: ['[inside/b] hosts: "shop.acme.example" is not valid; inside/a already serves it on the path /'] },
  { name: 'ExposedService on the API server\'s host', build: (app) => { const c = new h.TenantClusterChart(app, 'inside', { cluster: full(app, 'shop.acme.example') }); new h.ExposedService(c, 'shop', { workload: web(c), port: 8080, host: 'shop.acme.example', plainHttp: true }); }, rule: 'HK-API-HOST', expect: ['[inside/shop] hosts: "shop.acme.example" is not valid; it is the API server host of cluster prod'] },
  { name: 'Deployment pinned to zone geneve', build: (app) => { web(inside(app)).scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is('topology.kubernetes.io/zone', 'geneve'))); }, rule: 'HK-POD-FIT', expect: ['[inside] Deployment inside-web affinity: {"topology.kubernetes.io/zone":"geneve"} is not valid; no node of cluster prod is in that zone', 'did you mean geneva?'] },
  { name: 'Deployment pinned to zone geneva', build: (app) => { web(inside(app)).scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is('topology.kubernetes.io/zone', 'geneva'))); }, expect: 'valid', written: ['- geneva'] },
  { name: 'Deployment requesting 64 CPUs per pod', build: (app) => new kplus.Deployment(inside(app), 'big', { metadata: { namespace: 'shop' }, containers: [{ image: 'nginx:1.27', portNumber: 8080, securityContext: h.PodSecurity.restrictedContainerContext(), resources: { cpu: { request: kplus.Cpu.units(64) } } }] }), rule: 'HK-POD-FIT', expect: ['[inside] Deployment inside-big resources.requests: "64000m CPU, 0Mi per pod" is not valid; no node group it may run on can allocate that'] },
  { name: 'PersistentVolumeClaim on a storage class the cluster lacks', build: (app) => new kplus.PersistentVolumeClaim(inside(app), 'data', { metadata: { namespace: 'shop' }, storage: Size.gibibytes(10), storageClassName: 'fast-ssd' }), rule: 'HK-CLAIM-STORAGE-CLASS', expect: ['[inside] PersistentVolumeClaim inside-data spec.storageClassName: "fast-ssd" is not valid; cluster prod has the storage classes kubevirt'] },
  { name: 'PersistentVolumeClaim on the cluster\'s storage class', build: (app) => new kplus.PersistentVolumeClaim(inside(app), 'data', { metadata: { namespace: 'shop' }, storage: Size.gibibytes(10), storageClassName: 'kubevirt' }), expect: 'valid', written: ['storageClassName: kubevirt'] },
  { name: 'namespace quota of 1 CPU for three pods of 500m', build: quotaFor(kplus.Cpu.units(1)), rule: 'HK-QUOTA-FIT', expect: ['[inside/shop] quota.requestsCpu: "1" is not valid; the workloads of namespace shop need at least 1500m of requests.cpu'] },
  { name: 'namespace quota of 2 CPUs for three pods of 500m', build: quotaFor(kplus.Cpu.units(2)), expect: 'valid', written: ['requests.cpu: "2"'] },
  { name: 'LetsEncryptIssuer contact at example.com', build: (app) => new h.LetsEncryptIssuer(inside(app), 'le', { email: 'ops@example.com' }), rule: 'HK-ISSUER-CONTACT', expect: ['[inside/le] email: "ops@example.com" is not valid; Let\'s Encrypt refuses to register an account at example.com'] },
  { name: 'LetsEncryptIssuer contact at a domain of its own', build: (app) => new h.LetsEncryptIssuer(inside(app), 'le', { email: 'ops@acme-shop.ch' }), expect: 'valid', written: ['email: ops@acme-shop.ch'] },
  { name: 'annotations of 300 KiB', build: (app) => new ApiObject(inside(app), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default', annotations: { big: 'x'.repeat(300 * 1024) } } }), rule: 'HK-OBJECT-SIZE', expect: ['[inside/cm] metadata.annotations: the annotations of ConfigMap cm add up to 301 KiB, and the API server refuses more than 256 KiB'] },
  { name: 'a second default StorageClass (strict mode)', build: inStrictMode(storageClass('true')), rule: 'HK-DEFAULT-STORAGE-CLASS', expect: ['[prod-quiet/fast] metadata.annotations.storageclass.kubernetes.io/is-default-class: cluster prod already has a default StorageClass (kubevirt, from the platform)'] },
  { name: 'a StorageClass that is not the default (strict mode)', build: inStrictMode(storageClass('false')), expect: 'valid', written: ['storageclass.kubernetes.io/is-default-class: "false"'] },
  { name: 'GitOpsSync from ssh:// without a secret', build: (app) => new h.GitOpsSync(inside(app), 'fleet', { url: 'ssh://git@git.acme.example/fleet.git' }), rule: 'HK-GITOPS-SSH', expect: ['[inside/fleet] secretName: an ssh:// source needs a Secret with the private key'] },
  { name: 'GitOpsSync from ssh:// with a secret', build: (app) => new h.GitOpsSync(inside(app), 'fleet', { url: 'ssh://git@git.acme.example/fleet.git', secretName: 'fleet-key' }), expect: 'valid', written: ['name: fleet-key'] },
  { name: 'two GitOpsSyncs of one repository path', build: (app) => { const c = inside(app); new h.GitOpsSync(c, 'apps', { url: FLEET, path: 'apps' }); new h.GitOpsSync(c, 'more', { url: `${FLEET}/`, path: './apps/' }); }, rule: 'HK-GITOPS-OWNER', expect: ['[inside/more] path: GitOpsSync inside/apps already applies path ./apps/ of'] },
  { name: 'two GitOpsSyncs of two paths of one repository', build: (app) => { const c = inside(app); new h.GitOpsSync(c, 'apps', { url: FLEET, path: 'apps' }); new h.GitOpsSync(c, 'infra', { url: FLEET, path: 'infra' }); }, expect: 'valid', written: ['path: apps\n', 'path: infra\n'] },
  { name: 'GitOpsSync over plain HTTP (strict mode)', build: inStrictMode((app) => new h.GitOpsSync(quiet(app), 'fleet', { url: 'http://git.acme.example/fleet.git' })), rule: 'HK-GITOPS-HTTP', expect: ['[prod-quiet/fleet] url: http://git.acme.example/fleet.git is fetched over plain HTTP', '(a warning, an error in strict mode)'] },
  { name: 'Flux bootstrap from ssh:// without a pull secret', build: (app) => cluster(app, { addons: [flux({ url: 'ssh://git@git.acme.example/fleet.git' })] }), rule: 'HK-FLUX-SSH', expect: ['[prod] addons.fluxcd.bootstrap.pullSecret: an ssh:// source needs a Secret with the private key'] },
  { name: 'two clusters bootstrapped from one path (strict mode)', build: inStrictMode((app) => { cluster(app, { addons: [flux({ url: FLEET, path: 'clusters' })] }); cluster(app, { addons: [flux({ url: FLEET, path: './clusters' })] }, 'staging'); }), rule: 'HK-FLUX-SHARED', expect: ['[staging] addons.fluxcd.bootstrap.path: cluster prod (prod) is already bootstrapped from path ./clusters'] },
  { name: 'two clusters bootstrapped from paths of their own (strict mode)', build: inStrictMode((app) => { cluster(app, { addons: [flux({ url: FLEET, path: 'clusters/prod' })] }); cluster(app, { addons: [flux({ url: FLEET, path: 'clusters/staging' })] }, 'staging'); }), expect: 'valid', written: ['path: clusters/prod', 'path: clusters/staging'] },
  { name: 'Deployment in a namespace nothing creates (strict mode)', build: inStrictMode((app) => { const c = quiet(app); new kplus.Namespace(c, 'ns', { metadata: { name: 'shop' } }); web(c, 'shp'); }), rule: 'HK-NAMESPACE-UNKNOWN', expect: ['[prod-quiet/web/Resource] metadata.namespace: namespace shp is created nowhere in the app for cluster prod', 'did you mean shop?'] },
  { name: 'Deployment in the namespace the app creates (strict mode)', build: inStrictMode((app) => { const c = quiet(app); new kplus.Namespace(c, 'ns', { metadata: { name: 'shop' } }); web(c, 'shop'); }), expect: 'valid', written: ['namespace: shop'] },
  { name: 'ExposedService given the issuer of another cluster', build: (app) => { const a = inside(app); const b = new h.TenantClusterChart(app, 'b-inside', { cluster: cluster(app, { addons: [new h.CertManager(), new h.IngressNginx({ hosts: ['b.acme.example'] })], nodeGroups: { web: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_LARGE, minReplicas: 1, roles: [h.NodeRole.INGRESS_NGINX] }) } }, 'b') }); const issuer = new h.LetsEncryptIssuer(a, 'le', { email: 'ops@acme-shop.ch' }); new h.ExposedService(b, 'site', { workload: web(b), port: 8080, host: 'b.acme.example', issuer }); }, rule: 'HK-ISSUER-CLUSTER', expect: ['[b-inside/site] issuer: "inside/le" is not valid; the issuer is created for cluster prod'] },
  { name: 'ExposedService given the issuer of its own cluster', build: (app) => { const c = inside(app); const issuer = new h.LetsEncryptIssuer(c, 'le', { email: 'ops@acme-shop.ch' }); new h.ExposedService(c, 'site', { workload: web(c), port: 8080, host: 'shop.acme.example', issuer }); }, expect: 'valid', written: ['cert-manager.io/cluster-issuer: '] },
  { name: 'Ingress naming a ClusterIssuer the cluster lacks (strict mode)', build: inStrictMode((app) => { const c = quiet(app); new h.LetsEncryptIssuer(c, 'le', { email: 'ops@acme-shop.ch' }); const ing = new kplus.Ingress(c, 'shop', { metadata: { namespace: 'shop', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prd' } } }); ing.addHostDefaultBackend('shop.acme.example', kplus.IngressBackend.fromService(web(c).exposeViaService({ ports: [{ port: 8080 }] }))); }), rule: 'HK-ISSUER-NAME', expect: ['metadata.annotations.cert-manager.io/cluster-issuer'] },
  { name: 'network rule opening port 80 of pods listening on 8080', build: (app) => { const c = inside(app); new h.SecureNamespace(c, 'shop').allowIngress('from-edge', { to: web(c), fromNamespace: 'edge', ports: [any(80)] }); }, rule: 'HK-NETWORK-PORT', expect: ['[inside/shop] from-edge.ports: 80 is not valid; the containers of Deployment inside-web listen on 8080, not 80'] },
  { name: 'network rule opening the port the pods listen on', build: (app) => { const c = inside(app); new h.SecureNamespace(c, 'shop').allowIngress('from-edge', { to: web(c), fromNamespace: 'edge', ports: [8080] }); }, expect: 'valid', written: ['port: 8080'] },
  { name: 'RFC2136 solver with a TSIG key name but no secret', build: (app) => new h.LetsEncryptIssuer(inside(app), 'le', { email: 'ops@acme-shop.ch', dns01: h.Dns01Solver.rfc2136(any({ nameserver: 'ns1.acme.ch:53', tsigKeyName: 'acme-dns01' })) }), rule: 'HK-ISSUER-DNS01', expect: ['[inside/le] dns01.tsigSecretSecretRef: undefined is not valid; a TSIG key is its name and its secret'] },
  { name: 'two clusters of one tenant listing one ingress host', build: (app) => { cluster(app, { addons: [new h.IngressNginx({ hosts: ['shop.acme.example'] })] }); cluster(app, { addons: [new h.IngressNginx({ hosts: ['shop.acme.example'] })] }, 'staging'); }, rule: 'HK-INGRESS-HOST-SHARED', expect: ['[staging] addons.ingressNginx.hosts: shop.acme.example (an ingress-nginx host of this cluster) is also an ingress-nginx host of cluster prod (prod)'] },
  { name: 'two clusters of one tenant listing hosts of their own', build: (app) => { cluster(app, { addons: [new h.IngressNginx({ hosts: ['shop.acme.example'] })] }); cluster(app, { addons: [new h.IngressNginx({ hosts: ['staging.acme.example'] })] }, 'staging'); }, expect: 'valid', written: ['- staging.acme.example'] },
  { name: 'kubectl image that is no image reference', build: (app) => cluster(app, { platformLine: h.PlatformLine.V1_6, images: { kubectl: 'Registry Example/kubectl' } }), rule: 'HK-IMAGE', expect: ['[prod] images.kubectl: "Registry Example/kubectl" is not valid; expected an image reference'] },
  { name: 'kubectl image of a far Kubernetes minor (strict mode)', build: inStrictMode((app) => cluster(app, { platformLine: h.PlatformLine.V1_6, version: h.KubernetesVersion.V1_33, images: { kubectl: 'registry.acme.example/kubectl:v1.29.4' } })), rule: 'HK-IMAGE-SKEW', expect: ['[prod] images.kubectl', '(a warning, an error in strict mode)'] },
  { name: 'kubectl image of the cluster\'s minor (strict mode)', build: inStrictMode((app) => cluster(app, { platformLine: h.PlatformLine.V1_6, version: h.KubernetesVersion.V1_33, images: { kubectl: 'registry.acme.example/kubectl:v1.33.2' } })), expect: 'valid', line: h.PlatformLine.V1_6, written: ['kubectl: registry.acme.example/kubectl:v1.33.2'] },
  { name: 'negative disk through a JSON patch', build: (app) => cluster(app, { nodeGroups: { md0: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_LARGE }) } }).resource.addJsonPatch(JsonPatch.replace('/spec/nodeGroups/md0/ephemeralStorage', '-1Gi')), rule: 'HK-DISK', expect: ['[prod/Resource] spec.nodeGroups.md0.ephemeralStorage: "-1Gi" is not valid; it is negative'] },
  { name: 'larger disk through a JSON patch', build: (app) => cluster(app, { nodeGroups: { md0: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_LARGE }) } }).resource.addJsonPatch(JsonPatch.replace('/spec/nodeGroups/md0/ephemeralStorage', '60Gi')), expect: 'valid', written: ['ephemeralStorage: 60Gi'] },
  { name: 'node group, label and values key named constructor', build: (app) => cluster(app, { nodeGroups: { constructor: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_LARGE }) }, labels: { constructor: 'yes' }, addons: [new h.CertManager({ valuesOverride: { 'cert-manager': { podLabels: { constructor: 'yes' } } } })] }), expect: 'valid', written: ['  nodeGroups:\n    constructor:\n', '  labels:\n    constructor: "yes"\n', 'podLabels:\n            constructor: "yes"\n'] },
  { name: 'node group options changed between NodeGroupSpec.of and the cluster', build: (app) => { const options: any = { minReplicas: 1 }; const spec = h.NodeGroupSpec.of(options); options.diskSize = '50Gi'; cluster(app, { nodeGroups: { web: spec } }); }, rule: 'HK-TYPE', expect: ['[prod] nodeGroups.web.diskSize: the string "50Gi" is not valid; expected a Size'] },
  { name: 'props changed after construction: what was checked is written', build: (app) => { const groups: any = { web: h.NodeGroupSpec.of({ minReplicas: 1, maxReplicas: 3 }) }; const props: any = { tenantNamespace: NS, nodeGroups: groups, labels: { team: 'shop' } }; new h.HikubeCluster(app, 'prod', props); groups.Bad_Name = h.NodeGroupSpec.of({ minReplicas: 5, maxReplicas: 1 }); props.labels.team = 'not a label!'; props.tenantNamespace = 'tenant other'; }, expect: 'valid', written: ['namespace: tenant-acme', 'team: shop', 'maxReplicas: 3'] },
  { name: 'GitOpsSync URL changed to one with a password after construction', build: (app) => { const props = { url: FLEET }; new h.GitOpsSync(inside(app), 'fleet', props); props.url = 'https://deploy:s3cret@git.acme.example/fleet.git'; }, expect: 'valid', written: [`url: ${FLEET}\n`] },
  { name: 'BackupSchedule namespaces pushed after construction', build: (app) => { const c = backedUp(app); new kplus.Namespace(c, 'ns', { metadata: { name: 'shop' } }); const namespaces = ['shop']; new h.BackupSchedule(c, 'nightly', { namespaces }); namespaces.push('shp'); }, expect: 'valid', written: ['    includedNamespaces:\n      - shop\n    snapshotMoveData'] },
  // The app: cdk8s's AppProps are checked from cdk8s's own assembly
  { name: 'HikubeApp outDir (wrong case)', build: () => new h.HikubeApp(any({ outDir: 'manifests' })), expect: ['[HikubeApp] props.outDir: unknown option of HikubeAppProps; did you mean outdir?'] },
  { name: 'HikubeApp output_file_extension (Python)', build: () => new h.HikubeApp(any({ output_file_extension: '.yaml' })), expect: ['[HikubeApp] props.output_file_extension: unknown option; the option is outputFileExtension'] },
  { name: 'HikubeApp yamlOutputType as a string', build: () => new h.HikubeApp(any({ yamlOutputType: 'FILE_PER_CHART' })), expect: ['[HikubeApp] props.yamlOutputType: the string "FILE_PER_CHART" is not valid', 'did you mean YamlOutputType.FILE_PER_CHART (1)?'] },
  { name: 'HikubeApp outdir as a number', build: () => new h.HikubeApp(any({ outdir: 5 })), expect: ['[HikubeApp] props.outdir: the number 5 is not valid; expected a string'] },
  { name: 'HikubeApp.synthesize of a plain object', build: () => h.HikubeApp.synthesize(any({ outdir: 'dist' })), expect: ['[HikubeApp.synthesize] app: a plain object is not valid; expected an App from cdk8s'] },
  { name: 'IngressNginx resources typo inside cdk8s-plus ContainerResources', build: () => new h.IngressNginx(any({ resources: { memroy: {} } })), expect: ['[IngressNginx] resources.memroy: unknown option of ContainerResources; did you mean memory?'] },
];

function run(c: Case): { error?: unknown; docs?: any[]; yaml?: string } {
  const app = Testing.app();
  try {
    c.build(app);
    const yaml = app.synthYaml();
    return { docs: parseYamlStream(yaml), yaml };
  } catch (error) {
    return { error };
  }
}

test('the corpus is large enough to matter', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(150);
  expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
});

describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  test(c.expect === 'valid' ? 'synthesizes documents the schemas accept' : 'is refused with the library error naming path, field and value', () => {
    const { error, docs, yaml } = run(c);
    if (c.expect === 'valid') {
      expect(error).toBeUndefined();
      for (const fragment of c.written ?? []) expect(yaml).toContain(fragment);
      for (const doc of docs!) {
        expect(doc.kind === 'Kubernetes' ? validateTenantDocument(doc, c.line ?? h.PlatformLine.DEFAULT) : validateAgainstSchemas(doc)).toEqual([]);
      }
      return;
    }
    expect(error).toBeInstanceOf(HikubeValidationError);
    const e = error as HikubeValidationError;
    expect(e.problems.length).toBeGreaterThan(0);
    for (const fragment of c.expect) expect(e.message).toContain(fragment);
    if (c.rule) expect(e.problems.map((p) => p.rule)).toContain(c.rule);
    for (const p of e.problems) {
      expect(p.rule).toMatch(/^HK-[A-Z0-9-]+$/);
      expect(p.message.startsWith(`${p.field}:`)).toBe(true);
    }
  });
});

describe('the error', () => {
  test('lists every problem of the app at once, each with rule, path and field', () => {
    const app = Testing.app();
    const c = cluster(app, { name: 'Bad_Name', nodeGroups: { web: h.NodeGroupSpec.of({ minReplicas: 5, maxReplicas: 1 }) } });
    new h.ClusterApiRendering(app, 'capi', { cluster: c, platform: { tenantHost: 'acme example' } });
    let thrown: HikubeValidationError | undefined;
    try {
      app.synthYaml();
    } catch (e) {
      thrown = e as HikubeValidationError;
    }
    expect(thrown?.name).toBe('HikubeValidationError');
    expect(thrown!.problems.map((p) => `${p.path} ${p.field}`)).toEqual(expect.arrayContaining([
      'prod metadata.name', 'capi platform.tenantHost', 'capi platform.kubeadmWorkerImage',
    ]));
    expect(thrown!.message.split('\n')[0]).toBe('Validation failed with the following errors:');
  });

  test('strict mode turns warnings into errors', () => {
    const build = (strict: boolean) => {
      const app = Testing.app();
      if (strict) app.node.setContext('hikube:strict', true);
      cluster(app, { nodeGroups: { web: h.NodeGroupSpec.of({ minReplicas: 1, maxReplicas: 2, zones: [h.Zone.GENEVA] }) } });
      return () => app.synthYaml();
    };
    expect(build(false)).not.toThrow();
    expect(build(true)).toThrow(/HK-STRICT|an error in strict mode/);
  });
});

describe('every cdk8s output type runs the checks before writing', () => {
  test.each([YamlOutputType.FILE_PER_APP, YamlOutputType.FILE_PER_CHART, YamlOutputType.FILE_PER_RESOURCE, YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE])('output type %s', (yamlOutputType) => {
    const outdir = Testing.app().outdir;
    const app = new App({ outdir, yamlOutputType });
    cluster(app, { name: 'a'.repeat(60), version: h.KubernetesVersion.V1_28, nodeGroups: { Bad_Name: h.NodeGroupSpec.of({ minReplicas: 5, maxReplicas: 1 }) } });
    new h.TenantClusterChart(app, 'inside', { cluster: cluster(app, { name: 'ok' }, 'ok') });
    const before = fs.readdirSync(outdir);
    expect(() => app.synth()).toThrow(HikubeValidationError);
    expect(fs.readdirSync(outdir)).toEqual(before);
  });

  test('with one file per resource, two objects that would share a file are refused', () => {
    const app = new App({ outdir: Testing.app().outdir, yamlOutputType: YamlOutputType.FILE_PER_RESOURCE });
    const a = new Chart(app, 'a', { namespace: 'one' });
    const b = new Chart(app, 'b', { namespace: 'two' });
    new kplus.ConfigMap(a, 'cm', { metadata: { name: 'settings' } });
    new kplus.ConfigMap(b, 'cm', { metadata: { name: 'settings' } });
    cluster(app);
    expect(() => app.synth()).toThrow('with one file per resource, ConfigMap settings and the object at a/cm/Resource are both written to ConfigMap.settings');
  });
});

test('a second synth gives the same bytes', () => {
  const app = Testing.app();
  const c = full(app);
  new h.ClusterApiRendering(app, 'capi', { cluster: c, platform: { tenantHost: 'acme.example', kubeadmWorkerImage: 'registry.example/disk:v1' } });
  const first = app.synthYaml();
  expect(app.synthYaml()).toBe(first);
  expect(() => c.addAddon(new h.GpuOperator())).toThrow('the model is frozen once the app has been synthesized');
});

test('values the platform accepts are accepted', () => {
  const app = Testing.app();
  cluster(app, { nodeGroups: { web: h.NodeGroupSpec.of({ minReplicas: 1, maxReplicas: 2, diskSize: Size.gibibytes(50) }) } });
  expect(() => app.synthYaml()).not.toThrow();
});
