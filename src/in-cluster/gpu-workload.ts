import { Construct } from 'constructs';
import { enclosingBound } from './cluster-objects';
import { GpuPlacement, placeOnGpus } from './gpu-placement';
import { podFitProblems } from './pod-fit';
import { TenantClusterChart } from './tenant-cluster-chart';
import { checkWorkload } from './workload';
import type { IWorkload } from './workload';
import { checkProps } from '../model/guard';
import { NodeRole } from '../model/node-role';

// The placement enum is public with the GPU workload it was first made for.
export { GpuPlacement } from './gpu-placement';

/** Properties of a GPU workload. */
export interface GpuWorkloadProps {
  /** The workload (a cdk8s-plus Deployment, StatefulSet or DaemonSet). */
  readonly workload: IWorkload;
  /** The node group of the cluster whose GPUs it uses. */
  readonly nodeGroup: string;
  /**
   * GPUs each pod requests (`nvidia.com/gpu`); at most the GPUs of one node.
   * @default 1
   */
  readonly gpusPerPod?: number;
  /**
   * The container that gets the GPUs.
   * @default - the first container
   */
  readonly container?: string;
  /**
   * How the pods are placed on the group.
   * @default GpuPlacement.ROLE
   */
  readonly placement?: GpuPlacement;
  /**
   * With `GpuPlacement.ROLE`: the role to select, one the group carries.
   * @default - the group's first role
   */
  readonly role?: NodeRole;
}

/**
 * Runs a cdk8s-plus workload on a GPU node group: the container gets an `nvidia.com/gpu` limit (which
 * cdk8s-plus cannot express) and the pods a node selector for the group.
 *
 * Checked at synth: the group exists and has GPUs, the GPU operator add-on is on (it provides the
 * `nvidia.com/gpu` resource), GPUs per pod do not exceed GPUs per node, and the pods' CPU and memory fit
 * a node of the group. With the HAMi add-on, `nvidia.com/gpu` counts shares of physical GPUs, at most one
 * share per physical GPU per container, so the per-node limit holds; HAMi's `nvidia.com/gpumem` and
 * `nvidia.com/gpucores` limits can be added through the workload's own resources.
 */
export class GpuWorkload extends Construct {
  /** GPUs each pod requests. */
  public readonly gpusPerPod: number;

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props its settings
   */
  public constructor(scope: Construct, id: string, props: GpuWorkloadProps) {
    super(scope, id);
    checkProps(this, undefined, 'GpuWorkloadProps', props, { GpuPlacement });
    const workload = checkWorkload(this, 'workload', props.workload);
    const chart = TenantClusterChart.enclosing(this);
    this.gpusPerPod = placeOnGpus(this, props, {
      owner: workload,
      noun: 'workload',
      podOf: (manifest) => manifest.spec?.template,
      // A workload in a bound chart is fitted by that chart's check, with every other workload.
      fit: (manifest) => enclosingBound(workload.apiObject) ? [] : podFitProblems(chart.cluster, manifest),
    });
  }
}
