import { Duration, Size, Testing } from 'cdk8s';
import * as h from '../../src';
import { HikubeValidationError } from '../../src/errors';
import { validateAgainstSchemas } from '../support/crds';
import { synthError } from '../support/errors';
import { parseYamlStream, validateBucketDocument, validateTenantDocument } from '../support/schemas';

const S3_NAME = 'bucket-6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab';

function setup(velero: h.Velero | undefined = undefined, line = h.PlatformLine.V1_6) {
  const app = Testing.app();
  const prod = new h.HikubeCluster(app, 'prod', { tenantNamespace: 'tenant-acme', platformLine: line, nodeGroups: { md0: h.NodeGroupSpec.of() } });
  const bucket = new h.Bucket(prod, 'backups', { users: { velero: h.BucketUser.of(), reader: h.BucketUser.of({ readOnly: true }) } });
  prod.addAddon(velero ?? new h.Velero({
    backupLocation: { s3BucketName: S3_NAME, credentialsSecret: 'velero-bucket', bucketCredentials: bucket.credentials('velero'), prefix: 'prod' },
  }));
  const chart = new h.TenantClusterChart(app, 'inside', { cluster: prod });
  return { app, prod, bucket, chart };
}

function synth(app: ReturnType<typeof Testing.app>) {
  return parseYamlStream(app.synthYaml());
}

describe('backups to a Hikube bucket, end to end', () => {
  const s = setup();
  const nightly = new h.BackupSchedule(s.chart, 'Nightly', { namespaces: ['shop'], retention: Duration.days(7) });
  new h.Restore(s.chart, 'restore-shop', { fromSchedule: nightly, namespaces: ['shop'], namespaceMapping: { shop: 'shop-restored' } });
  const docs = synth(s.app);
  const tenant = docs.find((d) => d.kind === 'Kubernetes');

  test('the Velero add-on gets the chart\'s list entry: S3 provider, generated name, Hikube endpoint, path style, Secret reference', () => {
    expect(tenant.spec.addons.velero).toEqual({
      enabled: true,
      valuesOverride: {
        velero: {
          credentials: { useSecret: true, existingSecret: 'velero-bucket' },
          configuration: {
            backupStorageLocation: [{
              name: 'default',
              provider: 'aws',
              bucket: S3_NAME,
              prefix: 'prod',
              default: true,
              accessMode: 'ReadWrite',
              credential: { name: 'velero-bucket', key: 'cloud' },
              config: { region: 'us-east-1', s3Url: 'https://prod.s3.hikube.cloud', s3ForcePathStyle: 'true' },
            }],
          },
        },
      },
    });
    expect(validateTenantDocument(tenant, h.PlatformLine.V1_6)).toEqual([]);
  });
  test('the location entry has the fields of Velero\'s BackupStorageLocation', () => {
    const entry = tenant.spec.addons.velero.valuesOverride.velero.configuration.backupStorageLocation[0];
    const { name, bucket, prefix, ...spec } = entry;
    const bsl = { apiVersion: 'velero.io/v1', kind: 'BackupStorageLocation', metadata: { name, namespace: 'cozy-velero' }, spec: { ...spec, objectStorage: { bucket, prefix } } };
    expect(validateAgainstSchemas(bsl)).toEqual([]);
  });
  test('the bucket validates against the platform\'s value schema', () => {
    expect(validateBucketDocument(docs.find((d) => d.kind === 'Bucket'), h.PlatformLine.V1_6)).toEqual([]);
  });
  test('the schedule writes to the location, moves snapshot data and gets a valid name from its id', () => {
    const schedule = docs.find((d) => d.kind === 'Schedule');
    expect(schedule).toEqual({
      apiVersion: 'velero.io/v1',
      kind: 'Schedule',
      metadata: { name: 'nightly', namespace: 'cozy-velero' },
      spec: {
        schedule: '0 2 * * *',
        template: { includedNamespaces: ['shop'], snapshotMoveData: true, snapshotVolumes: true, storageLocation: 'default', ttl: '168h' },
      },
    });
    expect(validateAgainstSchemas(schedule)).toEqual([]);
  });
  test('the restore takes the newest backup of the schedule', () => {
    const restore = docs.find((d) => d.kind === 'Restore');
    expect(restore.spec).toEqual({ scheduleName: 'nightly', includedNamespaces: ['shop'], namespaceMapping: { shop: 'shop-restored' }, restorePVs: true });
    expect(validateAgainstSchemas(restore)).toEqual([]);
  });
});

describe('BackupSchedule', () => {
  test('all namespaces with exclusions; descriptors and @every', () => {
    const s = setup();
    new h.BackupSchedule(s.chart, 'all', { allNamespaces: true, excludedNamespaces: ['kube-system'], schedule: '@every 6h', snapshotVolumes: false });
    new h.BackupSchedule(s.chart, 'hourly', { namespaces: ['shop'], schedule: '@hourly' });
    new h.BackupSchedule(s.chart, 'weekdays', { namespaces: ['shop'], schedule: '*/15 1-5 ? JAN-DEC MON-FRI' });
    const schedules = synth(s.app).filter((d) => d.kind === 'Schedule');
    expect(schedules[0].spec).toEqual({
      schedule: '@every 6h',
      template: { includedNamespaces: ['*'], excludedNamespaces: ['kube-system'], snapshotVolumes: false, storageLocation: 'default', ttl: '720h' },
    });
    expect(schedules.flatMap(validateAgainstSchemas)).toEqual([]);
  });
  test('refused without a backup location, and without Velero', () => {
    const s = setup(new h.Velero());
    new h.BackupSchedule(s.chart, 'nightly', { namespaces: ['shop'] });
    expect(synthError(s.app)).toContain('[inside/nightly] addons.velero.backupLocation: a backup schedule needs a backup location, and the Velero add-on of cluster prod has none (the platform sets none); set backupLocation to a Hikube bucket');
    const app = Testing.app();
    const prod = new h.HikubeCluster(app, 'prod', { tenantNamespace: 'tenant-acme', nodeGroups: { md0: h.NodeGroupSpec.of() } });
    new h.BackupSchedule(new h.TenantClusterChart(app, 'inside', { cluster: prod }), 'nightly', { namespaces: ['shop'] });
    expect(synthError(app)).toContain('[inside/nightly] addons.velero: a backup schedule requires the velero add-on, which cluster prod does not enable; add Velero to its add-ons');
  });
  test('cron as Velero reads it', () => {
    const s = setup();
    const bad = ['daily', '0 2 * *', '60 * * * *', '0 24 * * *', '0 0 0 * *', '0 0 * 13 *', '0 0 * * 7', '*/0 * * * *', '5-1 * * * *', '@every 0s', '@every tomorrow', '@fortnightly'];
    bad.forEach((schedule, i) => new h.BackupSchedule(s.chart, `s${i}`, { namespaces: ['shop'], schedule }));
    const msg = synthError(s.app);
    bad.forEach((schedule, i) => expect(msg).toContain(`[inside/s${i}] schedule: ${JSON.stringify(schedule)} is not valid`));
    expect(msg).toContain('expected five fields (minute hour day-of-month month day-of-week), got 1');
    expect(msg).toContain('hour field "24": expected 0-23');
    expect(msg).toContain('"@every" takes a positive Go duration');
  });
  test('namespaces: one of the two forms, valid names, retention of an hour or more', () => {
    const s = setup();
    new h.BackupSchedule(s.chart, 'a', {});
    new h.BackupSchedule(s.chart, 'b', { namespaces: ['shop'], allNamespaces: true });
    new h.BackupSchedule(s.chart, 'c', { namespaces: ['Shop'], excludedNamespaces: ['x'], retention: Duration.minutes(30) });
    const msg = synthError(s.app);
    expect(msg).toContain('[inside/a] namespaces: [] is not valid; name at least one namespace, or set allNamespaces');
    expect(msg).toContain('[inside/b] namespaces: ["shop"] is not valid; set namespaces or allNamespaces, not both');
    expect(msg).toContain('[inside/c] namespaces: "Shop" is not valid; expected namespace names');
    expect(msg).toContain('[inside/c] excludedNamespaces: ["x"] is not valid; exclusions apply with allNamespaces');
    expect(msg).toContain('[inside/c] retention: "30m" is not valid; keep backups at least one hour');
  });
  test('names from ids: derived when possible, refused with the path otherwise', () => {
    const s = setup();
    expect(new h.BackupSchedule(s.chart, 'Shop_Nightly', { namespaces: ['shop'] }).scheduleName).toBe('shop-nightly');
    expect(() => new h.BackupSchedule(s.chart, '__', { namespaces: ['shop'] })).toThrow('[inside/__] name: "__" is not valid; the construct id gives no valid object name');
    expect(() => new h.BackupSchedule(s.chart, 'x', { namespaces: ['shop'], name: 'Nightly' })).toThrow('[inside/x] name: "Nightly" is not valid; expected a lower-case DNS name');
  });
});

describe('Velero backup location checks', () => {
  function locationError(location: Partial<h.VeleroBackupLocation>): string {
    const s = setup(new h.Velero({ backupLocation: { s3BucketName: S3_NAME, credentialsSecret: 'velero-bucket', ...location } as h.VeleroBackupLocation }));
    return synthError(s.app);
  }
  test('placeholders and the application name are refused; the message gives the command', () => {
    for (const name of ['velero-backups', 'bucket-<uuid>', 'bucket-backups', 'BUCKET_NAME', '']) {
      expect(locationError({ s3BucketName: name })).toContain(`[prod] addons.velero.backupLocation.s3BucketName: ${JSON.stringify(name)} is not valid; the S3 name is generated when the bucket is provisioned`);
    }
    const s = setup();
    const msg = locationError({ s3BucketName: 'bucket-xxxx', bucketCredentials: s.bucket.credentials('velero') });
    expect(msg).toContain("read it with: kubectl -n tenant-acme get tenantsecret bucket-backups-velero-credentials -o jsonpath='{.data.bucketName}' | base64 -d");
  });
  test('a read-only user cannot take backups', () => {
    const s = setup();
    expect(locationError({ bucketCredentials: s.bucket.credentials('reader') }))
      .toContain('addons.velero.backupLocation.bucketCredentials: "reader" is not valid; user reader of bucket backups is read-only, and Velero writes backups');
  });
  test('secret, name, prefix, endpoint and region', () => {
    const msg = locationError({ credentialsSecret: 'Velero Creds', name: 'Default', prefix: '/prod/', endpoint: 'http://s3.example', region: 'EU West' });
    expect(msg).toContain('backupLocation.credentialsSecret: "Velero Creds" is not valid');
    expect(msg).toContain('backupLocation.name: "Default" is not valid');
    expect(msg).toContain('backupLocation.prefix: "/prod/" is not valid');
    expect(msg).toContain('backupLocation.endpoint: "http://s3.example" is not valid; expected an https:// URL');
    expect(msg).toContain('backupLocation.region: "EU West" is not valid');
  });
  test('another endpoint and region are passed through', () => {
    const s = setup(new h.Velero({ backupLocation: { s3BucketName: S3_NAME, credentialsSecret: 'creds', name: 'offsite', endpoint: 'https://s3.acme.example', region: 'eu-central-1' } }));
    const entry = synth(s.app).find((d) => d.kind === 'Kubernetes').spec.addons.velero.valuesOverride.velero.configuration.backupStorageLocation[0];
    expect(entry.name).toBe('offsite');
    expect(entry.config).toEqual({ region: 'eu-central-1', s3Url: 'https://s3.acme.example', s3ForcePathStyle: 'true' });
  });
});

describe('Restore', () => {
  test('one backup by name; exactly one source', () => {
    const s = setup();
    new h.Restore(s.chart, 'from-backup', { backupName: 'nightly-20260101020000', restoreVolumes: false, excludedNamespaces: ['kube-system'] });
    const [restore] = synth(s.app).filter((d) => d.kind === 'Restore');
    expect(restore.metadata).toEqual({ name: 'from-backup', namespace: 'cozy-velero' });
    expect(restore.spec).toEqual({ backupName: 'nightly-20260101020000', excludedNamespaces: ['kube-system'], restorePVs: false });
    expect(validateAgainstSchemas(restore)).toEqual([]);
    const t = setup();
    new h.Restore(t.chart, 'none', {});
    new h.Restore(t.chart, 'bad', { backupName: 'Nightly Backup', namespaceMapping: { shop: 'Shop' } });
    const msg = synthError(t.app);
    expect(msg).toContain('[inside/none] backupName: undefined is not valid; set exactly one of backupName and fromSchedule');
    expect(msg).toContain('[inside/bad] backupName: "Nightly Backup" is not valid');
    expect(msg).toContain('[inside/bad] namespaceMapping.shop: "Shop" is not valid');
  });
  test('refused without a backup location', () => {
    const s = setup(new h.Velero());
    new h.Restore(s.chart, 'r', { backupName: 'b' });
    expect(synthError(s.app)).toContain('[inside/r] addons.velero.backupLocation: a restore needs a backup location');
  });
});

describe('volumes', () => {
  test('fractional binary sizes Kubernetes accepts are accepted', () => {
    const s = setup();
    new h.ReplicatedVolumeClaim(s.chart, 'Shop_Data', { namespace: 'shop', size: Size.gibibytes(1.5) });
    const [pvc] = synth(s.app).filter((d) => d.kind === 'PersistentVolumeClaim');
    expect(pvc.metadata.name).toBe('shop-data');
    expect(pvc.spec.resources.requests.storage).toBe('1.5Gi');
    expect(validateAgainstSchemas(pvc)).toEqual([]);
  });
});

describe('backups: untyped callers', () => {
  const attempts: Array<[string, (chart: h.TenantClusterChart) => void, string]> = [
    ['a string for namespaces', (c) => new h.BackupSchedule(c, 'a', { namespaces: 'shop' as any }), '[inside/a] namespaces: the string "shop" is not valid; expected a list (each: string); to give one, wrap it in a list: ["shop"]'],
    ['a string for excludedNamespaces', (c) => new h.BackupSchedule(c, 'b', { allNamespaces: true, excludedNamespaces: 'kube-system' as any }), '[inside/b] excludedNamespaces: the string "kube-system" is not valid; expected a list'],
    ['numbers in namespaces', (c) => new h.BackupSchedule(c, 'c', { namespaces: [1] as any }), '[inside/c] namespaces[0]: the number 1 is not valid; expected a string'],
    ['a number as name', (c) => new h.Restore(c, 'd', { backupName: 'x', name: 5 as any }), '[inside/d] name: the number 5 is not valid; expected a string'],
    ['a string for the size', (c) => new h.ReplicatedVolumeClaim(c, 'e', { namespace: 'shop', size: '1.5Gi' as any }), '[inside/e] size: the string "1.5Gi" is not valid; expected a Size'],
    ['no namespace for a claim', (c) => new h.ReplicatedVolumeClaim(c, 'f', { size: Size.gibibytes(1) } as any), '[inside/f] namespace: required; expected a string'],
  ];
  test.each(attempts)('%s is refused with an Error', (_, attempt, message) => {
    const s = setup();
    let error: any;
    try {
      attempt(s.chart);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HikubeValidationError);
    expect(error.message).toContain(message);
  });
  test('a location that is not an object', () => {
    expect(() => new h.Velero({ backupLocation: 'default' as any })).toThrow('[Velero] backupLocation: the string "default" is not valid; expected VeleroBackupLocation');
  });
  test('a schedule given as a number', () => {
    const s = setup();
    expect(() => new h.BackupSchedule(s.chart, 'n', { namespaces: ['shop'], schedule: 5 as any })).toThrow('[inside/n] schedule: the number 5 is not valid; expected a string');
  });
  test('unknown keys are refused with the nearest known one', () => {
    const s = setup();
    expect(() => new h.BackupSchedule(s.chart, 'u', { namespace: ['shop'] } as any)).toThrow('[inside/u] namespace: unknown option of BackupScheduleProps; did you mean namespaces?');
  });
});
