import { Construct } from 'constructs';
import { GPU_NODE_LABEL } from './pod-fit';
import { patchQuantity, renderedPodTemplate, setInPodTemplate } from './pod-patch';
import { TenantClusterChart } from './tenant-cluster-chart';
import type { CheckedWorkload } from './workload';
import { GpuOperator } from '../model/addons/gpu-operator';
import { Hami } from '../model/addons/hami';
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

/** What `GpuWorkload` and `GpuJob` both take: the group, the GPUs per pod, the container and the placement. */
export interface GpuRequest {
  readonly nodeGroup: string;
  readonly gpusPerPod?: number;
  readonly container?: string;
  readonly placement?: GpuPlacement;
  readonly role?: NodeRole;
}

/** How a construct that puts pods on GPUs names what it places and reaches its pod spec. */
export interface GpuTarget {
  /** The workload or job, checked. */
  readonly owner: CheckedWorkload;
  /** `workload` or `job`, for messages. */
  readonly noun: string;
  /** The pod template (or Pod) inside the rendered manifest. */
  podOf(manifest: any): any;
  /** The fit problems of the rendered manifest on the cluster's nodes. */
  fit(manifest: any): Finding[];
}

/**
 * Gives one container of the target's pods the GPU limit and the pods a node selector for the group, and
 * adds the checks both GPU constructs run at synth (add-on, GPUs in the group, GPUs per node, the limit
 * really written, the pods' fit). Returns the GPUs per pod.
 */
export function placeOnGpus(scope: Construct, request: GpuRequest, target: GpuTarget): number {
  const chart = TenantClusterChart.enclosing(scope);
  const cluster = chart.cluster;
  const groups = cluster.effectiveNodeGroups;
  const group = groups.find((g) => g.name === request.nodeGroup);
  if (!group) throw invalid('HK-GPU-WORKLOAD', scope, 'nodeGroup', request.nodeGroup, `cluster ${cluster.clusterName} has the node groups ${groups.map((g) => g.name).join(', ')}`);
  const gpusPerPod = request.gpusPerPod ?? 1;
  const placement = request.placement ?? GpuPlacement.ROLE;
  let selector: [string, string];
  if (placement === GpuPlacement.GPU_LABEL) {
    if (!cluster.platformLine.supports(PlatformFeature.GPU_NODE_LABEL)) {
      throw invalid('HK-GPU-WORKLOAD', scope, 'placement', placement, `the gpu=on node label is ${cluster.platformLine.describeAvailability(PlatformFeature.GPU_NODE_LABEL)}; give the group a role and use GpuPlacement.ROLE`);
    }
    selector = [GPU_NODE_LABEL.key, GPU_NODE_LABEL.value];
  } else if (placement === GpuPlacement.ROLE) {
    const role = request.role ?? group.roles[0];
    if (!role) throw invalid('HK-GPU-WORKLOAD', scope, 'nodeGroup', group.name, 'the group has no role to select its nodes by; add one (e.g. NodeRole.of("gpu")) to the group');
    if (!group.roles.some((r) => r.name === role.name)) {
      throw invalid('HK-GPU-WORKLOAD', scope, 'role', role.name, `node group ${group.name} has the roles ${group.roles.map((r) => r.name).join(', ') || 'none'}`);
    }
    selector = [role.labelKey, ''];
  } else {
    throw invalid('HK-GPU-WORKLOAD', scope, 'placement', placement, `allowed: ${Object.values(GpuPlacement).join(', ')}`);
  }

  const owner = target.owner;
  const containers: any[] = renderedPodTemplate(scope, owner).spec?.containers ?? [];
  const index = request.container === undefined ? 0 : containers.findIndex((c) => c.name === request.container);
  if (index < 0 || containers.length === 0) {
    throw invalid('HK-GPU-WORKLOAD', scope, 'container', request.container, `the ${target.noun} has the containers ${containers.map((c) => c.name).join(', ') || 'none'}`);
  }
  setInPodTemplate(scope, owner, ['spec', 'containers', String(index), 'resources', 'limits', GPU_RESOURCE], patchQuantity(owner, String(gpusPerPod)));
  setInPodTemplate(scope, owner, ['spec', 'nodeSelector', selector[0]], selector[1]);

  addChecks(scope, () => {
    const errors: Finding[] = [];
    const missing = chart._missingAddon(GpuOperator.KEY, 'GpuOperator', `a GPU ${target.noun}`);
    if (missing) errors.push(missing);
    const perNode = group.gpus.length;
    if (perNode === 0) errors.push(problem('HK-GPU-WORKLOAD', 'nodeGroup', group.name, 'the group has no GPUs; add gpus to it or pick a GPU group'));
    if (!Number.isInteger(gpusPerPod) || gpusPerPod < 1) {
      errors.push(problem('HK-GPU-WORKLOAD', 'gpusPerPod', gpusPerPod, 'expected a whole number of GPUs, 1 or more'));
    } else if (perNode > 0 && gpusPerPod > perNode) {
      const shared = cluster.hasAddon(Hami.KEY) ? ' (with HAMi each is a share of a different physical GPU)' : '';
      errors.push(problem('HK-GPU-WORKLOAD', 'gpusPerPod', gpusPerPod, `a pod's GPUs come from one node${shared}, and a node of group ${group.name} has ${perNode}`));
    }
    const manifest = checkedJson(scope, owner.apiObject);
    const limit = target.podOf(manifest)?.spec?.containers?.[index]?.resources?.limits?.[GPU_RESOURCE];
    if (limit !== String(gpusPerPod)) {
      errors.push(problem('HK-GPU-WORKLOAD', `${target.noun} ${owner.workload.node.path}`, limit, `the ${GPU_RESOURCE} limit could not be set on the container; its class converts the manifest in a way this library does not know`));
    }
    errors.push(...target.fit(manifest));
    return errors;
  });
  return gpusPerPod;
}
