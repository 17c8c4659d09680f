import { ApiObject, App, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as h from '../../../src';
import { libraryCodes, RuleExample } from '../rule-example';

const S3_NAME = 'bucket-6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab';

/** A cluster whose Velero writes to a Hikube bucket, under `prefix`. */
function cluster(app: App, id = 'prod', prefix: string = id): h.HikubeCluster {
  return new h.HikubeCluster(app, id, {
    tenantNamespace: 'tenant-acme',
    platformLine: h.PlatformLine.V1_6,
    nodeGroups: { md0: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_LARGE }) },
    addons: [new h.Velero({ backupLocation: { s3BucketName: S3_NAME, credentialsSecret: 'velero-bucket', prefix } })],
  });
}

function chart(app: App, id = 'prod'): h.TenantClusterChart {
  return new h.TenantClusterChart(app, `${id}-inside`, { cluster: cluster(app, id) });
}

/** A chart of a cluster with Flux. */
function withFlux(app: App): h.TenantClusterChart {
  const c = new h.HikubeCluster(app, 'prod', { tenantNamespace: 'tenant-acme', platformLine: h.PlatformLine.V1_6, addons: [new h.Flux()] });
  return new h.TenantClusterChart(app, 'inside', { cluster: c });
}

/** A chart that creates namespace `shop` and backs up `namespace` every night. */
function nightly(app: App, namespace: string): { inside: h.TenantClusterChart; schedule: h.BackupSchedule } {
  const inside = chart(app);
  new kplus.Namespace(inside, 'shop', { metadata: { name: 'shop' } });
  return { inside, schedule: new h.BackupSchedule(inside, 'nightly', { namespaces: [namespace] }) };
}

export const EXAMPLES: RuleExample[] = [
  {
    rule: 'HK-BACKUP-NAMESPACE',
    title: 'a schedule of shp when the app creates shop',
    failing: () => libraryCodes((app) => nightly(app, 'shp')),
    valid: () => libraryCodes((app) => nightly(app, 'shop')),
  },
  {
    rule: 'HK-BACKUP-COUNT',
    title: '@every 5m kept 30 days (8,640 backups)',
    failing: () => libraryCodes((app) => new h.BackupSchedule(chart(app), 'often', { namespaces: ['shop'], schedule: '@every 5m' })),
    valid: () => libraryCodes((app) => new h.BackupSchedule(chart(app), 'hourly', { namespaces: ['shop'], schedule: '@hourly' })),
  },
  {
    rule: 'HK-BACKUP-SHARED',
    title: 'two clusters backing up to one bucket and prefix',
    failing: () => libraryCodes((app) => {
      cluster(app, 'prod', 'backups');
      cluster(app, 'staging', 'backups');
    }),
    valid: () => libraryCodes((app) => {
      cluster(app, 'prod');
      cluster(app, 'staging');
    }),
  },
  {
    rule: 'HK-RESTORE-SOURCE',
    title: 'a restore by the schedule\'s name where Velero wants a backup\'s',
    failing: () => libraryCodes((app) => new h.Restore(nightly(app, 'shop').inside, 'back', { backupName: 'nightly' })),
    valid: () => libraryCodes((app) => new h.Restore(nightly(app, 'shop').inside, 'back', { backupName: 'nightly-20260101020000' })),
  },
  {
    rule: 'HK-RESTORE-NAMESPACE',
    title: 'a restore of a namespace the schedule never backs up',
    failing: () => libraryCodes((app) => {
      const { inside, schedule } = nightly(app, 'shop');
      new h.Restore(inside, 'back', { fromSchedule: schedule, namespaces: ['billing'] });
    }),
    valid: () => libraryCodes((app) => {
      const { inside, schedule } = nightly(app, 'shop');
      new h.Restore(inside, 'back', { fromSchedule: schedule, namespaces: ['shop'] });
    }),
  },
  {
    rule: 'HK-NAMESPACE-UNKNOWN',
    title: 'a workload in shp when the app creates shop',
    failing: () => libraryCodes((app) => {
      const { inside } = nightly(app, 'shop');
      new kplus.Deployment(inside, 'web', { metadata: { namespace: 'shp' }, containers: [{ image: 'nginx:1.27', portNumber: 8080 }] });
    }),
    valid: () => libraryCodes((app) => {
      const { inside } = nightly(app, 'shop');
      new kplus.Deployment(inside, 'web', { metadata: { namespace: 'shop' }, containers: [{ image: 'nginx:1.27', portNumber: 8080 }] });
    }),
  },
  {
    rule: 'HK-SECRET-IN-URL',
    title: 'a Git token in a GitOpsSync URL',
    failing: () => libraryCodes((app) => new h.GitOpsSync(withFlux(app), 'fleet', { url: 'https://deploy:s3cret@git.acme.example/fleet.git' })),
    valid: () => libraryCodes((app) => new h.GitOpsSync(withFlux(app), 'fleet', { url: 'https://git.acme.example/fleet.git', secretName: 'fleet-git' })),
  },
  {
    rule: 'HK-SECRET-PROPERTY',
    title: 'http_passwd in a FluentBit output\'s extraProperties',
    failing: () => libraryCodes((app) => new h.FluentBit(chart(app), 'logs', {
      outputs: [h.FluentBitOutput.http({ host: 'logs.example.com', extraProperties: { http_user: 'fb', http_passwd: 'hunter2' } })],
    })),
    valid: () => libraryCodes((app) => new h.FluentBit(chart(app), 'logs', {
      outputs: [h.FluentBitOutput.http({ host: 'logs.example.com', basicAuth: { user: 'fb', password: { secretName: 'logs', key: 'password' } } })],
    })),
  },
  {
    rule: 'HK-CHART-SCOPE',
    title: 'a chart built in one app for a cluster of another app',
    failing: () => libraryCodes((app) => new h.TenantClusterChart(app, 'inside', { cluster: cluster(new App()) })),
    valid: () => libraryCodes((app) => new h.TenantClusterChart(app, 'inside', { cluster: cluster(app) })),
  },
  {
    rule: 'HK-ZONE',
    title: 'Zone.of("geneve"), a zone Hikube does not have',
    failing: () => libraryCodes((app) => new h.HikubeCluster(app, 'prod', { nodeGroups: { md0: h.NodeGroupSpec.of({ zones: [h.Zone.of('geneve')] }) } })),
    valid: () => libraryCodes((app) => new h.HikubeCluster(app, 'prod', { nodeGroups: { md0: h.NodeGroupSpec.of({ zones: [h.Zone.of('geneva')] }) } })),
  },
  {
    rule: 'HK-RESOURCES',
    title: 'a node group of 64 MiB',
    failing: () => libraryCodes((app) => new h.HikubeCluster(app, 'prod', {
      nodeGroups: { md0: h.NodeGroupSpec.of({ resources: { cpu: kplus.Cpu.units(1), memory: Size.mebibytes(64) } }) },
    })),
    valid: () => libraryCodes((app) => new h.HikubeCluster(app, 'prod', {
      nodeGroups: { md0: h.NodeGroupSpec.of({ resources: { cpu: kplus.Cpu.units(1), memory: Size.mebibytes(512) } }) },
    })),
  },
  {
    rule: 'HK-POD-FIT',
    title: 'a pod pinned to zone geneve, which no node is in',
    failing: () => libraryCodes((app) => pinned(chart(app), 'geneve')),
    valid: () => libraryCodes((app) => pinned(chart(app), 'geneva')),
  },
  {
    rule: 'HK-ISSUER',
    title: 'a Let\'s Encrypt contact in mailto: form',
    failing: () => libraryCodes((app) => new h.LetsEncryptIssuer(withCertManager(app), 'le', { email: 'mailto:ops@acme-shop.ch' })),
    valid: () => libraryCodes((app) => new h.LetsEncryptIssuer(withCertManager(app), 'le', { email: 'ops@acme-shop.ch' })),
  },
  {
    rule: 'HK-ISSUER-CONTACT',
    title: 'a Let\'s Encrypt contact at example.com',
    failing: () => libraryCodes((app) => new h.LetsEncryptIssuer(withCertManager(app), 'le', { email: 'ops@example.com' })),
    valid: () => libraryCodes((app) => new h.LetsEncryptIssuer(withCertManager(app), 'le', { email: 'ops@acme-shop.ch' })),
  },
  {
    rule: 'HK-DEFAULT-STORAGE-CLASS',
    title: 'a second default StorageClass next to the platform\'s',
    failing: () => libraryCodes((app) => storageClass(chart(app), 'true')),
    valid: () => libraryCodes((app) => storageClass(chart(app), 'false')),
  },
  {
    rule: 'HK-OBJECT-SIZE',
    title: 'a ConfigMap of 1.6 MiB',
    failing: () => libraryCodes((app) => configMap(chart(app), 1600 * 1024)),
    valid: () => libraryCodes((app) => configMap(chart(app), 1000 * 1024)),
  },
];

/** A workload whose pods must run in one zone. */
function pinned(inside: h.TenantClusterChart, zone: string): void {
  new kplus.Deployment(inside, 'web', { containers: [{ image: 'nginx:1.27', portNumber: 8080 }] })
    .scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is('topology.kubernetes.io/zone', zone)));
}

/** A chart of a cluster with cert-manager and ingress-nginx, for issuers. */
function withCertManager(app: App): h.TenantClusterChart {
  const c = new h.HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-acme',
    platformLine: h.PlatformLine.V1_6,
    nodeGroups: { web: h.NodeGroupSpec.of({ roles: [h.NodeRole.INGRESS_NGINX], minReplicas: 1 }) },
    addons: [new h.CertManager(), new h.IngressNginx()],
  });
  return new h.TenantClusterChart(app, 'inside', { cluster: c });
}

function storageClass(inside: h.TenantClusterChart, isDefault: string): void {
  new ApiObject(inside, 'fast', {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    provisioner: 'csi.kubevirt.io',
    metadata: { name: 'fast', annotations: { 'storageclass.kubernetes.io/is-default-class': isDefault } },
  });
}

function configMap(inside: h.TenantClusterChart, bytes: number): void {
  new ApiObject(inside, 'blob', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'blob', namespace: 'default' }, data: { blob: 'x'.repeat(bytes) } });
}
