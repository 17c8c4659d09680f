import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { backedUp, enclosingBound, scheduleObject, schedulesOf } from './cluster-objects';
import { objectName, stringList } from './names';
import { BackupSchedule, backupLocationProblems, namespaceProblems } from './replicated-volume';
import { TenantClusterChart } from './tenant-cluster-chart';
import { checkProps, nearest } from '../model/guard';
import { addChecks, DNS1123_SUBDOMAIN, finding, problem, type Finding } from '../model/validation';
import { Velero } from '../tenant/velero';

/** Properties of a restore. */
export interface RestoreProps {
  /**
   * Restore the newest backup of a schedule.
   * @default - set this or `backupName`
   */
  readonly fromSchedule?: BackupSchedule;
  /**
   * Restore one backup by name (`velero backup get` lists them; a schedule's are `<schedule>-<timestamp>`).
   * @default - set this or `fromSchedule`
   */
  readonly backupName?: string;
  /**
   * Namespaces to restore.
   * @default - every namespace in the backup
   */
  readonly namespaces?: string[];
  /**
   * Namespaces of the backup not to restore.
   * @default - none
   */
  readonly excludedNamespaces?: string[];
  /**
   * Restore namespaces under other names, from backup namespace to target namespace.
   * @default - same names
   */
  readonly namespaceMapping?: { [from: string]: string };
  /**
   * Restore persistent volumes from their snapshots or copied data.
   * @default true
   */
  readonly restoreVolumes?: boolean;
  /**
   * Restore name.
   * @default - derived from the construct id
   */
  readonly name?: string;
}

/**
 * A Velero `Restore` from the cluster's backup location. Velero runs a restore once; keep the object out
 * of a folder that Flux prunes and re-applies, or give each restore a new name.
 */
export class Restore extends Construct {
  /** Name of the Restore. */
  public readonly restoreName: string;

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props its settings
   */
  public constructor(scope: Construct, id: string, props: RestoreProps) {
    super(scope, id);
    checkProps(this, undefined, 'RestoreProps', props);
    // The check at synth reads the settings that were rendered, whatever the caller changes in its object later.
    props = { ...props };
    const chart = TenantClusterChart.enclosing(this);
    this.restoreName = objectName(this, props.name, id);
    const namespaces = stringList(this, 'namespaces', props.namespaces);
    const excluded = stringList(this, 'excludedNamespaces', props.excludedNamespaces);
    const mapping = props.namespaceMapping === undefined || props.namespaceMapping === null || typeof props.namespaceMapping !== 'object'
      ? props.namespaceMapping ?? {} : { ...props.namespaceMapping };
    const fromSchedule = props.fromSchedule instanceof BackupSchedule ? props.fromSchedule : undefined;
    new ApiObject(this, 'Resource', {
      apiVersion: 'velero.io/v1',
      kind: 'Restore',
      metadata: { name: this.restoreName, namespace: Velero.NAMESPACE },
      spec: {
        ...(fromSchedule ? { scheduleName: fromSchedule.scheduleName } : { backupName: props.backupName }),
        ...(namespaces.length > 0 ? { includedNamespaces: namespaces } : {}),
        ...(excluded.length > 0 ? { excludedNamespaces: excluded } : {}),
        ...(Object.keys(mapping).length > 0 ? { namespaceMapping: { ...mapping } } : {}),
        restorePVs: props.restoreVolumes ?? true,
      },
    });
    addChecks(this, () => {
      const errors = backupLocationProblems(chart, 'a restore');
      if (props.fromSchedule !== undefined && fromSchedule === undefined) {
        errors.push(problem('HK-RESTORE', 'fromSchedule', typeof props.fromSchedule, 'expected a BackupSchedule'));
      }
      if ((fromSchedule === undefined) === (props.backupName === undefined)) {
        errors.push(problem('HK-RESTORE', 'backupName', props.backupName, 'set exactly one of backupName and fromSchedule'));
      } else if (props.backupName !== undefined && (typeof props.backupName !== 'string' || !DNS1123_SUBDOMAIN.test(props.backupName))) {
        errors.push(problem('HK-RESTORE', 'backupName', props.backupName, 'expected the name of a Velero backup'));
      }
      errors.push(...namespaceProblems('namespaces', namespaces), ...namespaceProblems('excludedNamespaces', excluded));
      if (mapping === null || typeof mapping !== 'object' || Array.isArray(mapping)) {
        errors.push(problem('HK-RESTORE', 'namespaceMapping', mapping, 'expected a map from backup namespace to target namespace'));
      } else {
        for (const [from, to] of Object.entries(mapping)) {
          errors.push(...namespaceProblems('namespaceMapping', [from]));
          if (typeof to !== 'string') errors.push(problem('HK-RESTORE', `namespaceMapping.${from}`, to, 'expected a namespace name'));
          else errors.push(...namespaceProblems(`namespaceMapping.${from}`, [to]));
        }
      }
      if (errors.length === 0) errors.push(...sourceProblems(this, chart, fromSchedule, props.backupName, [...namespaces.map((ns) => ['namespaces', ns] as const), ...Object.keys(mapping).map((ns) => [`namespaceMapping.${ns}`, ns] as const)]));
      return errors;
    });
  }
}

/** A backup Velero names after its schedule: `<schedule>-<yyyyMMddHHmmss>`. */
const SCHEDULED_BACKUP = /^(.+)-\d{14}$/;

/**
 * Whether the backup a restore names can hold what it restores: a schedule of this cluster (Velero in
 * one cluster sees only its own location's backups, and a schedule of another app is applied by that
 * app), a backup's name rather than a schedule's, and namespaces the schedule backs up.
 */
function sourceProblems(restore: Construct, chart: TenantClusterChart, fromSchedule: BackupSchedule | undefined, backupName: string | undefined,
  restored: ReadonlyArray<readonly [string, string]>): Finding[] {
  const cluster = chart.cluster;
  let schedule: ApiObject | undefined;
  let field = 'fromSchedule';
  if (fromSchedule) {
    if (fromSchedule.node.root !== restore.node.root) {
      return [finding('HK-RESTORE-SOURCE', field, `schedule ${fromSchedule.scheduleName} (${fromSchedule.node.path}) belongs to another App, which applies it; restore by backupName, or build both in one app`, { value: fromSchedule.node.path })];
    }
    const other = enclosingBound(fromSchedule)?.cluster;
    if (other !== cluster) {
      return [finding('HK-RESTORE-SOURCE', field, `schedule ${fromSchedule.scheduleName} backs up cluster ${other?.clusterName}, and the Velero of cluster ${cluster.clusterName} sees only the backups of its own location; restore in cluster ${other?.clusterName}, or give ${cluster.clusterName} a read-only location on that bucket`, { value: fromSchedule.node.path })];
    }
    schedule = scheduleObject(fromSchedule);
  } else if (backupName !== undefined) {
    field = 'backupName';
    const schedules = schedulesOf(cluster);
    const named = schedules.find((s) => s.name === backupName);
    if (named) {
      return [finding('HK-RESTORE-SOURCE', field, `${backupName} is the name of a schedule, and Velero names each of its backups ${backupName}-<yyyyMMddHHmmss>; pass fromSchedule to restore its newest backup, or the name of one backup (velero backup get)`, { value: backupName })];
    }
    const prefix = SCHEDULED_BACKUP.exec(backupName)?.[1];
    schedule = prefix === undefined ? undefined : schedules.find((s) => s.name === prefix);
  }
  if (!schedule) return [];
  const source = backedUp(schedule);
  const missing = restored.filter(([, ns]) => (source.all ? source.excluded.includes(ns) : !source.namespaces.includes(ns)));
  return missing.map(([at, ns]) => {
    const guess = source.all ? undefined : nearest(ns, source.namespaces);
    const backs = source.all ? `every namespace but ${source.excluded.join(', ')}` : source.namespaces.join(', ');
    return finding('HK-RESTORE-NAMESPACE', at, `schedule ${schedule!.name} never backs up namespace ${ns} (it backs up ${backs}), so nothing of it can be restored${guess ? `; did you mean ${guess}?` : ''}`, { value: ns });
  });
}
