import { ApiObject, ApiObjectMetadataDefinition } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { GpuPlacement, placeOnGpus } from './gpu-placement';
import { podFitProblems } from './pod-fit';
import { TenantClusterChart } from './tenant-cluster-chart';
import type { CheckedWorkload } from './workload';
import { checkProps } from '../model/guard';
import { NodeRole } from '../model/node-role';
import { invalid } from '../model/validation';

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
    const job = checkPodOwner(this, props.job);
    const chart = TenantClusterChart.enclosing(this);
    const podOf = (manifest: any) => POD_PATHS[manifest.kind].split('/').slice(1).reduce((node: any, key) => node?.[key], manifest);
    this.gpusPerPod = placeOnGpus(this, props, {
      owner: job,
      noun: 'job',
      podOf,
      fit: (manifest) => {
        // The fit check reads a pod template the way a Deployment holds it; its findings name the real kind.
        const asTemplate = { kind: 'Deployment', metadata: manifest.metadata, spec: { template: podOf(manifest) } };
        return podFitProblems(chart.cluster, asTemplate).map((f) => ({ ...f, field: f.field.replace(/^Deployment /, `${manifest.kind} `) }));
      },
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
