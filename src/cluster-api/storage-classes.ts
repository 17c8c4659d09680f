import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ZONE_LABEL } from './control-plane-objects';
import { checkProps } from '../model/guard';
import { appliesTo, MANAGEMENT_CLUSTER, tenantClusterServer } from '../model/object-identity';
import { PlatformFeature } from '../model/platform-line';
import { addChecks, checkSubdomain, problem, type Finding } from '../model/validation';
import { HikubeCluster } from '../tenant/hikube-cluster';

const LINSTOR = 'linstor.csi.linbit.com';
const KUBEVIRT_CSI = 'csi.kubevirt.io';
const STORAGE_CLASS = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass' };
const SNAPSHOT_CLASS = { apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshotClass' };
const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
/** DRBD options of the platform's replicated class: stop I/O rather than diverge when quorum or data is lost. */
const DRBD_OPTIONS: Record<string, string> = {
  'DrbdOptions/auto-quorum': 'suspend-io',
  'DrbdOptions/Resource/on-no-data-accessible': 'suspend-io',
  'DrbdOptions/Resource/on-suspended-primary-outdated': 'force-secondary',
  'DrbdOptions/Net/rr-conflict': 'retry-connect',
};

/** Properties of a LINSTOR storage class on the platform (management) cluster. */
export interface LinstorStorageClassProps {
  /**
   * Name of the class.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Number of replicas LINSTOR places (`autoPlace`); more than one needs DRBD.
   * @default 3
   */
  readonly replicas?: number;
  /**
   * Replicate with DRBD (`layerList: drbd storage`); without it volumes are plain local volumes.
   * @default true
   */
  readonly drbd?: boolean;
  /**
   * Whether pods may use a volume from a node without a replica (over DRBD).
   * @default - true with DRBD, false without
   */
  readonly allowRemoteVolumeAccess?: boolean;
  /**
   * Put each replica in a different zone (`replicasOnDifferent: topology.kubernetes.io/zone`).
   * @default false
   */
  readonly zoneAntiAffinity?: boolean;
  /**
   * LINSTOR storage pool.
   * @default "data"
   */
  readonly storagePool?: string;
  /**
   * Mark as the cluster's default class.
   * @default false
   */
  readonly isDefault?: boolean;
}

/**
 * A platform storage class served by LINSTOR. `LinstorStorageClass.replicated()` and `.local()` give the
 * two classes Cozystack documents; the platform does not ship them, operators create them.
 */
export class LinstorStorageClass extends Construct {
  /**
   * The platform's `replicated` class: 3 DRBD replicas, remote access, bound immediately.
   *
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props the class name and placement options
   */
  public static replicated(scope: Construct, id: string, props: LinstorStorageClassProps = {}): LinstorStorageClass {
    return new LinstorStorageClass(scope, id, { name: 'replicated', ...props });
  }

  /**
   * The platform's `local` class: one replica on the consuming node, bound on first consumer, the default.
   *
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props the class name and placement options
   */
  public static local(scope: Construct, id: string, props: LinstorStorageClassProps = {}): LinstorStorageClass {
    return new LinstorStorageClass(scope, id, { name: 'local', replicas: 1, drbd: false, isDefault: true, ...props });
  }

  /** Name of the class. */
  public readonly name: string;
  /** Replica count. */
  public readonly replicas: number;

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props the class name and placement options
   */
  public constructor(scope: Construct, id: string, props: LinstorStorageClassProps = {}) {
    super(scope, id);
    checkProps(this, undefined, 'LinstorStorageClassProps', props);
    appliesTo(this, MANAGEMENT_CLUSTER);
    this.name = props.name ?? id;
    this.replicas = props.replicas ?? 3;
    const drbd = props.drbd ?? true;
    const remote = props.allowRemoteVolumeAccess ?? drbd;
    const parameters: Record<string, string> = {
      [`${LINSTOR}/storagePool`]: props.storagePool ?? 'data',
      [`${LINSTOR}/layerList`]: drbd ? 'drbd storage' : 'storage',
      [`${LINSTOR}/allowRemoteVolumeAccess`]: String(remote),
    };
    if (drbd) {
      parameters[`${LINSTOR}/autoPlace`] = String(this.replicas);
      for (const [k, v] of Object.entries(DRBD_OPTIONS)) parameters[`property.${LINSTOR}/${k}`] = v;
    }
    if (props.zoneAntiAffinity) parameters[`${LINSTOR}/replicasOnDifferent`] = ZONE_LABEL;
    new ApiObject(this, 'Resource', {
      ...STORAGE_CLASS,
      metadata: { name: this.name, ...(props.isDefault ? { annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } } : {}) },
      provisioner: LINSTOR,
      parameters,
      reclaimPolicy: 'Delete',
      volumeBindingMode: remote ? 'Immediate' : 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    });
    addChecks(this, () => {
      const errors: Finding[] = [];
      const nameProblem = checkSubdomain('HK-LINSTOR', 'metadata.name', this.name, 'a storage class name');
      if (nameProblem) errors.push(nameProblem);
      if (!Number.isInteger(this.replicas) || this.replicas < 1) errors.push(problem('HK-LINSTOR', 'replicas', this.replicas, 'expected a whole number, 1 or more'));
      if (!drbd && this.replicas > 1) errors.push(problem('HK-LINSTOR', 'replicas', this.replicas, 'more than one replica needs drbd: true'));
      if (!drbd && remote) errors.push(problem('HK-LINSTOR', 'allowRemoteVolumeAccess', true, 'remote access needs drbd: true'));
      if (props.zoneAntiAffinity && this.replicas > 3) {
        errors.push(problem('HK-LINSTOR', 'replicas', this.replicas, 'with zoneAntiAffinity every replica needs its own zone, and Hikube has three'));
      }
      return errors;
    });
  }
}

/** The platform's LINSTOR snapshot class (`linstor-snapshots`). */
export class LinstorSnapshotClass extends Construct {
  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   */
  public constructor(scope: Construct, id: string) {
    super(scope, id);
    appliesTo(this, MANAGEMENT_CLUSTER);
    new ApiObject(this, 'Resource', {
      ...SNAPSHOT_CLASS,
      metadata: { name: 'linstor-snapshots', annotations: { 'snapshot.storage.kubernetes.io/is-default-class': 'true' } },
      driver: LINSTOR,
      deletionPolicy: 'Delete',
    });
  }
}

/**
 * A storage class as it appears inside a tenant cluster (KubeVirt CSI), as `KubevirtCsiStorageClasses`
 * lists them. A class rather than a struct: no struct sits in a list or a map of the library's API (see
 * `NodeGroupSpec`).
 */
export class TenantStorageClassInfo {
  /** @internal */
  public static _of(name: string, infraStorageClassName: string, isDefault: boolean): TenantStorageClassInfo {
    return new TenantStorageClassInfo(name, infraStorageClassName, isDefault);
  }

  private constructor(
    /** Class name inside the tenant cluster. */
    public readonly name: string,
    /** Platform class the volumes are created on. */
    public readonly infraStorageClassName: string,
    /** Whether it is the tenant cluster's default class. */
    public readonly isDefault: boolean) {}
}

/** See `KubevirtCsiStorageClasses.classesOf`. */
function tenantStorageClasses(cluster: HikubeCluster, remoteAccessibleClasses: string[] = ['replicated']): TenantStorageClassInfo[] {
  const appClass = cluster.props.storageClass ?? 'replicated';
  if (!cluster.platformLine.supports(PlatformFeature.PROPAGATED_STORAGE_CLASSES)) {
    return [TenantStorageClassInfo._of('kubevirt', appClass, true)];
  }
  const sorted = [...new Set(remoteAccessibleClasses)].sort();
  const defaultClass = sorted.includes(appClass) ? appClass : sorted.includes('replicated') ? 'replicated' : sorted[0];
  return [
    ...sorted.map((name) => TenantStorageClassInfo._of(name, name, name === defaultClass)),
    TenantStorageClassInfo._of('kubevirt', appClass, false),
  ];
}

/** The `storageClasses` values of the platform's CSI release. @internal */
export function tenantStorageClassValues(cluster: HikubeCluster): Record<string, any> {
  return Object.fromEntries(tenantStorageClasses(cluster).map((c) => [c.name, {
    infraStorageClassName: c.infraStorageClassName, isDefault: c.isDefault,
  }]));
}

/** Properties of the tenant cluster's storage classes. */
export interface KubevirtCsiStorageClassesProps {
  /** The cluster whose storage is described. */
  readonly cluster: HikubeCluster;
  /**
   * Platform classes with remote access that the platform propagates (v1.6+).
   * @default ["replicated"]
   */
  readonly remoteAccessibleClasses?: string[];
}

/**
 * The storage classes and the snapshot class inside a tenant cluster (provisioner `csi.kubevirt.io`,
 * `bus: scsi`), as the platform's CSI release creates them. Rendered for review; the platform applies them.
 */
export class KubevirtCsiStorageClasses extends Construct {
  /**
   * The storage classes a tenant cluster gets, by the platform's mapping: from v1.6 every remote-accessible
   * platform class under its own name (default: the cluster's `storageClass` when propagated, else
   * `replicated`, else the first by name) plus the alias `kubevirt`; up to v1.5 only `kubevirt`.
   *
   * @param cluster the cluster
   * @param remoteAccessibleClasses platform classes with remote access (LINSTOR DRBD classes); `replicated` by default
   */
  public static classesOf(cluster: HikubeCluster, remoteAccessibleClasses?: string[]): TenantStorageClassInfo[] {
    return tenantStorageClasses(cluster, remoteAccessibleClasses);
  }

  /** The classes, default first. */
  public readonly classes: TenantStorageClassInfo[];

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props the cluster whose storage classes are rendered
   */
  public constructor(scope: Construct, id: string, props: KubevirtCsiStorageClassesProps) {
    super(scope, id);
    checkProps(this, undefined, 'KubevirtCsiStorageClassesProps', props);
    appliesTo(this, tenantClusterServer(props.cluster.tenantNamespace, props.cluster.clusterName));
    this.classes = Object.freeze(tenantStorageClasses(props.cluster, props.remoteAccessibleClasses)) as TenantStorageClassInfo[];
    for (const c of this.classes) {
      new ApiObject(this, c.name, {
        ...STORAGE_CLASS,
        metadata: { name: c.name, ...(c.isDefault ? { annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' } } : {}) },
        provisioner: KUBEVIRT_CSI,
        parameters: { infraStorageClassName: c.infraStorageClassName, bus: 'scsi' },
        allowVolumeExpansion: true,
      });
    }
    new ApiObject(this, 'snapshots', {
      ...SNAPSHOT_CLASS,
      metadata: { name: 'kubevirt-snapshots', labels: { 'velero.io/csi-volumesnapshot-class': 'true' } },
      driver: KUBEVIRT_CSI,
      deletionPolicy: 'Delete',
    });
  }
}
