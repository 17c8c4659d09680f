/**
 * The bundled example: a production-like cluster for the tenant `acme` on the line Hikube documents
 * today, written to dist/ as
 * - prod.k8s.yaml: the Hikube tenant resource (apply to the Hikube API),
 * - prod-cluster-api.k8s.yaml: the same cluster as the platform builds it, workers spread over the three
 *   datacenters (for self-hosted platforms and review),
 * - platform-storage.k8s.yaml: the platform's LINSTOR storage classes.
 */
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  CertManager, ClusterApiRendering, Flux, Gpu, GpuOperator, HikubeCluster, IngressNginx, InstanceType, KubernetesVersion,
  LinstorSnapshotClass, LinstorStorageClass, MonitoringAgents, NodeRole, PlatformLine, ResourcesPreset, Zone,
} from '../src';

const app = new App({ outdir: 'dist' });

const prod = new HikubeCluster(app, 'prod', {
  tenantNamespace: 'tenant-acme',
  platformLine: PlatformLine.V1_3,
  version: KubernetesVersion.V1_33,
  controlPlane: {
    replicas: 3,
    apiServer: { preset: ResourcesPreset.XLARGE },
  },
  nodeGroups: {
    // The platform's own md0 would otherwise run next to these groups; keep it, but at zero.
    md0: { minReplicas: 0, maxReplicas: 0 },
    web: { instanceType: InstanceType.S1_LARGE, minReplicas: 3, maxReplicas: 9, roles: [NodeRole.INGRESS_NGINX], zones: Zone.all() },
    compute: { instanceType: InstanceType.U1_2XLARGE, minReplicas: 2, maxReplicas: 12, diskSize: Size.gibibytes(50), zones: Zone.all() },
    gpu: { resources: { cpu: Cpu.units(16), memory: Size.gibibytes(64) }, minReplicas: 0, maxReplicas: 2, gpus: [Gpu.NVIDIA_L40S] },
  },
  addons: [
    new CertManager(),
    new IngressNginx({ hosts: ['shop.acme.example', 'api.acme.example'] }),
    new Flux({
      bootstrap: {
        url: 'https://git.acme.example/platform/fleet.git',
        branch: 'main',
        path: './clusters/prod',
        interval: Duration.minutes(5),
      },
    }),
    new MonitoringAgents(),
    new GpuOperator(),
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

app.synth();
for (const warning of prod.warnings) process.stderr.write(`warning: ${warning}\n`);
