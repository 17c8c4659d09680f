import { Size } from 'cdk8s';
import { checkArgs } from './guard';

const CATALOG = new Map<string, InstanceType>();

/**
 * A KubeVirt instance type for worker VMs (`nodeGroups.<group>.instanceType`).
 *
 * The constants are Hikube's catalog (s1 standard 1:2, u1 universal 1:4, m1 memory-optimised 1:8,
 * vCPU:GiB) plus the small u1 sizes the platform defines. Their vCPU and memory are known, which lets the
 * library check GPU groups and kubelet reservations. Use `InstanceType.of()` for any other name the
 * platform offers; such a type is passed through unchecked.
 *
 * Not to be confused with control-plane `ResourcesPreset` names, which reuse the same words for other
 * sizes (preset `u1.medium` is 2 CPU / 8 GiB, instance type `u1.medium` is 1 vCPU / 4 GiB).
 */
export class InstanceType {
  /** `s1.small`: 1 vCPU, 2 GiB of memory, no GPU (standard series, 1 vCPU : 2 GiB). */
  public static readonly S1_SMALL = InstanceType.known('s1.small', 1, 2);
  /** `s1.medium`: 2 vCPUs, 4 GiB of memory, no GPU (standard series, 1 vCPU : 2 GiB). */
  public static readonly S1_MEDIUM = InstanceType.known('s1.medium', 2, 4);
  /** `s1.large`: 4 vCPUs, 8 GiB of memory, no GPU (standard series, 1 vCPU : 2 GiB). */
  public static readonly S1_LARGE = InstanceType.known('s1.large', 4, 8);
  /** `s1.xlarge`: 8 vCPUs, 16 GiB of memory, no GPU (standard series, 1 vCPU : 2 GiB). */
  public static readonly S1_XLARGE = InstanceType.known('s1.xlarge', 8, 16);
  /** `s1.3large`: 12 vCPUs, 24 GiB of memory, no GPU (standard series, 1 vCPU : 2 GiB). */
  public static readonly S1_3LARGE = InstanceType.known('s1.3large', 12, 24);
  /** `s1.2xlarge`: 16 vCPUs, 32 GiB of memory, no GPU (standard series, 1 vCPU : 2 GiB). */
  public static readonly S1_2XLARGE = InstanceType.known('s1.2xlarge', 16, 32);
  /** `s1.3xlarge`: 24 vCPUs, 48 GiB of memory, no GPU (standard series, 1 vCPU : 2 GiB). */
  public static readonly S1_3XLARGE = InstanceType.known('s1.3xlarge', 24, 48);
  /** `s1.4xlarge`: 32 vCPUs, 64 GiB of memory, no GPU (standard series, 1 vCPU : 2 GiB). */
  public static readonly S1_4XLARGE = InstanceType.known('s1.4xlarge', 32, 64);
  /** `s1.8xlarge`: 64 vCPUs, 128 GiB of memory, no GPU (standard series, 1 vCPU : 2 GiB). */
  public static readonly S1_8XLARGE = InstanceType.known('s1.8xlarge', 64, 128);

  /** `u1.nano`: 1 vCPU, 512 MiB of memory, no GPU (universal series, small size). */
  public static readonly U1_NANO = InstanceType.known('u1.nano', 1, 0.5);
  /** `u1.micro`: 1 vCPU, 1 GiB of memory, no GPU (universal series, small size). */
  public static readonly U1_MICRO = InstanceType.known('u1.micro', 1, 1);
  /** `u1.small`: 1 vCPU, 2 GiB of memory, no GPU (universal series, small size). */
  public static readonly U1_SMALL = InstanceType.known('u1.small', 1, 2);
  /** `u1.medium`: 1 vCPU, 4 GiB of memory, no GPU (universal series, 1 vCPU : 4 GiB). */
  public static readonly U1_MEDIUM = InstanceType.known('u1.medium', 1, 4);
  /** `u1.large`: 2 vCPUs, 8 GiB of memory, no GPU (universal series, 1 vCPU : 4 GiB). */
  public static readonly U1_LARGE = InstanceType.known('u1.large', 2, 8);
  /** `u1.xlarge`: 4 vCPUs, 16 GiB of memory, no GPU (universal series, 1 vCPU : 4 GiB). */
  public static readonly U1_XLARGE = InstanceType.known('u1.xlarge', 4, 16);
  /** `u1.2xlarge`: 8 vCPUs, 32 GiB of memory, no GPU (universal series, 1 vCPU : 4 GiB). */
  public static readonly U1_2XLARGE = InstanceType.known('u1.2xlarge', 8, 32);
  /** `u1.4xlarge`: 16 vCPUs, 64 GiB of memory, no GPU (universal series, 1 vCPU : 4 GiB). */
  public static readonly U1_4XLARGE = InstanceType.known('u1.4xlarge', 16, 64);
  /** `u1.8xlarge`: 32 vCPUs, 128 GiB of memory, no GPU (universal series, 1 vCPU : 4 GiB). */
  public static readonly U1_8XLARGE = InstanceType.known('u1.8xlarge', 32, 128);

  /** `m1.large`: 2 vCPUs, 16 GiB of memory, no GPU (memory-optimised series, 1 vCPU : 8 GiB). */
  public static readonly M1_LARGE = InstanceType.known('m1.large', 2, 16);
  /** `m1.xlarge`: 4 vCPUs, 32 GiB of memory, no GPU (memory-optimised series, 1 vCPU : 8 GiB). */
  public static readonly M1_XLARGE = InstanceType.known('m1.xlarge', 4, 32);
  /** `m1.2xlarge`: 8 vCPUs, 64 GiB of memory, no GPU (memory-optimised series, 1 vCPU : 8 GiB). */
  public static readonly M1_2XLARGE = InstanceType.known('m1.2xlarge', 8, 64);
  /** `m1.4xlarge`: 16 vCPUs, 128 GiB of memory, no GPU (memory-optimised series, 1 vCPU : 8 GiB). */
  public static readonly M1_4XLARGE = InstanceType.known('m1.4xlarge', 16, 128);
  /** `m1.8xlarge`: 32 vCPUs, 256 GiB of memory, no GPU (memory-optimised series, 1 vCPU : 8 GiB). */
  public static readonly M1_8XLARGE = InstanceType.known('m1.8xlarge', 32, 256);

  /** Every instance type of the built-in catalog. */
  public static all(): InstanceType[] {
    return [...CATALOG.values()];
  }

  /**
   * An instance type by name. Returns the catalog entry when the name is known; otherwise an entry
   * whose vCPU and memory are unknown (checks that need them are skipped, with a warning).
   *
   * @param name the instance type name, e.g. `u1.medium`
   */
  public static of(name: string): InstanceType {
    checkArgs('InstanceType.of', 'InstanceType', 'of', [name]);
    return CATALOG.get(name) ?? new InstanceType(name);
  }

  /**
   * An instance type the catalog lacks, with its size declared so that size-dependent checks still run.
   *
   * @param name the instance type name the platform knows
   * @param vcpus its virtual CPUs
   * @param memory its guest memory
   */
  public static custom(name: string, vcpus: number, memory: Size): InstanceType {
    checkArgs('InstanceType.custom', 'InstanceType', 'custom', [name, vcpus, memory]);
    return new InstanceType(name, vcpus, memory);
  }

  private static known(name: string, vcpus: number, memoryGib: number): InstanceType {
    const type = new InstanceType(name, vcpus, memoryGib < 1 ? Size.mebibytes(memoryGib * 1024) : Size.gibibytes(memoryGib));
    CATALOG.set(name, type);
    return type;
  }

  /**
   * @param name the VirtualMachineClusterInstancetype name, e.g. `u1.medium`
   * @param vcpus virtual CPUs, when known
   * @param memory guest memory, when known
   */
  private constructor(public readonly name: string, public readonly vcpus?: number, public readonly memory?: Size) {}
}
