import { ApiObject, ApiObjectMetadataDefinition } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { GpuPlacement } from './gpu-workload';
import { GPU_NODE_LABEL, podFitProblems } from './pod-fit';
import { patchQuantity, renderedPodTemplate, setInPodTemplate } from './pod-patch';
import { TenantClusterChart } from './tenant-cluster-chart';
import type { CheckedWorkload } from './workload';
import { GpuOperator } from '../model/addons/gpu-operator';
import { Hami } from '../model/addons/hami';
import { checkProps } from '../model/guard';
import { NodeRole } from '../model/node-role';
import { PlatformFeature } from '../model/platform-line';
import { addChecks, checkedJson, invalid, problem, type Finding } from '../model/validation';

/** The extended resource the GPU operator's device plugin (or HAMi) offers. */
const GPU_RESOURCE = 'nvidia.com/gpu';

/**
 * Batch work or a single pod to run on GPUs: a `Job`, `CronJob` or `Pod` made with cdk8s-plus (`cdk8s-plus-28`
 * or any later major version), or any construct with the same members.
 */
export interface IPodOwner extends IConstruct {
  /** The object's kind: `Job`, `CronJob` or `Pod`. */
  readonly kind: string;
  /** Metadata of the object (its namespace, labels and annotations). */
  readonly metadata: ApiObjectMetadataDefinition;
}

/** Where each kind keeps the pod spec's parent: the pod template, or the Pod itself. */
const POD_PATHS: { [kind: string]: string } = {
  Job: '/spec/template',
  CronJob: '/spec/jobTemplate/spec/template',
  Pod: '',
};

/** Properties of a GPU job. */
export interface GpuJobProps {
  /** The job (a cdk8s-plus Job, CronJob or Pod). */
  readonly job: IPodOwner;
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
 * Runs a cdk8s-plus `Job`, `CronJob` or `Pod` on a GPU node group, as `GpuWorkload` does for long-running
 * workloads: the container gets an `nvidia.com/gpu` limit and the pods a node selector for the group.
 *
 * Checked at synth like `GpuWorkload`: the group exists and has GPUs, the GPU operator add-on is on, GPUs
 * per pod do not exceed GPUs per node, and the pods' CPU and memory fit a node of the group.
 */
export class GpuJob extends Construct {
  /** GPUs each pod requests. */
  public readonly gpusPerPod: number;

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props its settings
   */
  public constructor(scope: Construct, id: string, props: GpuJobProps) {
    super(scope, id);
    checkProps(this, undefined, 'GpuJobProps', props, { GpuPlacement });
    const chart = TenantClusterChart.enclosing(this);
    const cluster = chart.cluster;
    const job = checkPodOwner(this, props.job);
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
    } else {
      const role = props.role ?? group.roles[0];
      if (!role) throw invalid('HK-GPU-WORKLOAD', this, 'nodeGroup', group.name, 'the group has no role to select its nodes by; add one (e.g. NodeRole.of("gpu")) to the group');
      if (!group.roles.some((r) => r.name === role.name)) {
        throw invalid('HK-GPU-WORKLOAD', this, 'role', role.name, `node group ${group.name} has the roles ${group.roles.map((r) => r.name).join(', ') || 'none'}`);
      }
      selector = [role.labelKey, ''];
    }

    const containers: any[] = renderedPodTemplate(this, job).spec?.containers ?? [];
    const index = props.container === undefined ? 0 : containers.findIndex((c) => c.name === props.container);
    if (index < 0 || containers.length === 0) {
      throw invalid('HK-GPU-WORKLOAD', this, 'container', props.container, `the job has the containers ${containers.map((c) => c.name).join(', ') || 'none'}`);
    }
    setInPodTemplate(this, job, ['spec', 'containers', String(index), 'resources', 'limits', GPU_RESOURCE], patchQuantity(job, String(this.gpusPerPod)));
    setInPodTemplate(this, job, ['spec', 'nodeSelector', selector[0]], selector[1]);

    addChecks(this, () => {
      const errors: Finding[] = [];
      const missing = chart._missingAddon(GpuOperator.KEY, 'GpuOperator', 'a GPU job');
      if (missing) errors.push(missing);
      const perNode = group.gpus.length;
      if (perNode === 0) errors.push(problem('HK-GPU-WORKLOAD', 'nodeGroup', group.name, 'the group has no GPUs; add gpus to it or pick a GPU group'));
      if (!Number.isInteger(this.gpusPerPod) || this.gpusPerPod < 1) {
        errors.push(problem('HK-GPU-WORKLOAD', 'gpusPerPod', this.gpusPerPod, 'expected a whole number of GPUs, 1 or more'));
      } else if (perNode > 0 && this.gpusPerPod > perNode) {
        const shared = cluster.hasAddon(Hami.KEY) ? ' (with HAMi each is a share of a different physical GPU)' : '';
        errors.push(problem('HK-GPU-WORKLOAD', 'gpusPerPod', this.gpusPerPod, `a pod's GPUs come from one node${shared}, and a node of group ${group.name} has ${perNode}`));
      }
      const manifest = checkedJson(this, job.apiObject);
      const pod = POD_PATHS[manifest.kind].split('/').slice(1).reduce((node: any, key) => node?.[key], manifest);
      const limit = pod?.spec?.containers?.[index]?.resources?.limits?.[GPU_RESOURCE];
      if (limit !== String(this.gpusPerPod)) {
        errors.push(problem('HK-GPU-WORKLOAD', `job ${job.workload.node.path}`, limit, `the ${GPU_RESOURCE} limit could not be set on the container; its class converts the manifest in a way this library does not know`));
      }
      // The fit check reads a pod template the way a Deployment holds it; its findings name the real kind.
      const asTemplate = { kind: 'Deployment', metadata: manifest.metadata, spec: { template: pod } };
      errors.push(...podFitProblems(cluster, asTemplate).map((f) => ({ ...f, field: f.field.replace(/^Deployment /, `${manifest.kind} `) })));
      return errors;
    });
  }
}

/** Checks a pod owner at runtime, for callers without TypeScript's checks. */
function checkPodOwner(scope: IConstruct, value: unknown): CheckedWorkload {
  const allowed = 'expected a cdk8s-plus Job, CronJob or Pod (from cdk8s-plus-28 or later)';
  let apiObject: ApiObject | undefined;
  try {
    apiObject = value && typeof value === 'object' && 'node' in value ? ApiObject.of(value as IConstruct) : undefined;
  } catch {
    apiObject = undefined;
  }
  if (!apiObject) throw invalid('HK-WORKLOAD', scope, 'job', value === null || typeof value !== 'object' ? String(value) : value.constructor?.name, allowed);
  const podTemplatePath = POD_PATHS[apiObject.kind];
  if (podTemplatePath === undefined) throw invalid('HK-WORKLOAD', scope, 'job', apiObject.kind, allowed);
  return { workload: value as CheckedWorkload['workload'], apiObject, podTemplatePath, matchLabels: {} };
}
