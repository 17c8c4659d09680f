import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Gpu } from './gpu';
import { checkArgs } from './guard';
import { checkPlatformDuration, MaxUnhealthy } from './health-check';
import { InstanceType } from './instance-type';
import { checkKubelet, KubeletReservations, renderKubelet } from './kubelet';
import { LABEL_NAME, NodeRole } from './node-role';
import { PlatformFeature, PlatformLine } from './platform-line';
import { cpuToMillis, formatCpu, formatDuration, formatSize, sizeToMebibytes } from './quantity';
import { checkSubdomain, DNS1123_LABEL, type Finding, finding, problem } from './validation';
import { Zone } from './zone';

/** Explicit worker sizing; overrides the instance type. Set both or neither. */
export interface NodeResources {
  /**
   * Virtual CPUs per worker.
   * @default - from the instance type
   */
  readonly cpu?: Cpu;
  /**
   * Memory per worker.
   * @default - from the instance type
   */
  readonly memory?: Size;
}

/**
 * A group of identical workers, scaled by the cluster autoscaler between its bounds.
 *
 * This is what you write for a node group, in `NodeGroupSpec.of()` for `HikubeClusterProps.nodeGroups` or
 * in `HikubeCluster.addNodeGroup()`. (`ClusterNodeGroupProps` is what the cluster adds to it.)
 */
export interface NodeGroupOptions {
  /**
   * VM size of the workers.
   * @default InstanceType.U1_MEDIUM
   */
  readonly instanceType?: InstanceType;
  /**
   * Lower bound of the autoscaler.
   * @default 0
   */
  readonly minReplicas?: number;
  /**
   * Upper bound of the autoscaler.
   * @default 10
   */
  readonly maxReplicas?: number;
  /**
   * System disk of each worker (`ephemeralStorage` up to platform v1.3, `diskSize` from v1.4).
   * @default Size.gibibytes(20)
   */
  readonly diskSize?: Size;
  /**
   * Roles, each becoming the node label `node-role.kubernetes.io/<role>`.
   * @default - none
   */
  readonly roles?: NodeRole[];
  /**
   * GPUs passed through to each worker. Needs at least 4 GiB of node memory.
   * @default - none
   */
  readonly gpus?: Gpu[];
  /**
   * Explicit CPU and memory, replacing the instance type's sizing.
   * @default - sized by `instanceType`
   */
  readonly resources?: NodeResources;
  /**
   * Zones to spread the group over, each getting its share of the bounds. Applies to the Cluster API
   * rendering only: the Hikube tenant API has no zone field, so the platform places workers itself there
   * (the tenant resource gets a warning).
   * @default - no pinning
   */
  readonly zones?: Zone[];
  /**
   * Storage class of the workers' disks (platform v1.4+).
   * @default - the cluster's `storageClass`
   */
  readonly storageClass?: string;
  /**
   * Kubelet reservations and eviction thresholds (platform v1.4+).
   * @default - computed by the platform
   */
  readonly kubelet?: KubeletReservations;
  /**
   * Unhealthy workers tolerated before remediation stops (platform v1.6+).
   * @default - the cluster's node health check
   */
  readonly maxUnhealthy?: MaxUnhealthy;
  /**
   * How long a new worker may take to join (platform v1.6+).
   * @default - the cluster's node health check
   */
  readonly nodeStartupTimeout?: Duration;
  /**
   * CPU limit of the worker VM's pod; only with explicit `resources` (platform main).
   * @default - no limit
   */
  readonly podCpuLimit?: Cpu;
  /**
   * CPU request of the worker VM's pod; only with explicit `resources` (platform main).
   * @default - the platform's request
   */
  readonly podCpuRequest?: Cpu;
  /**
   * Log the workers' serial console (platform main).
   * @default false
   */
  readonly logSerialConsole?: boolean;
}

/**
 * A node group as `HikubeClusterProps.nodeGroups` holds it: `NodeGroupSpec.of({ minReplicas: 3 })`, in Python
 * `NodeGroupSpec.of(min_replicas=3)`.
 *
 * Maps and lists of the API hold classes like this one rather than option structs: jsii turns a plain map
 * that arrives there from another language (a Python dict, a raw Java `Map`) into the struct by dropping
 * every key the struct does not declare, snake_case and misspelt ones included, before the library sees
 * it. Options passed directly to `of()` arrive whole (Python keyword arguments, Java builders) and are
 * checked at once.
 */
export class NodeGroupSpec {
  /**
   * A node group from its options, checked at once.
   *
   * @param options the group's bounds, size, disk, roles, GPUs and zones
   */
  public static of(options: NodeGroupOptions = {}): NodeGroupSpec {
    checkArgs('NodeGroupSpec.of', 'NodeGroupSpec', 'of', [options]);
    return new NodeGroupSpec(options);
  }

  /**
   * A node group as a manifest states it, unchecked: the cluster that holds it checks it, naming the group,
   * as it checks the same options written in code. @internal
   */
  public static _read(options: NodeGroupOptions): NodeGroupSpec {
    return new NodeGroupSpec(options);
  }

  /** The options as given. */
  public readonly options: NodeGroupOptions;

  private constructor(options: NodeGroupOptions) {
    this.options = options;
  }
}

/**
 * A node group's options bound to its cluster, as `HikubeCluster.addNodeGroup()` passes them to
 * `NodeGroup`. You write `NodeGroupOptions`; this is only needed to build a `NodeGroup` outside a cluster.
 */
export interface ClusterNodeGroupProps extends NodeGroupOptions {
  /** The platform line the group is rendered for. */
  readonly platformLine: PlatformLine;
  /** Name of the cluster the group belongs to (group names are prefixed with it on the platform). */
  readonly clusterName: string;
}

/** Gibibytes the NVIDIA driver needs on a GPU node. */
/**
 * The least memory a worker VM boots with and runs the kubelet: the platform's smallest instance type (u1.nano).
 * The kubeadm images boot in it; Talos documents 1 GiB for a worker, which the kubelet reservations check sees.
 */
const WORKER_MIN_MEMORY_MIB = 512;
const GPU_MIN_MEMORY_MIB = 4 * 1024;
const GPU_NAME = /^[A-Za-z0-9][A-Za-z0-9.-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/** `kubernetes-` + `-` + `-<6 hex>` around cluster and group names in the platform's machine template names. */
const TEMPLATE_NAME_OVERHEAD = 'kubernetes-'.length + 1 + 7;

/** What checking a part of the cluster found. @internal */
export interface CheckFindings {
  /** Problems that stop synthesis. */
  readonly errors: Finding[];
  /** Things worth knowing that do not stop synthesis. */
  readonly warnings: Finding[];
}

/**
 * A node group of a Hikube cluster (`spec.nodeGroups.<name>`). Create it with `HikubeCluster.addNodeGroup()`.
 *
 * Not a construct of its own: its problems are reported on the cluster's construct path with the field
 * path `nodeGroups.<name>...`, which keeps a fleet of clusters cheap to synthesize.
 */
export class NodeGroup {
  /** The group's name (its key under `nodeGroups`). */
  public readonly name: string;
  /** The group's instance type. */
  public readonly instanceType: InstanceType;
  /** Lower autoscaler bound. */
  public readonly minReplicas: number;
  /** Upper autoscaler bound. */
  public readonly maxReplicas: number;
  /** System disk size. */
  public readonly diskSize: Size;
  /** Options as given. */
  public readonly options: NodeGroupOptions;

  private readonly line: PlatformLine;
  private readonly roleList: NodeRole[];
  private readonly gpuList: Gpu[];

  private readonly clusterName: string;

  /**
   * @param name the group name, a DNS label
   * @param props bounds, instance type or resources, disk, roles, GPUs and zones
   */
  public constructor(name: string, props: ClusterNodeGroupProps) {
    this.name = name;
    this.clusterName = props.clusterName;
    this.options = props;
    this.line = props.platformLine;
    this.instanceType = props.instanceType ?? InstanceType.U1_MEDIUM;
    this.minReplicas = props.minReplicas ?? 0;
    this.maxReplicas = props.maxReplicas ?? 10;
    this.diskSize = props.diskSize ?? Size.gibibytes(20);
    this.roleList = [...(props.roles ?? [])];
    this.gpuList = [...(props.gpus ?? [])];
  }

  /** Roles of the group's nodes. */
  public get roles(): NodeRole[] {
    return [...this.roleList];
  }

  /** GPUs of each worker. */
  public get gpus(): Gpu[] {
    return [...this.gpuList];
  }

  /** Whether the group is sized by explicit resources rather than its instance type. */
  public get sizedByResources(): boolean {
    return this.options.resources?.cpu !== undefined && this.options.resources?.memory !== undefined;
  }

  /** Memory of each worker in MiB, when known. */
  public get memoryMebibytes(): number | undefined {
    const memory = this.sizedByResources ? this.options.resources!.memory : this.instanceType.memory;
    return memory ? sizeToMebibytes(memory) : undefined;
  }

  /** Virtual CPUs of each worker in millicores, when known. */
  public get cpuMillis(): number | undefined {
    if (this.sizedByResources) return cpuToMillis(this.options.resources!.cpu!);
    return this.instanceType.vcpus !== undefined ? this.instanceType.vcpus * 1000 : undefined;
  }

  /** The group's entry under `spec.nodeGroups`, for its platform line. @internal */
  public _render(): Record<string, any> {
    const o = this.options;
    const resources: Record<string, string> = {};
    if (o.resources?.cpu) resources.cpu = formatCpu(o.resources.cpu);
    if (o.resources?.memory) resources.memory = formatSize(o.resources.memory);
    const out: Record<string, any> = {
      minReplicas: this.minReplicas,
      maxReplicas: this.maxReplicas,
      instanceType: this.instanceType.name,
      [this.line.workerDiskField]: formatSize(this.diskSize),
    };
    // On lines that merge the platform's md0 into user values, an explicit list stops md0's roles leaking in.
    if (this.roleList.length > 0 || (this.name === 'md0' && this.line.implicitDefaultGroup)) {
      out.roles = this.roleList.map((r) => r.name);
    }
    if (this.gpuList.length > 0) out.gpus = this.gpuList.map((g) => ({ name: g.deviceName }));
    if (Object.keys(resources).length > 0 || this.line.groupResourcesRequired) out.resources = resources;
    if (o.storageClass !== undefined) out.storageClass = o.storageClass;
    if (o.kubelet !== undefined) out.kubelet = renderKubelet(o.kubelet);
    if (o.maxUnhealthy !== undefined) out.maxUnhealthy = o.maxUnhealthy.toString();
    if (o.nodeStartupTimeout !== undefined) out.nodeStartupTimeout = formatDuration(o.nodeStartupTimeout);
    if (o.podCpuLimit !== undefined) out.podCpuLimit = formatCpu(o.podCpuLimit);
    if (o.podCpuRequest !== undefined) out.podCpuRequest = formatCpu(o.podCpuRequest);
    if (o.logSerialConsole !== undefined) out.logSerialConsole = o.logSerialConsole;
    return out;
  }

  /** Checks the group against its platform line. @internal */
  public _check(): CheckFindings {
    const o = this.options;
    const f = `nodeGroups.${this.name}`;
    const clusterName = this.clusterName;
    const errors: Finding[] = [];
    const warnings: Finding[] = [];
    if (!DNS1123_LABEL.test(this.name)) {
      errors.push(problem('HK-NODE-GROUP', `${f}`, this.name, 'a node group name must be a lower-case DNS label (letters, digits, "-")'));
    } else if (clusterName.length + this.name.length + TEMPLATE_NAME_OVERHEAD > 63) {
      errors.push(problem('HK-NODE-GROUP', f, this.name, `the platform names machine templates "kubernetes-${clusterName}-${this.name}-<6 hex>", which must fit in 63 characters; shorten the group name to at most ${Math.max(0, 63 - TEMPLATE_NAME_OVERHEAD - clusterName.length)} characters`));
    }
    for (const [name, v] of [['minReplicas', this.minReplicas], ['maxReplicas', this.maxReplicas]] as const) {
      if (!Number.isInteger(v) || v < 0) errors.push(problem('HK-NODE-GROUP', `${f}.${name}`, v, 'expected a whole number, 0 or more'));
    }
    if (this.minReplicas > this.maxReplicas) {
      errors.push(problem('HK-REPLICAS', `${f}.minReplicas`, this.minReplicas, `must not exceed maxReplicas (${this.maxReplicas})`));
    }
    const nameProblem = checkSubdomain('HK-INSTANCE-TYPE', `${f}.instanceType`, this.instanceType.name, 'an instance type name');
    if (nameProblem) errors.push(nameProblem);
    if (!(sizeToMebibytes(this.diskSize) >= 1)) {
      errors.push(problem('HK-DISK', `${f}.${this.line.workerDiskField}`, formatSize(this.diskSize), 'expected a disk of at least 1Mi'));
    }
    errors.push(...this.checkResources(f, warnings));
    errors.push(...this.checkRolesAndGpus(f, warnings));
    errors.push(...this.checkLineFields(f));
    errors.push(...this.checkZones(f, clusterName, warnings));
    if (o.kubelet && this.line.supports(PlatformFeature.KUBELET_RESERVATIONS)) {
      errors.push(...checkKubelet(`${f}.kubelet`, o.kubelet, { millicpu: this.cpuMillis, mebibytes: this.memoryMebibytes }));
    }
    return { errors, warnings };
  }

  private checkResources(f: string, warnings: Finding[]): Finding[] {
    const r = this.options.resources;
    if (!r) return [];
    const errors: Finding[] = [];
    if ((r.cpu === undefined) !== (r.memory === undefined)) {
      errors.push(problem('HK-RESOURCES', `${f}.resources`, { cpu: r.cpu?.amount, memory: r.memory && formatSize(r.memory) },
        'set both cpu and memory, or neither (the platform rejects one alone)'));
    }
    if (r.cpu !== undefined && !(cpuToMillis(r.cpu) > 0 && cpuToMillis(r.cpu) % 1000 === 0)) {
      errors.push(problem('HK-RESOURCES', `${f}.resources.cpu`, r.cpu.amount, 'expected a whole number of virtual CPUs, 1 or more'));
    }
    if (r.memory !== undefined && !(sizeToMebibytes(r.memory) >= 1)) {
      errors.push(problem('HK-RESOURCES', `${f}.resources.memory`, formatSize(r.memory), 'expected at least 1Mi'));
    }
    if (this.sizedByResources && this.options.instanceType !== undefined) {
      warnings.push(finding('HK-INSTANCE-TYPE', `${f}.instanceType`, `${this.instanceType.name} is ignored because resources.cpu and resources.memory are set`));
    }
    return errors;
  }

  private checkRolesAndGpus(f: string, warnings: Finding[]): Finding[] {
    const errors: Finding[] = [];
    const roles = new Set<string>();
    for (const role of this.roleList) {
      if (!LABEL_NAME.test(role.name) || role.name.length > 63) {
        errors.push(problem('HK-NODE-ROLE', `${f}.roles`, role.name, 'a role must be a label name: letters, digits, "-", "_", ".", at most 63 characters'));
      }
      if (roles.has(role.name)) errors.push(problem('HK-NODE-ROLE', `${f}.roles`, role.name, 'roles must be unique'));
      roles.add(role.name);
    }
    for (const gpu of this.gpuList) {
      if (!GPU_NAME.test(gpu.deviceName)) {
        errors.push(problem('HK-GPU', `${f}.gpus`, gpu.deviceName, 'expected a device name "<vendor>/<device>", e.g. nvidia.com/AD102GL_L40S'));
      }
    }
    if (this.instanceType.memory === undefined && !this.sizedByResources) {
      warnings.push(finding('HK-INSTANCE-TYPE', `${f}.instanceType`, `${this.instanceType.name} is not in this library's catalog; the platform fails to render the group if no VirtualMachineClusterInstancetype of that name exists`));
    }
    const bootMemory = this.memoryMebibytes;
    if (bootMemory !== undefined && bootMemory >= 1 && bootMemory < WORKER_MIN_MEMORY_MIB) {
      const source = this.sizedByResources ? 'resources.memory' : `instance type ${this.instanceType.name}`;
      errors.push(problem('HK-RESOURCES', `${f}.${this.sizedByResources ? 'resources.memory' : 'instanceType'}`, `${bootMemory}Mi`,
        `a worker needs at least 512Mi to boot its system and run the kubelet (the platform's smallest instance type, u1.nano), and ${source} gives ${bootMemory}Mi; pick a larger size`));
    }
    if (this.gpuList.length > 0) {
      const memory = this.memoryMebibytes;
      if (memory === undefined) {
        warnings.push(finding('HK-INSTANCE-TYPE', `${f}.gpus`, `memory of instance type ${this.instanceType.name} is unknown to this library; GPU nodes need at least 4Gi (use InstanceType.custom() to have it checked)`));
      } else if (memory < GPU_MIN_MEMORY_MIB) {
        const source = this.sizedByResources ? 'resources.memory' : `instance type ${this.instanceType.name}`;
        errors.push(problem('HK-GPU', `${f}.gpus`, this.gpuList.map((g) => g.deviceName),
          `GPU nodes need at least 4Gi of memory for the NVIDIA driver, but ${source} gives ${memory}Mi`));
      }
    }
    return errors;
  }

  private checkLineFields(f: string): Finding[] {
    const o = this.options;
    const errors: Finding[] = [];
    const fields: Array<[string, unknown, PlatformFeature]> = [
      ['storageClass', o.storageClass, PlatformFeature.GROUP_STORAGE_CLASS],
      ['kubelet', o.kubelet, PlatformFeature.KUBELET_RESERVATIONS],
      ['maxUnhealthy', o.maxUnhealthy, PlatformFeature.GROUP_HEALTH_CHECK],
      ['nodeStartupTimeout', o.nodeStartupTimeout, PlatformFeature.GROUP_HEALTH_CHECK],
      ['podCpuLimit', o.podCpuLimit, PlatformFeature.POD_CPU],
      ['podCpuRequest', o.podCpuRequest, PlatformFeature.POD_CPU],
      ['logSerialConsole', o.logSerialConsole, PlatformFeature.LOG_SERIAL_CONSOLE],
    ];
    for (const [name, value, feature] of fields) {
      if (value !== undefined && !this.line.supports(feature)) {
        errors.push(finding('HK-LINE-FIELD', `${f}.${name}`, `${this.line.describeAvailability(feature)}`));
      }
    }
    if (o.storageClass !== undefined) {
      const p = checkSubdomain('HK-NODE-GROUP', `${f}.storageClass`, o.storageClass, 'a storage class name');
      if (p) errors.push(p);
    }
    if (o.maxUnhealthy) errors.push(...o.maxUnhealthy._check(`${f}.maxUnhealthy`));
    if (o.nodeStartupTimeout) errors.push(...checkPlatformDuration(`${f}.nodeStartupTimeout`, o.nodeStartupTimeout));
    errors.push(...this.checkPodCpu(f));
    return errors;
  }

  private checkZones(f: string, clusterName: string, warnings: Finding[]): Finding[] {
    const zones = this.options.zones;
    if (zones === undefined) return [];
    const errors: Finding[] = [];
    const names = zones.map((z) => z.name);
    if (zones.length === 0) errors.push(problem('HK-ZONE', `${f}.zones`, [], 'list at least one zone, or leave zones unset'));
    for (const name of names) {
      if (!DNS1123_LABEL.test(name)) errors.push(problem('HK-ZONE', `${f}.zones`, name, 'a zone must be a lower-case DNS label'));
    }
    if (new Set(names).size !== names.length) errors.push(problem('HK-ZONE', `${f}.zones`, names, 'zones must be unique'));
    const longest = Math.max(0, ...names.map((n) => n.length));
    if (DNS1123_LABEL.test(this.name) && clusterName.length + this.name.length + longest + 1 + TEMPLATE_NAME_OVERHEAD > 63) {
      errors.push(problem('HK-NODE-GROUP', f, this.name, `per-zone machine templates are named "kubernetes-${clusterName}-${this.name}-<zone>-<6 hex>", which must fit in 63 characters`));
    }
    if (this.maxReplicas > 0 && this.maxReplicas < zones.length) {
      warnings.push(finding('HK-ZONE-SPREAD', `${f}.zones`, `maxReplicas ${this.maxReplicas} is below the ${zones.length} zones; some zones get no workers`));
    }
    return errors;
  }

  private checkPodCpu(f: string): Finding[] {
    const { podCpuLimit, podCpuRequest } = this.options;
    if (podCpuLimit === undefined && podCpuRequest === undefined) return [];
    const errors: Finding[] = [];
    if (!this.sizedByResources) {
      errors.push(finding('HK-NODE-GROUP', `${f}.podCpuLimit`, 'pod CPU settings apply only to groups sized by resources.cpu and resources.memory, not by instance type'));
    }
    const limit = podCpuLimit && cpuToMillis(podCpuLimit);
    const request = podCpuRequest && cpuToMillis(podCpuRequest);
    if (limit !== undefined && !(limit >= 0)) errors.push(problem('HK-NODE-GROUP', `${f}.podCpuLimit`, podCpuLimit!.amount, 'must not be negative'));
    if (request !== undefined && !(request >= 0)) errors.push(problem('HK-NODE-GROUP', `${f}.podCpuRequest`, podCpuRequest!.amount, 'must not be negative'));
    if (limit === 0 && request !== 0) errors.push(problem('HK-NODE-GROUP', `${f}.podCpuLimit`, '0', 'a zero limit needs podCpuRequest set to 0 as well'));
    if (request === 0 && limit !== undefined && limit !== 0) errors.push(problem('HK-NODE-GROUP', `${f}.podCpuRequest`, '0', 'a zero request cannot go with a non-zero podCpuLimit'));
    if (limit !== undefined && request !== undefined && request > limit) {
      errors.push(problem('HK-NODE-GROUP', `${f}.podCpuRequest`, podCpuRequest!.amount, `must not exceed podCpuLimit (${podCpuLimit!.amount})`));
    }
    return errors;
  }
}
