import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  AccessSubject, Addon, BackupSchedule, CertManager, ExposedService, Exposure, FluentBit, FluentBitOutput, Gpu, GpuOperator, GpuWorkload, GitOpsSync,
  HikubeCluster, ImagePullSecrets, IngressNginx, InstanceType, IWorkload, LetsEncryptIssuer, MonitoringAgents, NodeGroupSpec, NodeRole, PlatformLine,
  ReplicatedVolumeClaim, Restore, SecureNamespace, TenantClusterChart, Velero, VerticalAutoscaler,
} from '../../../src';
import { libraryCodes, RuleExample } from '../rule-example';

/** What an example builds on: a cluster of line v1.6 with a web group and a GPU group, its in-cluster chart, a Deployment in namespace shop. */
interface Inside {
  readonly app: App;
  readonly cluster: HikubeCluster;
  readonly chart: TenantClusterChart;
  readonly web: kplus.Deployment;
}

const ADDONS = (): Addon[] => [
  new CertManager(), new IngressNginx({ hosts: ['shop.example.com'] }), new MonitoringAgents(), new GpuOperator(),
  new Velero({ backupLocation: { s3BucketName: 'bucket-5b4b4e43-4f9a-4c47-9c6f-1f1c3d0b3e7a', credentialsSecret: 'velero-s3' } }),
];

function inside(build: (s: Inside) => void, webCpu = kplus.Cpu.millis(500)): () => string[] {
  return () => libraryCodes((app) => {
    const cluster = new HikubeCluster(app, 'prod', {
      tenantNamespace: 'tenant-a',
      platformLine: PlatformLine.V1_6,
      nodeGroups: {
        md0: NodeGroupSpec.of({ instanceType: InstanceType.U1_XLARGE, minReplicas: 1, roles: [NodeRole.INGRESS_NGINX] }),
        gpu: NodeGroupSpec.of({ instanceType: InstanceType.U1_2XLARGE, maxReplicas: 2, gpus: [Gpu.NVIDIA_L40S], roles: [NodeRole.of('gpu')] }),
      },
      addons: ADDONS(),
    });
    const chart = new TenantClusterChart(app, 'inside', { cluster });
    const web = new kplus.Deployment(chart, 'web', {
      metadata: { namespace: 'shop' },
      containers: [{ name: 'web', image: 'registry.example.com/web:1', portNumber: 80, resources: { cpu: { request: webCpu } } }],
    });
    build({ app, cluster, chart, web });
  });
}

const ISSUER = { email: 'ops@acme-shop.ch' };

export const EXAMPLES: RuleExample[] = [
  {
    rule: 'HK-CHART-SCOPE',
    title: 'an issuer outside a TenantClusterChart',
    failing: inside((s) => new LetsEncryptIssuer(new Chart(s.app, 'plain'), 'le', ISSUER)),
    valid: inside((s) => new LetsEncryptIssuer(s.chart, 'le', ISSUER)),
  },
  {
    rule: 'HK-OBJECT-NAME',
    title: 'an autoscaler name with an underscore',
    failing: inside((s) => new VerticalAutoscaler(s.chart, 'vpa', { workload: s.web, name: 'web_vpa' })),
    valid: inside((s) => new VerticalAutoscaler(s.chart, 'vpa', { workload: s.web, name: 'web-vpa' })),
  },
  {
    rule: 'HK-WORKLOAD',
    title: 'a ConfigMap given as the workload',
    failing: inside((s) => new VerticalAutoscaler(s.chart, 'vpa', { workload: new kplus.ConfigMap(s.chart, 'settings') as unknown as IWorkload })),
    valid: inside((s) => new VerticalAutoscaler(s.chart, 'vpa', { workload: s.web })),
  },
  {
    rule: 'HK-EXPOSURE',
    title: 'a port above 65535',
    failing: inside((s) => new ExposedService(s.chart, 'web-lb', { workload: s.web, port: 70000, exposure: Exposure.LOAD_BALANCER })),
    valid: inside((s) => new ExposedService(s.chart, 'web-lb', { workload: s.web, port: 80, exposure: Exposure.LOAD_BALANCER })),
  },
  {
    rule: 'HK-ISSUER',
    title: 'an ACME contact that is no e-mail address',
    failing: inside((s) => new LetsEncryptIssuer(s.chart, 'le', { email: 'ops' })),
    valid: inside((s) => new LetsEncryptIssuer(s.chart, 'le', ISSUER)),
  },
  {
    rule: 'HK-SECURE-NAMESPACE',
    title: 'a namespace with a platform prefix',
    failing: inside((s) => new SecureNamespace(s.chart, 'kube-edge')),
    valid: inside((s) => new SecureNamespace(s.chart, 'edge')),
  },
  {
    rule: 'HK-QUOTA',
    title: 'a negative pod quota',
    failing: inside((s) => new SecureNamespace(s.chart, 'shop', { quota: { pods: -1 } })),
    valid: inside((s) => new SecureNamespace(s.chart, 'shop', { quota: { pods: 10 } })),
  },
  {
    rule: 'HK-ACCESS',
    title: 'an admin with a blank name',
    failing: inside((s) => new SecureNamespace(s.chart, 'shop', { admins: [AccessSubject.user(' ')] })),
    valid: inside((s) => new SecureNamespace(s.chart, 'shop', { admins: [AccessSubject.user('alice@example.com')] })),
  },
  {
    rule: 'HK-NETWORK-RULE',
    title: 'port 0 in a traffic rule',
    failing: inside((s) => new SecureNamespace(s.chart, 'shop').allowIngress('from-lb', { to: s.web, fromNamespace: 'edge', ports: [0] })),
    valid: inside((s) => new SecureNamespace(s.chart, 'shop').allowIngress('from-lb', { to: s.web, fromNamespace: 'edge', ports: [80] })),
  },
  {
    rule: 'HK-VOLUME',
    title: 'a storage class the cluster does not have',
    failing: inside((s) => new ReplicatedVolumeClaim(s.chart, 'data', { namespace: 'shop', size: Size.gibibytes(10), storageClass: 'nvme' })),
    valid: inside((s) => new ReplicatedVolumeClaim(s.chart, 'data', { namespace: 'shop', size: Size.gibibytes(10), storageClass: 'replicated' })),
  },
  {
    rule: 'HK-BACKUP',
    title: 'a schedule with minute 61',
    failing: inside((s) => new BackupSchedule(s.chart, 'nightly', { namespaces: ['shop'], schedule: '61 2 * * *' })),
    valid: inside((s) => new BackupSchedule(s.chart, 'nightly', { namespaces: ['shop'], schedule: '1 2 * * *' })),
  },
  {
    rule: 'HK-RESTORE',
    title: 'a restore from a backup and a schedule at once',
    failing: inside((s) => new Restore(s.chart, 'restore', { backupName: 'nightly-1', fromSchedule: new BackupSchedule(s.chart, 'nightly', { namespaces: ['shop'] }) })),
    valid: inside((s) => new Restore(s.chart, 'restore', { fromSchedule: new BackupSchedule(s.chart, 'nightly', { namespaces: ['shop'] }) })),
  },
  {
    rule: 'HK-GITOPS',
    title: 'a Git URL in scp-like syntax',
    failing: inside((s) => new GitOpsSync(s.chart, 'apps', { url: 'git@git.example.com:acme/apps.git' })),
    valid: inside((s) => new GitOpsSync(s.chart, 'apps', { url: 'ssh://git@git.example.com/acme/apps.git' })),
  },
  {
    rule: 'HK-GPU-WORKLOAD',
    title: 'more GPUs per pod than a node has',
    failing: inside((s) => new GpuWorkload(s.chart, 'gpu', { workload: s.web, nodeGroup: 'gpu', gpusPerPod: 2 })),
    valid: inside((s) => new GpuWorkload(s.chart, 'gpu', { workload: s.web, nodeGroup: 'gpu', gpusPerPod: 1 })),
  },
  {
    rule: 'HK-POD-FIT',
    title: 'a pod that requests more CPU than any node allocates',
    failing: inside((s) => new VerticalAutoscaler(s.chart, 'vpa', { workload: s.web }), kplus.Cpu.units(64)),
    valid: inside((s) => new VerticalAutoscaler(s.chart, 'vpa', { workload: s.web }), kplus.Cpu.units(1)),
  },
  {
    rule: 'HK-PULL-SECRET',
    title: 'a pull secret name with an underscore',
    failing: inside((s) => ImagePullSecrets.addToWorkload(s.web, ['registry_credentials'])),
    valid: inside((s) => ImagePullSecrets.addToWorkload(s.web, ['registry-credentials'])),
  },
  {
    rule: 'HK-VPA',
    title: 'a minimum CPU above the maximum',
    failing: inside((s) => new VerticalAutoscaler(s.chart, 'vpa', { workload: s.web, minCpu: kplus.Cpu.units(2), maxCpu: kplus.Cpu.units(1) })),
    valid: inside((s) => new VerticalAutoscaler(s.chart, 'vpa', { workload: s.web, minCpu: kplus.Cpu.units(1), maxCpu: kplus.Cpu.units(2) })),
  },
  {
    rule: 'HK-VPA-MAX',
    title: 'a maximum CPU above what a node allocates',
    failing: inside((s) => new VerticalAutoscaler(s.chart, 'vpa', { workload: s.web, maxCpu: kplus.Cpu.units(64) })),
    valid: inside((s) => new VerticalAutoscaler(s.chart, 'vpa', { workload: s.web, maxCpu: kplus.Cpu.units(2) })),
  },
  {
    rule: 'HK-FLUENTBIT',
    title: 'a FluentBit without outputs',
    failing: inside((s) => new FluentBit(s.chart, 'logs', { outputs: [] })),
    valid: inside((s) => new FluentBit(s.chart, 'logs', { outputs: [FluentBitOutput.stdout()] })),
  },
];
