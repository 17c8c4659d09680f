import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { checkArgs } from './guard';
import { cpuToMillis, formatCpu, formatSize, sizeToMebibytes } from './quantity';
import { problem, type Finding } from './validation';

/** A memory eviction threshold: a percentage of node memory or an absolute size. */
export class MemoryThreshold {
  /**
   * A percentage of the node's memory, above 0 and below 100.
   *
   * @param percent the percentage, above 0 and below 100
   */
  public static percent(percent: number): MemoryThreshold {
    checkArgs('MemoryThreshold.percent', 'MemoryThreshold', 'percent', [percent]);
    return new MemoryThreshold(percent, undefined);
  }

  /**
   * An absolute amount of memory.
   *
   * @param size the amount of memory
   */
  public static size(size: Size): MemoryThreshold {
    checkArgs('MemoryThreshold.size', 'MemoryThreshold', 'size', [size]);
    return new MemoryThreshold(undefined, size);
  }

  /**
   * @param percentage the threshold as a percentage of the node's memory, when given as one
   * @param amount the threshold as an absolute amount, when given as one
   */
  private constructor(public readonly percentage?: number, public readonly amount?: Size) {}

  /** The string the platform reads (`7%` or `200Mi`). */
  public toString(): string {
    return this.amount !== undefined ? formatSize(this.amount) : `${this.percentage}%`;
  }

  /** Mebibytes this threshold stands for on a node with the given memory. @internal */
  public _mebibytesOf(nodeMebibytes: number): number {
    return this.amount !== undefined ? sizeToMebibytes(this.amount) : (nodeMebibytes * (this.percentage ?? 0)) / 100;
  }
}

/**
 * Kubelet reservations and eviction thresholds of a node group (platform v1.4+).
 * Unset reservations are computed by the platform from the node size (5 % of memory clamped to
 * 256Mi - 1Gi, 5 % of CPU clamped to 50m - 500m).
 */
export interface KubeletReservations {
  /**
   * CPU reserved for the host OS.
   * @default - computed by the platform
   */
  readonly systemReservedCpu?: Cpu;
  /**
   * CPU reserved for the kubelet and container runtime.
   * @default - computed by the platform
   */
  readonly kubeReservedCpu?: Cpu;
  /**
   * Memory reserved for the host OS.
   * @default - computed by the platform
   */
  readonly systemReservedMemory?: Size;
  /**
   * Memory reserved for the kubelet and container runtime.
   * @default - computed by the platform
   */
  readonly kubeReservedMemory?: Size;
  /**
   * Hard memory eviction threshold.
   * @default MemoryThreshold.percent(7)
   */
  readonly evictionHard?: MemoryThreshold;
  /**
   * Soft memory eviction threshold; must be looser than the hard one and use the same kind of unit.
   * @default MemoryThreshold.percent(10)
   */
  readonly evictionSoft?: MemoryThreshold;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Renders reservations to the spec's `kubelet` map. @internal */
export function renderKubelet(k: KubeletReservations): Record<string, string> {
  const out: Record<string, string> = {};
  if (k.systemReservedCpu) out.systemReservedCpu = formatCpu(k.systemReservedCpu);
  if (k.kubeReservedCpu) out.kubeReservedCpu = formatCpu(k.kubeReservedCpu);
  if (k.systemReservedMemory) out.systemReservedMemory = formatSize(k.systemReservedMemory);
  if (k.kubeReservedMemory) out.kubeReservedMemory = formatSize(k.kubeReservedMemory);
  if (k.evictionHard) out.evictionHardMemory = k.evictionHard.toString();
  if (k.evictionSoft) out.evictionSoftMemory = k.evictionSoft.toString();
  return out;
}

/**
 * The platform's render-time checks of kubelet reservations: positive values, same unit kind for the
 * two thresholds, hard below soft, and reservations plus hard eviction below the node's size.
 * @internal
 */
export function checkKubelet(field: string, k: KubeletReservations, node: { millicpu?: number; mebibytes?: number }): Finding[] {
  const errors: Finding[] = [];
  for (const name of ['systemReservedCpu', 'kubeReservedCpu'] as const) {
    const v = k[name];
    if (v && !(cpuToMillis(v) > 0)) errors.push(problem('HK-KUBELET', `${field}.${name}`, v.amount, 'expected a positive CPU amount'));
  }
  for (const name of ['systemReservedMemory', 'kubeReservedMemory'] as const) {
    const v = k[name];
    if (v && !(sizeToMebibytes(v) > 0)) errors.push(problem('HK-KUBELET', `${field}.${name}`, formatSize(v), 'expected a positive memory size'));
  }
  const hard = k.evictionHard ?? MemoryThreshold.percent(7);
  const soft = k.evictionSoft ?? MemoryThreshold.percent(10);
  for (const [name, t] of [['evictionHardMemory', hard], ['evictionSoftMemory', soft]] as const) {
    const ok = t.amount !== undefined ? sizeToMebibytes(t.amount) > 0 : (t.percentage ?? 0) > 0 && (t.percentage ?? 0) < 100;
    if (!ok) errors.push(problem('HK-KUBELET', `${field}.${name}`, t.toString(), 'expected a positive size or a percentage between 0 and 100'));
  }
  if ((hard.amount === undefined) !== (soft.amount === undefined)) {
    errors.push(problem('HK-KUBELET', `${field}.evictionHardMemory`, `${hard} with soft ${soft}`, 'hard and soft thresholds must both be percentages or both be sizes (defaults are 7% and 10%)'));
  } else if (hard._mebibytesOf(100) >= soft._mebibytesOf(100)) {
    errors.push(problem('HK-KUBELET', `${field}.evictionHardMemory`, `${hard} with soft ${soft}`, 'the hard threshold must be below the soft threshold'));
  }
  const reserved = reservedOnNode(k, node);
  if (errors.length === 0 && node.mebibytes !== undefined) {
    if (reserved.mebibytes >= node.mebibytes) {
      errors.push(problem('HK-KUBELET', `${field}`, `${Math.round(reserved.mebibytes)}Mi reserved`, `system + kube reservations + hard eviction must stay below the node's ${node.mebibytes}Mi of memory`));
    }
  }
  if (errors.length === 0 && node.millicpu !== undefined) {
    if (reserved.millicpu >= node.millicpu) {
      errors.push(problem('HK-KUBELET', `${field}`, `${reserved.millicpu}m CPU reserved`, `system + kube CPU reservations must stay below the node's ${node.millicpu}m`));
    }
  }
  return errors;
}

/**
 * Memory (system + kube reservations + hard eviction) and CPU (system + kube) a node keeps for itself,
 * with the platform's automatic values where none is set: 5 % of memory clamped to 256Mi - 1Gi and
 * 5 % of CPU clamped to 50m - 500m, each. Zero where the node's size is unknown.
 * @internal
 */
export function reservedOnNode(k: KubeletReservations, node: { millicpu?: number; mebibytes?: number }): { mebibytes: number; millicpu: number } {
  const mem = node.mebibytes ?? 0;
  const cpu = node.millicpu ?? 0;
  const autoMem = clamp(mem * 0.05, 256, 1024);
  const autoCpu = clamp(cpu * 0.05, 50, 500);
  const hard = k.evictionHard ?? MemoryThreshold.percent(7);
  return {
    mebibytes: (k.systemReservedMemory ? sizeToMebibytes(k.systemReservedMemory) : autoMem)
      + (k.kubeReservedMemory ? sizeToMebibytes(k.kubeReservedMemory) : autoMem) + hard._mebibytesOf(mem),
    millicpu: (k.systemReservedCpu ? cpuToMillis(k.systemReservedCpu) : autoCpu) + (k.kubeReservedCpu ? cpuToMillis(k.kubeReservedCpu) : autoCpu),
  };
}
