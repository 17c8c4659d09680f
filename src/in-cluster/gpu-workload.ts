import { Construct } from 'constructs';
import { enclosingBound } from './cluster-objects';
import { GPU_NODE_LABEL, podFitProblems } from './pod-fit';
import { patchQuantity, renderedPodTemplate, setInPodTemplate } from './pod-patch';
import { TenantClusterChart } from './tenant-cluster-chart';
import { checkWorkload } from './workload';
import type { IWorkload } from './workload';
import { GpuOperator } from '../model/addons/gpu-operator';
import { Hami } from '../model/addons/hami';
import { checkProps } from '../model/guard';
import { NodeRole } from '../model/node-role';
import { PlatformFeature } from '../model/platform-line';
import { addChecks, checkedJson, invalid, problem, type Finding } from '../model/validation';

/** The extended resource the GPU operator's device plugin (or HAMi) offers. */
const GPU_RESOURCE = 'nvidia.com/gpu';

/** How a GPU workload is placed on its node group. */
export enum GpuPlacement {
  /** By a role the group carries (node label `node-role.kubernetes.io/<role>`): that group only. */
  ROLE = 'role',
  /** By the label `gpu=on` the platform puts on every GPU worker (v1.5+): any GPU group. */
  GPU_LABEL = 'gpu-label',
}

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
    const chart = TenantClusterChart.enclosing(this);
    const cluster = chart.cluster;
    const workload = checkWorkload(this, 'workload', props.workload);
    const groups = cluster.effectiveNodeGroups;
    const group = groups.find((g) => g.name === props.nodeGroup);
    if (!group) throw invalid('HK-GPU-WORKLOAD', this, 'nodeGroup', props.nodeGroup, `cluster ${cluster.clusterName} has the node groups ${groups.map((g) => g.name).join(', ')}`);
    this.gpusPerPod = props.gpusPerPod ?? 1;
    const placement = props.placement ?? GpuPlacement.ROLE;
    let selector: [string, string];
    if (placement === GpuPlacement.GPU_LABEL) {
      if (!cluster.platformLine.supports(PlatformFeature.GPU_NODE_LABEL)) {
        throw invalid('HK-GPU-WORKLOAD', this, 'placement', placement, `the gpu=on node label is ${cluster.platformLine.describeAvailability(PlatformFeature.GPU_NODE_LABEL)}; give the group a role and use GpuPlacement.ROLE`);
      }
      selector = [GPU_NODE_LABEL.key, GPU_NODE_LABEL.value];
    } else if (placement === GpuPlacement.ROLE) {
      const role = props.role ?? group.roles[0];
      if (!role) throw invalid('HK-GPU-WORKLOAD', this, 'nodeGroup', group.name, 'the group has no role to select its nodes by; add one (e.g. NodeRole.of("gpu")) to the group');
      if (!group.roles.some((r) => r.name === role.name)) {
        throw invalid('HK-GPU-WORKLOAD', this, 'role', role.name, `node group ${group.name} has the roles ${group.roles.map((r) => r.name).join(', ') || 'none'}`);
      }
      selector = [role.labelKey, ''];
    } else {
      throw invalid('HK-GPU-WORKLOAD', this, 'placement', placement, `allowed: ${Object.values(GpuPlacement).join(', ')}`);
    }

    const containers: any[] = renderedPodTemplate(this, workload).spec?.containers ?? [];
    const index = props.container === undefined ? 0 : containers.findIndex((c) => c.name === props.container);
    if (index < 0 || containers.length === 0) {
      throw invalid('HK-GPU-WORKLOAD', this, 'container', props.container, `the workload has the containers ${containers.map((c) => c.name).join(', ') || 'none'}`);
    }
    setInPodTemplate(this, workload, ['spec', 'containers', String(index), 'resources', 'limits', GPU_RESOURCE], patchQuantity(workload, String(this.gpusPerPod)));
    setInPodTemplate(this, workload, ['spec', 'nodeSelector', selector[0]], selector[1]);

    addChecks(this, () => {
      const errors: Finding[] = [];
      const missing = chart._missingAddon(GpuOperator.KEY, 'GpuOperator', 'a GPU workload');
      if (missing) errors.push(missing);
      const perNode = group.gpus.length;
      if (perNode === 0) errors.push(problem('HK-GPU-WORKLOAD', 'nodeGroup', group.name, 'the group has no GPUs; add gpus to it or pick a GPU group'));
      if (!Number.isInteger(this.gpusPerPod) || this.gpusPerPod < 1) {
        errors.push(problem('HK-GPU-WORKLOAD', 'gpusPerPod', this.gpusPerPod, 'expected a whole number of GPUs, 1 or more'));
      } else if (perNode > 0 && this.gpusPerPod > perNode) {
        const shared = cluster.hasAddon(Hami.KEY) ? ' (with HAMi each is a share of a different physical GPU)' : '';
        errors.push(problem('HK-GPU-WORKLOAD', 'gpusPerPod', this.gpusPerPod, `a pod's GPUs come from one node${shared}, and a node of group ${group.name} has ${perNode}`));
      }
      const manifest = checkedJson(this, workload.apiObject);
      const limit = manifest.spec?.template?.spec?.containers?.[index]?.resources?.limits?.[GPU_RESOURCE];
      if (limit !== String(this.gpusPerPod)) {
        errors.push(problem('HK-GPU-WORKLOAD', `workload ${workload.workload.node.path}`, limit, `the ${GPU_RESOURCE} limit could not be set on the container; its class converts the manifest in a way this library does not know`));
      }
      // A workload in a bound chart is fitted by that chart's check, with every other workload.
      if (!enclosingBound(workload.apiObject)) errors.push(...podFitProblems(cluster, manifest));
      return errors;
    });
  }
}
