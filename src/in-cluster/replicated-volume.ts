import { ApiObject, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { TenantClusterChart } from './tenant-cluster-chart';
import { KubevirtCsiStorageClasses } from '../cluster-api/storage-classes';
import { Velero } from '../model/addons/velero';
import { formatDuration, formatSize, sizeToMebibytes } from '../model/quantity';
import { addChecks, DNS1123_LABEL, DNS1123_SUBDOMAIN, invalid, problem } from '../model/validation';

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
  /** The claim, for mounting into cdk8s-plus workloads. */
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
    const chart = TenantClusterChart.enclosing(this);
    this.chart = chart;
    this.namespace = props.namespace;
    this.storageClass = props.storageClass ?? chart.defaultStorageClass;
    this.claim = new kplus.PersistentVolumeClaim(this, 'Resource', {
      metadata: { name: props.name ?? id, namespace: props.namespace },
      storage: props.size,
      storageClassName: this.storageClass,
      accessModes: props.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
    });
    addChecks(this, () => {
      const errors: string[] = [];
      const known = KubevirtCsiStorageClasses.classesOf(chart.cluster).map((c) => c.name);
      if (props.storageClass !== undefined && !known.includes(props.storageClass)) {
        errors.push(problem('storageClassName', props.storageClass, `cluster ${chart.cluster.clusterName} has the storage classes ${known.join(', ')}`));
      }
      if (!(sizeToMebibytes(props.size) >= 1)) errors.push(problem('size', formatSize(props.size), 'expected at least 1Mi'));
      if (!DNS1123_SUBDOMAIN.test(props.name ?? id)) errors.push(problem('metadata.name', props.name ?? id, 'a claim name must be a lower-case DNS subdomain'));
      return errors;
    });
  }

  /**
   * Takes a CSI snapshot of the volume with the cluster's snapshot class (`kubevirt-snapshots`).
   * @param name name of the VolumeSnapshot
   */
  public addSnapshot(name: string): ApiObject {
    if (!DNS1123_SUBDOMAIN.test(name)) throw invalid(this, 'snapshot name', name, 'expected a lower-case DNS subdomain');
    return new ApiObject(this, `snapshot-${name}`, {
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshot',
      metadata: { name, namespace: this.namespace },
      spec: { volumeSnapshotClassName: this.chart.snapshotClass, source: { persistentVolumeClaimName: this.claim.name } },
    });
  }
}

/** Properties of a backup schedule. */
export interface BackupScheduleProps {
  /** Namespaces to back up. */
  readonly namespaces: string[];
  /**
   * Cron schedule (five fields, UTC).
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
   * Schedule name.
   * @default - the construct id
   */
  readonly name?: string;
}

/** Namespace the Velero add-on runs in. */
const VELERO_NAMESPACE = 'cozy-velero';
const CRON = /^(\S+\s+){4}\S+$/;

/** A Velero `Schedule` of backups of some namespaces, volumes included. Needs the Velero add-on. */
export class BackupSchedule extends Construct {
  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props the namespaces to back up, the schedule and the retention
   */
  public constructor(scope: Construct, id: string, props: BackupScheduleProps) {
    super(scope, id);
    const chart = TenantClusterChart.enclosing(this);
    const name = props.name ?? id;
    const schedule = props.schedule ?? '0 2 * * *';
    const retention = props.retention ?? Duration.days(30);
    new ApiObject(this, 'Resource', {
      apiVersion: 'velero.io/v1',
      kind: 'Schedule',
      metadata: { name, namespace: VELERO_NAMESPACE },
      spec: {
        schedule,
        template: {
          includedNamespaces: [...props.namespaces],
          snapshotVolumes: props.snapshotVolumes ?? true,
          ttl: formatDuration(retention),
        },
      },
    });
    addChecks(this, () => {
      const errors: string[] = [];
      const missing = chart.missingAddon(Velero.KEY, 'Velero', 'a backup schedule');
      if (missing) errors.push(missing);
      if (!CRON.test(schedule)) errors.push(problem('schedule', schedule, 'expected a five-field cron expression such as "0 2 * * *"'));
      if (props.namespaces.length === 0) errors.push(problem('namespaces', [], 'name at least one namespace'));
      for (const ns of props.namespaces) if (!DNS1123_LABEL.test(ns)) errors.push(problem('namespaces', ns, 'expected namespace names'));
      if (!(retention.toSeconds() >= 3600)) errors.push(problem('retention', formatDuration(retention), 'keep backups at least one hour'));
      return errors;
    });
  }
}
