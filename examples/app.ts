/**
 * The bundled example: a production-like cluster for the tenant `acme` on the line Hikube documents
 * today, and what its team runs inside it. Synthesized to
 * - prod.k8s.yaml: the Hikube tenant resource (apply to the Hikube API),
 * - prod-cluster-api.k8s.yaml: the same cluster as the platform builds it, workers spread over the three
 *   datacenters (for self-hosted platforms and review),
 * - platform-storage.k8s.yaml: the platform's LINSTOR storage classes,
 * - prod-inside.k8s.yaml: day-2 objects inside the cluster (issuer, team namespace, exposed service,
 *   volume, backups, GitOps), with a kustomization.yaml that Flux in the cluster applies.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  AccessSubject, BackupSchedule, CertManager, ClusterApiRendering, ExposedService, Flux, GitOpsSync, Gpu, GpuOperator,
  HikubeApp, HikubeCluster, IngressNginx, InstanceType, KubernetesVersion, LetsEncryptIssuer, LinstorSnapshotClass, LinstorStorageClass,
  MonitoringAgents, NodeRole, PlatformLine, PodSecurity, ReplicatedVolumeClaim, ResourcesPreset, SecureNamespace, TenantClusterChart, Velero, Zone,
} from '../src';

const FLEET_REPO = 'https://git.acme.example/platform/fleet.git';

/** Builds the example into an app (a `HikubeApp`, or any cdk8s `App`); returns the cluster. */
export function buildExample(app: App): HikubeCluster {
  const prod = new HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-acme',
    platformLine: PlatformLine.V1_3,
    version: KubernetesVersion.V1_33,
    controlPlane: { replicas: 3, apiServer: { preset: ResourcesPreset.XLARGE } },
    nodeGroups: {
      // The platform's own md0 would otherwise run next to these groups; keep it, but at zero.
      md0: { minReplicas: 0, maxReplicas: 0 },
      web: { instanceType: InstanceType.S1_LARGE, minReplicas: 3, maxReplicas: 9, roles: [NodeRole.INGRESS_NGINX], zones: Zone.all() },
      compute: { instanceType: InstanceType.U1_2XLARGE, minReplicas: 2, maxReplicas: 12, diskSize: Size.gibibytes(50), zones: Zone.all() },
      gpu: { resources: { cpu: kplus.Cpu.units(16), memory: Size.gibibytes(64) }, minReplicas: 0, maxReplicas: 2, gpus: [Gpu.NVIDIA_L40S] },
    },
    addons: [
      new CertManager(),
      new IngressNginx({ hosts: ['shop.acme.example', 'api.acme.example'] }),
      new Flux({ bootstrap: { url: FLEET_REPO, branch: 'main', path: './clusters/prod', interval: Duration.minutes(5) } }),
      new MonitoringAgents(),
      new GpuOperator(),
      new Velero(),
    ],
  });

  new ClusterApiRendering(app, 'prod-cluster-api', {
    cluster: prod,
    platform: { tenantHost: 'acme.hikube.example', kubeadmWorkerImage: 'registry.acme.example/ubuntu-container-disk:v1.33' },
  });

  const storage = new Chart(app, 'platform-storage');
  LinstorStorageClass.replicated(storage, 'replicated', { zoneAntiAffinity: true });
  LinstorStorageClass.local(storage, 'local');
  new LinstorSnapshotClass(storage, 'snapshots');

  const inside = new TenantClusterChart(app, 'prod-inside', { cluster: prod });
  const issuer = new LetsEncryptIssuer(inside, 'letsencrypt', { email: 'ops@acme.example' });
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
  new GitOpsSync(inside, 'fleet', { url: FLEET_REPO, path: './clusters/prod/inside' });
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
