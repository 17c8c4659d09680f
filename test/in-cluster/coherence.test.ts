import { ApiObject, App, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as h from '../../src';
import { HikubeValidationError } from '../../src/errors';
import { runsPerDay } from '../../src/in-cluster/cron';
import { warningProblems } from '../../src/model/validation';
import { synthError } from '../support/errors';

const S3_NAME = 'bucket-6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab';

/** A cluster's Velero writing to the shared bucket, at a prefix or (null) at its root. */
function velero(prefix: string | null) {
  return new h.Velero({ backupLocation: { s3BucketName: S3_NAME, credentialsSecret: 'velero-bucket', ...(prefix !== null ? { prefix } : {}) } });
}

function cluster(app: App, id = 'prod', prefix: string | null = id) {
  return new h.HikubeCluster(app, id, {
    tenantNamespace: 'tenant-acme',
    platformLine: h.PlatformLine.V1_6,
    nodeGroups: { md0: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_LARGE }) },
    addons: [velero(prefix)],
  });
}

function setup(app: App = Testing.app(), id = 'prod') {
  const chart = new h.TenantClusterChart(app, `${id}-inside`, { cluster: cluster(app, id) });
  return { app, chart };
}

/** Codes of the problems a synth reports, errors or warnings. */
function codes(app: App): string[] {
  try {
    app.synthYaml();
  } catch (e) {
    if (e instanceof HikubeValidationError) return e.problems.map((p) => p.rule);
    throw e;
  }
  return warningProblems(app).map((p) => p.rule);
}

describe('backup schedules of namespaces the app creates', () => {
  test('a schedule of shop when the app creates shop-prod is refused with the nearest name', () => {
    const { app, chart } = setup();
    new kplus.Namespace(chart, 'ns', { metadata: { name: 'shop-prod' } });
    new h.BackupSchedule(chart, 'nightly', { namespaces: ['shop'] });
    expect(synthError(app)).toContain('[prod-inside] Schedule nightly namespaces: namespace shop is created nowhere in the app for this cluster, so every backup completes with nothing of it; did you mean shop-prod?');
  });
  test('namespaces created in another chart of the same cluster count; those of another cluster do not', () => {
    const { app, chart } = setup();
    const other = new h.TenantClusterChart(app, 'namespaces', { cluster: chart.cluster });
    new h.SecureNamespace(other, 'shop', { name: 'shop' });
    new h.BackupSchedule(chart, 'nightly', { namespaces: ['shop', 'kube-system', 'cozy-fluxcd'] });
    expect(codes(app)).not.toContain('HK-BACKUP-NAMESPACE');

    const second = setup(Testing.app());
    const staging = setup(second.app, 'staging');
    new kplus.Namespace(staging.chart, 'ns', { metadata: { name: 'shop' } });
    new kplus.Namespace(second.chart, 'ns', { metadata: { name: 'billing' } });
    new h.BackupSchedule(second.chart, 'nightly', { namespaces: ['shop'] });
    expect(synthError(second.app)).toContain('namespace shop is created nowhere in the app for this cluster, so every backup completes with nothing of it; it creates billing');
  });
  test('an app that creates no namespaces leaves them to whoever manages the cluster: not checked', () => {
    const { app, chart } = setup();
    new h.BackupSchedule(chart, 'nightly', { namespaces: ['shop'] });
    expect(codes(app)).toEqual([]);
  });
});

describe('backup frequency against retention', () => {
  test('@every 5m with the 30-day default keeps 8,640 backups: a warning with the count', () => {
    const { app, chart } = setup();
    new h.BackupSchedule(chart, 'often', { namespaces: ['shop'], schedule: '@every 5m' });
    app.synthYaml();
    const w = warningProblems(app).find((p) => p.rule === 'HK-BACKUP-COUNT');
    expect(w?.path).toBe('prod-inside/often/Resource');
    expect(w?.message).toContain('"@every 5m" with a retention of 720h keeps about 8,640 backups at once');
  });
  test('hourly for 30 days (720) and every 5 minutes for a day (288) pass', () => {
    const { app, chart } = setup();
    new h.BackupSchedule(chart, 'hourly', { namespaces: ['shop'], schedule: '@hourly' });
    new h.BackupSchedule(chart, 'often', { namespaces: ['shop'], schedule: '*/5 * * * *', retention: Duration.days(1) });
    expect(codes(app)).toEqual([]);
  });
  test('runs a day, as cron reads the fields', () => {
    expect(runsPerDay('@every 5m')).toBe(288);
    expect(runsPerDay('@every 1h30m')).toBe(16);
    expect(runsPerDay('@daily')).toBe(1);
    expect(runsPerDay('0 2 * * *')).toBe(1);
    expect(runsPerDay('*/15 * * * *')).toBe(96);
    expect(runsPerDay('0 9-17 * * MON-FRI')).toBeCloseTo(9 * 5 / 7);
    expect(runsPerDay('0 0 1 * *')).toBeCloseTo(1 / 30.44);
    expect(runsPerDay('0 0 1 1 *')).toBeCloseTo(1 / 30.44 / 12);
    expect(runsPerDay('not cron')).toBeUndefined();
  });
});

describe('restores that can restore something', () => {
  test('a namespace the schedule never backs up is refused, with the nearest backed-up name', () => {
    const { app, chart } = setup();
    const nightly = new h.BackupSchedule(chart, 'nightly', { namespaces: ['shop', 'billing'] });
    new h.Restore(chart, 'back', { fromSchedule: nightly, namespaces: ['shp'], namespaceMapping: { billing: 'billing-old', crm: 'crm-old' } });
    const msg = synthError(app);
    expect(msg).toContain('[prod-inside/back] namespaces: schedule nightly never backs up namespace shp (it backs up shop, billing), so nothing of it can be restored; did you mean shop?');
    expect(msg).toContain('[prod-inside/back] namespaceMapping.crm: schedule nightly never backs up namespace crm');
    expect(msg).not.toContain('namespaceMapping.billing');
  });
  test('with allNamespaces, only the excluded namespaces are refused', () => {
    const { app, chart } = setup();
    const all = new h.BackupSchedule(chart, 'all', { allNamespaces: true, excludedNamespaces: ['scratch'] });
    new h.Restore(chart, 'shop', { fromSchedule: all, namespaces: ['shop'] });
    expect(codes(app)).toEqual([]);
    new h.Restore(chart, 'scratch', { fromSchedule: all, namespaces: ['scratch'] });
    expect(() => Testing.synth(chart)).toThrow('schedule all never backs up namespace scratch (it backs up every namespace but scratch)');
  });
  test('a schedule of another cluster is refused', () => {
    const app = Testing.app();
    const prod = setup(app, 'prod');
    const staging = setup(app, 'staging');
    const nightly = new h.BackupSchedule(prod.chart, 'nightly', { namespaces: ['shop'] });
    new h.Restore(staging.chart, 'back', { fromSchedule: nightly });
    expect(synthError(app)).toContain('[staging-inside/back] fromSchedule: schedule nightly backs up cluster prod, and the Velero of cluster staging sees only the backups of its own location');
  });
  test('a schedule of another app is refused', () => {
    const first = setup();
    const nightly = new h.BackupSchedule(first.chart, 'nightly', { namespaces: ['shop'] });
    const second = setup(Testing.app());
    new h.Restore(second.chart, 'back', { fromSchedule: nightly });
    expect(synthError(second.app)).toContain('[prod-inside/back] fromSchedule: schedule nightly (prod-inside/nightly) belongs to another App');
  });
  test('a schedule\'s name where Velero wants a backup\'s is refused; a backup of the schedule is checked like the schedule', () => {
    const { app, chart } = setup();
    new h.BackupSchedule(chart, 'nightly', { namespaces: ['shop'] });
    new h.Restore(chart, 'by-name', { backupName: 'nightly' });
    new h.Restore(chart, 'other-ns', { backupName: 'nightly-20260101020000', namespaces: ['billing'] });
    const msg = synthError(app);
    expect(msg).toContain('[prod-inside/by-name] backupName: nightly is the name of a schedule, and Velero names each of its backups nightly-<yyyyMMddHHmmss>; pass fromSchedule');
    expect(msg).toContain('[prod-inside/other-ns] namespaces: schedule nightly never backs up namespace billing');
  });
  test('a backup of the schedule, by name, restoring what it backs up passes', () => {
    const { app, chart } = setup();
    new h.BackupSchedule(chart, 'nightly', { namespaces: ['shop'] });
    new h.Restore(chart, 'one', { backupName: 'nightly-20260101020000', namespaces: ['shop'] });
    new h.Restore(chart, 'manual', { backupName: 'before-upgrade' });
    expect(codes(app)).toEqual([]);
  });
});

describe('one backup location per cluster', () => {
  test('two clusters writing to one bucket and prefix are refused, naming the first', () => {
    const app = Testing.app();
    cluster(app, 'prod', 'backups');
    cluster(app, 'staging', 'backups');
    expect(synthError(app)).toContain('[staging] addons.velero.backupLocation.prefix: cluster prod (prod) already writes its backups to prefix backups of ' + S3_NAME);
    const root = Testing.app();
    cluster(root, 'prod', null);
    cluster(root, 'staging', null);
    expect(synthError(root)).toContain('already writes its backups to the root of the bucket');
  });
  test('one bucket with a prefix per cluster passes', () => {
    const app = Testing.app();
    cluster(app, 'prod');
    cluster(app, 'staging');
    expect(codes(app)).not.toContain('HK-BACKUP-SHARED');
  });
});

describe('objects in namespaces nothing creates', () => {
  test('a workload in shp when the app creates shop is a warning with the nearest name', () => {
    const { app, chart } = setup();
    new kplus.Namespace(chart, 'ns', { metadata: { name: 'shop' } });
    new kplus.Deployment(chart, 'web', { metadata: { namespace: 'shp' }, containers: [{ image: 'nginx:1.27', portNumber: 8080 }] });
    app.synthYaml();
    const w = warningProblems(app).find((p) => p.rule === 'HK-NAMESPACE-UNKNOWN');
    expect(w?.path).toBe('prod-inside/web/Resource');
    expect(w?.message).toContain('metadata.namespace: namespace shp is created nowhere in the app for cluster prod, so applying Deployment prod-inside-web fails until it exists; did you mean shop?');
  });
  test('in the namespace the app creates, it passes', () => {
    const { app, chart } = setup();
    new kplus.Namespace(chart, 'ns', { metadata: { name: 'shop' } });
    new kplus.Deployment(chart, 'web', { metadata: { namespace: 'shop' }, containers: [{ image: 'nginx:1.27', portNumber: 8080 }] });
    expect(codes(app)).toEqual([]);
  });
});

describe('pods that fit a node, in any namespace', () => {
  test('a pod larger than every node outside a SecureNamespace is refused', () => {
    const { app, chart } = setup();
    new kplus.Deployment(chart, 'big', {
      metadata: { namespace: 'shop' },
      containers: [{ image: 'nginx:1.27', resources: { cpu: { request: kplus.Cpu.units(64) }, memory: { request: Size.gibibytes(1) } } }],
    });
    expect(synthError(app)).toContain('[prod-inside] Deployment prod-inside-big resources.requests: "64000m CPU, 1024Mi per pod" is not valid; no node group it may run on can allocate that');
  });
});

describe('charts of one app', () => {
  test('a chart built in one app for a cluster of another app is refused', () => {
    const first = Testing.app();
    const prod = cluster(first);
    const second = new App();
    expect(() => new h.TenantClusterChart(second, 'inside', { cluster: prod })).toThrow('[inside] cluster: "prod" is not valid; the cluster belongs to another App, whose synth checks and renders it');
    expect(() => new h.TenantClusterChart(new Chart(first, 'group'), 'inside', { cluster: prod })).not.toThrow();
  });
});

describe('zones Hikube has and node sizes that boot', () => {
  test('Zone.of refuses a zone Hikube does not have, with the nearest; the constants and their names pass', () => {
    expect(() => h.Zone.of('geneve')).toThrow('[Zone.of] name: "geneve" is not valid; Hikube has the zones geneva, lucerne, gland; did you mean geneva? (on a self-hosted platform with zones of its own, use Zone.selfHosted("geneve"))');
    expect(() => h.Zone.of('zurich')).toThrow('Hikube has the zones geneva, lucerne, gland (on a self-hosted platform');
    expect(h.Zone.of('lucerne')).toBe(h.Zone.LUCERNE);
    expect(h.Zone.selfHosted('dc-north').name).toBe('dc-north');
  });
  test('a pod selecting a zone no node is in is refused; Hikube zones and self-hosted zones of the groups pass', () => {
    const { app, chart } = setup();
    const pinned = (id: string, zone: string) => new kplus.Deployment(chart, id, {
      metadata: { namespace: 'shop' }, containers: [{ image: 'nginx:1.27', portNumber: 8080 }], podMetadata: {},
    }).scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is('topology.kubernetes.io/zone', zone)));
    pinned('typo', 'geneve');
    pinned('hikube', 'gland');
    expect(synthError(app)).toContain('[prod-inside] Deployment prod-inside-typo affinity: {"topology.kubernetes.io/zone":"geneve"} is not valid; no node of cluster prod is in that zone, so the pods never schedule; the zones are geneva, lucerne, gland; did you mean geneva?');
    const own = Testing.app();
    const c = new h.HikubeCluster(own, 'edge', { tenantNamespace: 'tenant-acme', nodeGroups: { md0: h.NodeGroupSpec.of({ zones: [h.Zone.selfHosted('dc-north')] }) } });
    new kplus.Deployment(new h.TenantClusterChart(own, 'inside', { cluster: c }), 'web', { containers: [{ image: 'nginx:1.27', portNumber: 8080 }] })
      .scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is('topology.kubernetes.io/zone', 'dc-north')));
    expect(codes(own)).not.toContain('HK-POD-FIT');
  });
  test('a node group of 64 MiB is refused; the smallest instance type boots', () => {
    const app = Testing.app();
    new h.HikubeCluster(app, 'prod', {
      tenantNamespace: 'tenant-acme',
      nodeGroups: {
        tiny: h.NodeGroupSpec.of({ resources: { cpu: kplus.Cpu.units(1), memory: Size.mebibytes(64) } }),
        nano: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_NANO }),
        half: h.NodeGroupSpec.of({ resources: { cpu: kplus.Cpu.units(1), memory: Size.mebibytes(512) } }),
      },
    });
    const msg = synthError(app);
    expect(msg).toContain('[prod] nodeGroups.tiny.resources.memory: "64Mi" is not valid; a worker needs at least 512Mi to boot its system and run the kubelet (the platform\'s smallest instance type, u1.nano), and resources.memory gives 64Mi');
    expect(msg).not.toContain('nodeGroups.nano');
    expect(msg).not.toContain('nodeGroups.half');
  });
});

describe('storage classes of every claim in the chart', () => {
  /** A StatefulSet as cdk8s-plus renders it, with one claim template of `storageClassName`. */
  function statefulSet(chart: h.TenantClusterChart, storageClassName: string) {
    const sts = new kplus.StatefulSet(chart, 'db', { containers: [{ image: 'postgres:16', portNumber: 5432 }] });
    ApiObject.of(sts).addJsonPatch(JsonPatch.add('/spec/volumeClaimTemplates', [
      { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName, resources: { requests: { storage: '10Gi' } } } },
    ]));
    return sts;
  }

  test('a cdk8s-plus claim on a class the cluster lacks is refused, with the nearest name', () => {
    const { app, chart } = setup();
    new kplus.PersistentVolumeClaim(chart, 'data', { storage: Size.gibibytes(10), storageClassName: 'replicted' });
    expect(synthError(app)).toContain('[prod-inside] PersistentVolumeClaim prod-inside-data spec.storageClassName: "replicted" is not valid; cluster prod has the storage classes kubevirt, replicated, so the claim stays Pending; did you mean replicated?');
  });

  test('a StatefulSet claim template on a class the cluster lacks is refused', () => {
    const { app, chart } = setup();
    statefulSet(chart, 'fast-ssd');
    expect(codes(app)).toEqual(['HK-CLAIM-STORAGE-CLASS']);
    const err = synthError(app);
    expect(err).toContain('spec.volumeClaimTemplates[0].spec.storageClassName: "fast-ssd" is not valid');
  });

  test('platform classes, classes the app creates for the cluster, no class and the empty class pass', () => {
    const { app, chart } = setup();
    statefulSet(chart, 'kubevirt');
    new kplus.PersistentVolumeClaim(chart, 'default', { storage: Size.gibibytes(1) });
    new kplus.PersistentVolumeClaim(chart, 'bound', { storage: Size.gibibytes(1), storageClassName: '' });
    new kplus.PersistentVolumeClaim(chart, 'remote', { storage: Size.gibibytes(1), storageClassName: 'replicated' });
    const other = new h.TenantClusterChart(app, 'classes', { cluster: chart.cluster });
    new ApiObject(other, 'fast', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'csi.kubevirt.io' });
    new kplus.PersistentVolumeClaim(chart, 'fast', { storage: Size.gibibytes(1), storageClassName: 'fast' });
    expect(codes(app)).toEqual([]);
  });

  test('a class another cluster creates does not count; remote-accessible classes the chart names do', () => {
    const { app, chart } = setup();
    const staging = setup(app, 'staging');
    new ApiObject(staging.chart, 'fast', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'csi.kubevirt.io' });
    new kplus.PersistentVolumeClaim(chart, 'fast', { storage: Size.gibibytes(1), storageClassName: 'fast' });
    expect(codes(app)).toEqual(['HK-CLAIM-STORAGE-CLASS']);

    const second = Testing.app();
    const remote = new h.TenantClusterChart(second, 'inside', { cluster: cluster(second), remoteAccessibleClasses: ['replicated', 'fast'] });
    new kplus.PersistentVolumeClaim(remote, 'fast', { storage: Size.gibibytes(1), storageClassName: 'fast' });
    expect(codes(second)).toEqual([]);
  });

  test('a ReplicatedVolumeClaim on an unknown class is reported once, by its own rule', () => {
    const { app, chart } = setup();
    new h.ReplicatedVolumeClaim(chart, 'data', { namespace: 'default', size: Size.gibibytes(1), storageClass: 'fast' });
    expect(codes(app)).toEqual(['HK-VOLUME']);
  });
});

describe('quotas with room for the namespace\'s own workloads', () => {
  const restricted = h.PodSecurity.restrictedContainerContext();

  test('a quota smaller than the workloads\' requests is refused, naming the largest', () => {
    const { app, chart } = setup();
    new h.SecureNamespace(chart, 'shop', { quota: { requestsCpu: kplus.Cpu.units(1) } });
    new kplus.Deployment(chart, 'web', {
      metadata: { namespace: 'shop' },
      replicas: 3,
      containers: [{ image: 'web:1', portNumber: 8080, securityContext: restricted, resources: { cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.units(1) } } }],
    });
    const err = synthError(app);
    expect(err).toContain('[prod-inside/shop] quota.requestsCpu: "1" is not valid; the workloads of namespace shop need at least 1500m of requests.cpu (Deployment prod-inside-web (3 pods) 1500m)');
    expect(codes(app)).toEqual(['HK-QUOTA-FIT']);
  });

  test('containers without requests count the LimitRange defaults; claims and claim templates count too', () => {
    const { app, chart } = setup();
    new h.SecureNamespace(chart, 'shop', { quota: { pods: 3, persistentVolumeClaims: 2, requestsStorage: Size.gibibytes(20) } });
    const other = new h.TenantClusterChart(app, 'more', { cluster: chart.cluster });
    new ApiObject(other, 'db', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'shop' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'db' } },
        serviceName: 'db',
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } }],
      },
    });
    new kplus.PersistentVolumeClaim(chart, 'files', { metadata: { namespace: 'shop' }, storage: Size.gibibytes(5) });
    new ApiObject(chart, 'one', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'one', namespace: 'shop' }, spec: { containers: [{ name: 'x', image: 'x:1' }] } });
    new ApiObject(chart, 'two', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'two', namespace: 'shop' }, spec: { containers: [{ name: 'x', image: 'x:1' }] } });
    const err = synthError(app);
    expect(err).toContain('quota.pods: "3" is not valid; the workloads of namespace shop need at least 4 of pods (StatefulSet db (2 pods) 2, Pod one 1, Pod two 1)');
    expect(err).toContain('quota.persistentVolumeClaims: "2" is not valid; the workloads of namespace shop need at least 3 of persistentvolumeclaims');
    expect(err).toContain('quota.requestsStorage: "20Gi" is not valid; the workloads of namespace shop need at least 25600Mi of requests.storage');
    expect(err).not.toContain('requests.cpu');
  });

  test('workloads that fit, and those of other namespaces or clusters, pass', () => {
    const { app, chart } = setup();
    new h.SecureNamespace(chart, 'shop', { quota: { requestsCpu: kplus.Cpu.units(2), limitsCpu: kplus.Cpu.units(2) } });
    new kplus.Deployment(chart, 'web', {
      metadata: { namespace: 'shop' },
      replicas: 2,
      containers: [{ image: 'web:1', portNumber: 8080, securityContext: restricted, resources: { cpu: { request: kplus.Cpu.units(1), limit: kplus.Cpu.units(1) } } }],
    });
    new kplus.Deployment(chart, 'elsewhere', { metadata: { namespace: 'default' }, replicas: 8, containers: [{ image: 'web:1', portNumber: 8080 }] });
    const staging = setup(app, 'staging');
    new kplus.Deployment(staging.chart, 'web', { metadata: { namespace: 'shop' }, replicas: 8, containers: [{ image: 'web:1', portNumber: 8080 }] });
    expect(codes(app)).not.toContain('HK-QUOTA-FIT');
  });
});
