/**
 * The bundled example: the tenant `acme` with a production-like cluster on the line Hikube documents
 * today, and what its team runs inside it. Synthesized to
 * - acme.k8s.yaml: the Tenant that creates the namespace tenant-acme, with its quotas and shared services
 *   (apply to the Hikube API first),
 * - prod.k8s.yaml: the cluster and its backup bucket in that namespace (apply to the Hikube API),
 * - prod-cluster-api.k8s.yaml: the same cluster as the platform builds it, workers spread over the three
 *   datacenters (for self-hosted platforms and review),
 * - platform-storage.k8s.yaml: the platform's LINSTOR storage classes,
 * - prod-inside.k8s.yaml: day-2 objects inside the cluster (issuers, team namespaces, exposed service,
 *   volume, nightly backups to the bucket, a status page behind a Gateway with TLS, a GPU inference server
 *   and a one-shot GPU smoke Job, GitOps, logs shipped to the team's Loki),
 *   with a kustomization.yaml that Flux in the cluster applies.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  AccessSubject, BackupSchedule, Bucket, BucketUser, CertManager, ClusterApiRendering, ExposedService, Flux, FluentBit, FluentBitFilter,
  FluentBitInput, FluentBitOutput, Gateway, GatewayApi, GitOpsSync, Gpu, GpuJob, GpuOperator, GpuWorkload, GrepRule,
  HikubeApp, HikubeCluster, HttpRoute, IngressNginx, InstanceType, KubernetesVersion, LetsEncryptIssuer, LinstorSnapshotClass, LinstorStorageClass,
  MonitoringAgents, NodeGroupSpec, NodeRole, PlatformLine, PodSecurity, ReplicatedVolumeClaim, ResourcesPreset, SecureNamespace, Tenant, TenantClusterChart,
  Velero, Zone,
} from '../src';

const FLEET_REPO = 'https://git.acme.example/platform/fleet.git';
/**
 * The S3 name the platform generated for the `backups` bucket, read once it was provisioned with
 * `kubectl -n tenant-acme get tenantsecret bucket-backups-velero-credentials -o jsonpath='{.data.bucketName}' | base64 -d`.
 */
const BACKUP_S3_BUCKET = 'bucket-3f9a7c2e-5b1d-4e8a-9c6f-2d4b8e1a7f05';

/** Builds the example into an app (a `HikubeApp`, or any cdk8s `App`); returns the cluster. */
export function buildExample(app: App): HikubeCluster {
  const acme = new Tenant(app, 'acme', {
    platformLine: PlatformLine.V1_3, etcd: true, ingress: true, monitoring: true, resourceQuotas: { cpu: '64', memory: '256Gi' },
  });
  const prod = new HikubeCluster(app, 'prod', {
    tenant: acme,
    version: KubernetesVersion.V1_33,
    controlPlane: { replicas: 3, apiServer: { preset: ResourcesPreset.XLARGE } },
    nodeGroups: {
      // The platform's own md0 would otherwise run next to these groups; keep it, but at zero.
      md0: NodeGroupSpec.of({ minReplicas: 0, maxReplicas: 0 }),
      web: NodeGroupSpec.of({
        instanceType: InstanceType.S1_LARGE, minReplicas: 3, maxReplicas: 9, roles: [NodeRole.INGRESS_NGINX], zones: Zone.all(),
      }),
      compute: NodeGroupSpec.of({
        instanceType: InstanceType.U1_2XLARGE, minReplicas: 2, maxReplicas: 12, diskSize: Size.gibibytes(50), zones: Zone.all(),
      }),
      gpu: NodeGroupSpec.of({
        resources: { cpu: kplus.Cpu.units(16), memory: Size.gibibytes(64) },
        minReplicas: 0,
        maxReplicas: 2,
        gpus: [Gpu.NVIDIA_L40S],
        roles: [NodeRole.of('gpu')],
      }),
    },
    addons: [
      new CertManager(),
      new IngressNginx({ hosts: ['shop.acme.example', 'api.acme.example'] }),
      new Flux({ bootstrap: { url: FLEET_REPO, branch: 'main', path: './clusters/prod', interval: Duration.minutes(5) } }),
      new MonitoringAgents(),
      new GpuOperator(),
      new GatewayApi(),
    ],
  });
  // The bucket lives next to the cluster in the tenant namespace; Velero writes to it with the velero user's keys,
  // which an operator copies once into the Secret velero-bucket of the cluster's cozy-velero namespace.
  const backups = new Bucket(prod, 'backups', { users: { velero: BucketUser.of() } });
  prod.addAddon(new Velero({
    backupLocation: {
      s3BucketName: BACKUP_S3_BUCKET, credentialsSecret: 'velero-bucket', bucketCredentials: backups.credentials('velero'), prefix: 'prod',
    },
  }));

  new ClusterApiRendering(app, 'prod-cluster-api', {
    cluster: prod,
    platform: { tenantHost: 'acme.hikube.example', kubeadmWorkerImage: 'registry.acme.example/ubuntu-container-disk:v1.33' },
  });

  const storage = new Chart(app, 'platform-storage');
  LinstorStorageClass.replicated(storage, 'replicated', { zoneAntiAffinity: true });
  LinstorStorageClass.local(storage, 'local');
  new LinstorSnapshotClass(storage, 'snapshots');

  const inside = new TenantClusterChart(app, 'prod-inside', { cluster: prod });
  const issuer = new LetsEncryptIssuer(inside, 'letsencrypt', { email: 'ops@acme-shop.ch' });
  const shop = new SecureNamespace(inside, 'shop', {
    admins: [AccessSubject.group('shop-admins')],
    viewers: [AccessSubject.user('auditor@acme.example')],
  });
  const data = new ReplicatedVolumeClaim(inside, 'shop-data', { namespace: shop.namespaceName, size: Size.gibibytes(20) });
  const web = new kplus.Deployment(inside, 'shop-web', {
    metadata: { namespace: shop.namespaceName },
    containers: [{
      image: 'nginxinc/nginx-unprivileged:1.27',
      portNumber: 8080,
      securityContext: PodSecurity.restrictedContainerContext(),
      volumeMounts: [{ path: '/usr/share/nginx/html', volume: kplus.Volume.fromPersistentVolumeClaim(inside, 'shop-data-volume', data.claim) }],
    }],
  });
  new ExposedService(inside, 'shop-site', { workload: web, port: 8080, host: 'shop.acme.example', issuer });
  new BackupSchedule(inside, 'nightly', { namespaces: [shop.namespaceName] });

  // The status page stays reachable when the shared ingress is not: a Gateway of its own (one external IP,
  // counted in the tenant's LoadBalancer quota), its certificate from an issuer that solves DNS-01 (the
  // HTTP-01 solver answers through ingress-nginx, which never sees the Gateway's host).
  const dnsIssuer = new LetsEncryptIssuer(inside, 'letsencrypt-dns', {
    email: 'ops@acme-shop.ch',
    name: 'letsencrypt-dns',
    http01: false,
    cloudflareDns01: { apiTokenSecretName: 'cloudflare-api-token', dnsZones: ['acme.example'] },
  });
  new kplus.Namespace(inside, 'status', { metadata: { name: 'status' } });
  const statusPage = new kplus.Deployment(inside, 'status-page', {
    metadata: { namespace: 'status' },
    containers: [{ image: 'registry.acme.example/status-page:2.1', portNumber: 8080, securityContext: PodSecurity.restrictedContainerContext() }],
  });
  const gateway = new Gateway(inside, 'public', { namespace: 'status', hosts: ['status.acme.example'], issuer: dnsIssuer });
  new HttpRoute(inside, 'status-page-route', { gateway, workload: statusPage, port: 8080 });

  // Two replicas of 4-8 CPUs and 16-32 GiB, and the GPU smoke job beside them: the default quota would refuse
  // the second replica.
  const ml = new SecureNamespace(inside, 'ml', {
    admins: [AccessSubject.group('ml-team')],
    quota: { requestsCpu: kplus.Cpu.units(10), requestsMemory: Size.gibibytes(40), limitsCpu: kplus.Cpu.units(20), limitsMemory: Size.gibibytes(80) },
  });
  const inference = new kplus.Deployment(inside, 'inference', {
    metadata: { namespace: ml.namespaceName },
    containers: [{
      image: 'registry.acme.example/ml/inference:1.4',
      portNumber: 8000,
      securityContext: PodSecurity.restrictedContainerContext(),
      resources: {
        cpu: { request: kplus.Cpu.units(4), limit: kplus.Cpu.units(8) },
        memory: { request: Size.gibibytes(16), limit: Size.gibibytes(32) },
      },
    }],
  });
  new GpuWorkload(inside, 'inference-gpu', { workload: inference, nodeGroup: 'gpu' });
  // The GPU guide's first check, a Pod printing what the driver sees on a GPU node, run by a Job: its status
  // records whether the check passed, and a Pod lost with its node runs again.
  const smoke = new kplus.Job(inside, 'gpu-smoke', {
    metadata: { namespace: ml.namespaceName },
    containers: [{
      image: 'nvidia/cuda:12.4.1-base-ubuntu22.04',
      command: ['nvidia-smi'],
      // The CUDA image declares no user, and the kubelet refuses to start a non-root container as root: name one.
      securityContext: { ...PodSecurity.restrictedContainerContext(), user: 1000 },
      resources: { cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.units(1) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } },
    }],
  });
  new GpuJob(inside, 'gpu-smoke-gpu', { job: smoke, nodeGroup: 'gpu' });
  new GitOpsSync(inside, 'fleet', { url: FLEET_REPO, path: './clusters/prod/inside' });
  // The monitoring agents keep shipping to the platform's log store; this ships the same logs to the team's Loki.
  new FluentBit(inside, 'logs', {
    inputs: [FluentBitInput.containerLogs(), FluentBitInput.kubeletJournal()],
    filters: [
      FluentBitFilter.kubernetes(),
      FluentBitFilter.grep({ exclude: [GrepRule.of({ key: '$kubernetes[\'namespace_name\']', regex: '^cozy-' })] }),
      FluentBitFilter.addFields({ clusterIdentity: true }),
    ],
    outputs: [FluentBitOutput.loki({
      host: 'loki.acme.example',
      port: 443,
      tenantId: 'acme',
      labels: { job: 'fluent-bit', cluster: '$cluster', namespace: '$kubernetes[\'namespace_name\']' },
      basicAuth: { user: 'prod', password: { secretName: 'loki-credentials', key: 'password' } },
      tls: {},
    })],
  });
  return prod;
}

/** Builds and synthesizes the example into `outdir`; returns the cluster's warnings. */
export function synthExample(outdir: string): string[] {
  const app = new HikubeApp({ outdir });
  const prod = buildExample(app);
  app.synth();
  // Flux inside the cluster applies this folder through kustomize; only the in-cluster objects belong to it.
  fs.writeFileSync(path.join(outdir, 'kustomization.yaml'),
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - prod-inside.k8s.yaml\n');
  return prod.warnings;
}
