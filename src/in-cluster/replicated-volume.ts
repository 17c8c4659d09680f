import { ApiObject, Duration, JsonPatch, Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checksOwnStorageClass } from './cluster-objects';
import { cronProblem } from './cron';
import { objectName, stringList } from './names';
import { TenantClusterChart } from './tenant-cluster-chart';
import { KubevirtCsiStorageClasses } from '../cluster-api/storage-classes';
import { checkProps } from '../model/guard';
import { formatDuration, formatSize, sizeToMebibytes } from '../model/quantity';
import { addChecks, DNS1123_LABEL, DNS1123_SUBDOMAIN, type Finding, finding, invalid, problem } from '../model/validation';
import { Velero } from '../tenant/velero';

/** Properties of a volume claim on the cluster's storage. */
export interface ReplicatedVolumeClaimProps {
  /** Namespace of the claim. */
  readonly namespace: string;
  /** Size of the volume. */
  readonly size: Size;
  /**
   * Claim name.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Storage class inside the tenant cluster; must be one the cluster has.
   * @default - the cluster's default class (replicated three times on the platform)
   */
  readonly storageClass?: string;
  /**
   * Access modes.
   * @default [PersistentVolumeAccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];
}

/**
 * A PersistentVolumeClaim on the tenant cluster's storage (KubeVirt CSI on the platform's replicated
 * LINSTOR class by default), checked against the storage classes the cluster really has.
 */
export class ReplicatedVolumeClaim extends Construct {
  /**
   * The claim, for mounting into cdk8s-plus workloads. Its `storage` is set for sizes cdk8s-plus can write
   * in gibibytes only (`Size.gibibytes(1.5)`, not `Size.mebibytes(1536)`).
   */
  public readonly claim: kplus.PersistentVolumeClaim;
  private readonly namespace: string;
  private readonly chart: TenantClusterChart;
  /** The storage class used. */
  public readonly storageClass: string;

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props the claim: namespace, size, class and access modes
   */
  public constructor(scope: Construct, id: string, props: ReplicatedVolumeClaimProps) {
    super(scope, id);
    checkProps(this, undefined, 'ReplicatedVolumeClaimProps', props);
    const chart = TenantClusterChart.enclosing(this);
    this.chart = chart;
    const name = objectName(this, props.name, id, 253);
    if (typeof props.namespace !== 'string' || namespaceProblems('namespace', [props.namespace]).length > 0) {
      throw invalid('HK-VOLUME', this, 'namespace', props.namespace, 'expected a namespace name (a lower-case DNS label)');
    }
    // cdk8s-plus would fail on anything but a Size with a bare TypeError.
    if (typeof (props.size as Partial<Size> | undefined)?.toKibibytes !== 'function') {
      throw invalid('HK-VOLUME', this, 'size', props.size, 'expected a Size, e.g. Size.gibibytes(20) or Size.gibibytes(1.5)');
    }
    this.namespace = props.namespace;
    this.storageClass = props.storageClass ?? chart.defaultStorageClass;
    const writable = inGibibytes(props.size);
    this.claim = new kplus.PersistentVolumeClaim(this, 'Resource', {
      metadata: { name, namespace: props.namespace },
      storage: writable ? props.size : undefined,
      storageClassName: this.storageClass,
      accessModes: props.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
    });
    checksOwnStorageClass(ApiObject.of(this.claim));
    // 1536 MiB is a valid request, written in the largest unit that keeps it exact (1536Mi). The patch applies
    // before the generated binding converts quantities, so it holds one as the binding expects it.
    if (!writable) {
      const storage = kplus.k8s.Quantity.fromString(formatSize(props.size));
      ApiObject.of(this.claim).addJsonPatch(JsonPatch.add('/spec/resources', { requests: { storage } }));
    }
    addChecks(this, () => {
      const errors: Finding[] = [];
      const known = KubevirtCsiStorageClasses.classesOf(chart.cluster).map((c) => c.name);
      if (props.storageClass !== undefined && !known.includes(props.storageClass)) {
        errors.push(problem('HK-VOLUME', 'storageClassName', props.storageClass, `cluster ${chart.cluster.clusterName} has the storage classes ${known.join(', ')}`));
      }
      if (!(sizeToMebibytes(props.size) >= 1)) errors.push(problem('HK-VOLUME', 'size', formatSize(props.size), 'expected at least 1Mi'));
      return errors;
    });
  }

  /**
   * Takes a CSI snapshot of the volume with the cluster's snapshot class (`kubevirt-snapshots`).
   * @param name name of the VolumeSnapshot
   */
  public addSnapshot(name: string): ApiObject {
    if (!DNS1123_SUBDOMAIN.test(name)) throw invalid('HK-VOLUME', this, 'snapshot name', name, 'expected a lower-case DNS subdomain');
    return new ApiObject(this, `snapshot-${name}`, {
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshot',
      metadata: { name, namespace: this.namespace },
      spec: { volumeSnapshotClassName: this.chart.snapshotClass, source: { persistentVolumeClaimName: this.claim.name } },
    });
  }
}

/** Whether cdk8s-plus can write a size: it converts to gibibytes and fails when the size was given in a smaller unit that does not divide. */
function inGibibytes(size: Size): boolean {
  try {
    size.toGibibytes();
    return true;
  } catch {
    return false;
  }
}

/** Properties of a backup schedule. */
export interface BackupScheduleProps {
  /**
   * Namespaces to back up.
   * @default - none; set this or `allNamespaces`
   */
  readonly namespaces?: string[];
  /**
   * Back up every namespace (minus `excludedNamespaces`).
   * @default false
   */
  readonly allNamespaces?: boolean;
  /**
   * Namespaces left out, with `allNamespaces`.
   * @default - none
   */
  readonly excludedNamespaces?: string[];
  /**
   * When to back up, as Velero reads it: five cron fields in UTC (`0 2 * * *`) or a descriptor
   * (`@daily`, `@hourly`, `@every 6h`, ...).
   * @default "0 2 * * *" (daily at 02:00)
   */
  readonly schedule?: string;
  /**
   * How long backups are kept.
   * @default Duration.days(30)
   */
  readonly retention?: Duration;
  /**
   * Snapshot volumes through CSI (the cluster's `kubevirt-snapshots` class).
   * @default true
   */
  readonly snapshotVolumes?: boolean;
  /**
   * Copy snapshot data into the backup location. Without it volume snapshots stay on the platform's
   * storage next to the cluster, so a backup could not bring volumes back if that storage is lost.
   * @default true
   */
  readonly moveSnapshotData?: boolean;
  /**
   * Schedule name.
   * @default - derived from the construct id
   */
  readonly name?: string;
}

/** A day-long backup is the shortest retention worth scheduling; shorter ones are usually a unit mistake. */
const MIN_RETENTION_SECONDS = 3600;

/**
 * A Velero `Schedule` of backups, volumes included, written to the backup location of the cluster's
 * `Velero` add-on (refused when the add-on has none: every backup would fail).
 */
export class BackupSchedule extends Construct {
  /** Name of the Schedule; Velero names its backups `<name>-<timestamp>`. */
  public readonly scheduleName: string;

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props the namespaces to back up, the schedule and the retention
   */
  public constructor(scope: Construct, id: string, props: BackupScheduleProps) {
    super(scope, id);
    checkProps(this, undefined, 'BackupScheduleProps', props);
    const chart = TenantClusterChart.enclosing(this);
    this.scheduleName = objectName(this, props.name, id);
    const namespaces = stringList(this, 'namespaces', props.namespaces);
    const excluded = stringList(this, 'excludedNamespaces', props.excludedNamespaces);
    const all = props.allNamespaces ?? false;
    const schedule = props.schedule ?? '0 2 * * *';
    const retention = props.retention ?? Duration.days(30);
    const snapshotVolumes = props.snapshotVolumes ?? true;
    const location = () => veleroOf(chart)?.backupLocationName;
    new ApiObject(this, 'Resource', {
      apiVersion: 'velero.io/v1',
      kind: 'Schedule',
      metadata: { name: this.scheduleName, namespace: Velero.NAMESPACE },
      spec: {
        schedule,
        template: {
          includedNamespaces: all ? ['*'] : namespaces,
          ...(excluded.length > 0 ? { excludedNamespaces: excluded } : {}),
          snapshotVolumes,
          ...(snapshotVolumes ? { snapshotMoveData: props.moveSnapshotData ?? true } : {}),
          storageLocation: Lazy.any({ produce: location }),
          ttl: formatDuration(retention),
        },
      },
    });
    addChecks(this, () => {
      const errors: Finding[] = [];
      errors.push(...backupLocationProblems(chart, 'a backup schedule'));
      const cron = cronProblem(schedule);
      if (cron) errors.push(problem('HK-BACKUP', 'schedule', schedule, cron));
      if (all && namespaces.length > 0) errors.push(problem('HK-BACKUP', 'namespaces', namespaces, 'set namespaces or allNamespaces, not both'));
      if (!all && namespaces.length === 0) errors.push(problem('HK-BACKUP', 'namespaces', namespaces, 'name at least one namespace, or set allNamespaces'));
      if (!all && excluded.length > 0) errors.push(problem('HK-BACKUP', 'excludedNamespaces', excluded, 'exclusions apply with allNamespaces'));
      errors.push(...namespaceProblems('namespaces', namespaces), ...namespaceProblems('excludedNamespaces', excluded));
      if (!(retention.toSeconds() >= MIN_RETENTION_SECONDS)) errors.push(problem('HK-BACKUP', 'retention', formatDuration(retention), 'keep backups at least one hour'));
      return errors;
    });
  }
}

/** The cluster's Velero add-on, if it has one. @internal */
export function veleroOf(chart: TenantClusterChart): Velero | undefined {
  const addon = chart.cluster.findAddon(Velero.KEY);
  return addon instanceof Velero ? addon : undefined;
}

/** Why backups and restores cannot run on the chart's cluster, if they cannot. @internal */
export function backupLocationProblems(chart: TenantClusterChart, what: string): Finding[] {
  const missing = chart._missingAddon(Velero.KEY, 'Velero', what);
  if (missing) return [missing];
  if (veleroOf(chart)?.backupLocationName === undefined) {
    return [finding('HK-VELERO', 'addons.velero.backupLocation', `${what} needs a backup location, and the Velero add-on of cluster ${chart.cluster.clusterName} has none (the platform sets none); set backupLocation to a Hikube bucket`)];
  }
  return [];
}

/** Problems of a list of namespace names. @internal */
export function namespaceProblems(field: string, names: string[]): Finding[] {
  return names.filter((ns) => ns.length > 63 || !DNS1123_LABEL.test(ns)).map((ns) => problem('HK-BACKUP', field, ns, 'expected namespace names (lower-case DNS labels)'));
}
