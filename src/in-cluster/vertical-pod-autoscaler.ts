import { ApiObject, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { enclosingBound } from './cluster-objects';
import { objectName } from './names';
import { allocatable, candidateGroups, podFitProblems } from './pod-fit';
import { TenantClusterChart } from './tenant-cluster-chart';
import { checkWorkload, IWorkload } from './workload';
import { MonitoringAgents } from '../model/addons/monitoring-agents';
import { checkProps } from '../model/guard';
import { cpuToMillis, formatCpu, formatSize, sizeToMebibytes } from '../model/quantity';
import { addChecks, checkedJson, type Finding, finding, invalid, warn } from '../model/validation';

/** What the Vertical Pod Autoscaler does with its recommendations. */
export enum VpaUpdateMode {
  /** Only recommend (`kubectl describe vpa` shows them). */
  OFF = 'Off',
  /** Set requests when pods are created, never evict. */
  INITIAL = 'Initial',
  /** Set requests at creation and evict pods whose requests drift from the recommendation. */
  RECREATE = 'Recreate',
  /** The autoscaler's choice; today the same as `RECREATE`. */
  AUTO = 'Auto',
}

/** Properties of a vertical autoscaler. */
export interface VerticalAutoscalerProps {
  /** The workload whose requests are recommended or set. */
  readonly workload: IWorkload;
  /**
   * What the autoscaler does.
   * @default VpaUpdateMode.OFF (recommendations only)
   */
  readonly updateMode?: VpaUpdateMode;
  /**
   * Lowest CPU request it sets per container.
   * @default - no bound
   */
  readonly minCpu?: kplus.Cpu;
  /**
   * Highest CPU request it sets per container.
   * @default - no bound
   */
  readonly maxCpu?: kplus.Cpu;
  /**
   * Lowest memory request it sets per container.
   * @default - no bound
   */
  readonly minMemory?: Size;
  /**
   * Highest memory request it sets per container.
   * @default - no bound
   */
  readonly maxMemory?: Size;
  /**
   * Name of the VerticalPodAutoscaler.
   * @default - derived from the construct id
   */
  readonly name?: string;
}

/**
 * A `VerticalPodAutoscaler` (`autoscaling.k8s.io/v1`) for a cdk8s-plus workload. The platform installs
 * the autoscaler only with the monitoring agents (its recommender reads their metrics), so the
 * `MonitoringAgents` add-on is required. A maximum above what a node can allocate gets a warning: pods
 * raised to it could not be scheduled.
 */
export class VerticalAutoscaler extends Construct {
  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props its settings
   */
  public constructor(scope: Construct, id: string, props: VerticalAutoscalerProps) {
    super(scope, id);
    checkProps(this, undefined, 'VerticalAutoscalerProps', props, { VpaUpdateMode });
    const chart = TenantClusterChart.enclosing(this);
    const workload = checkWorkload(this, 'workload', props.workload);
    const mode = props.updateMode ?? VpaUpdateMode.OFF;
    if (!Object.values(VpaUpdateMode).includes(mode)) throw invalid('HK-VPA', this, 'updateMode', mode, `allowed: ${Object.values(VpaUpdateMode).join(', ')}`);
    const cpu = (field: string, v: kplus.Cpu | undefined) => {
      if (v !== undefined && !(typeof v?.amount === 'string' && cpuToMillis(v) > 0)) throw invalid('HK-VPA', this, field, v?.amount ?? v, 'expected a positive Cpu, e.g. Cpu.millis(250)');
      return v === undefined ? undefined : cpuToMillis(v);
    };
    const memory = (field: string, v: Size | undefined) => {
      if (v !== undefined && !(typeof v?.toKibibytes === 'function' && sizeToMebibytes(v) > 0)) throw invalid('HK-VPA', this, field, v, 'expected a positive Size, e.g. Size.mebibytes(256)');
      return v === undefined ? undefined : sizeToMebibytes(v);
    };
    const [minCpu, maxCpu] = [cpu('minCpu', props.minCpu), cpu('maxCpu', props.maxCpu)];
    const [minMemory, maxMemory] = [memory('minMemory', props.minMemory), memory('maxMemory', props.maxMemory)];
    if (minCpu !== undefined && maxCpu !== undefined && minCpu > maxCpu) throw invalid('HK-VPA', this, 'minCpu', props.minCpu!.amount, `must not exceed maxCpu (${props.maxCpu!.amount})`);
    if (minMemory !== undefined && maxMemory !== undefined && minMemory > maxMemory) throw invalid('HK-VPA', this, 'minMemory', formatSize(props.minMemory!), `must not exceed maxMemory (${formatSize(props.maxMemory!)})`);

    const bounds = (c?: kplus.Cpu, m?: Size) => (c || m
      ? { ...(c ? { cpu: formatCpu(c) } : {}), ...(m ? { memory: formatSize(m) } : {}) }
      : undefined);
    const min = bounds(props.minCpu, props.minMemory);
    const max = bounds(props.maxCpu, props.maxMemory);
    new ApiObject(this, 'Resource', {
      apiVersion: 'autoscaling.k8s.io/v1',
      kind: 'VerticalPodAutoscaler',
      metadata: { name: objectName(this, props.name, id), namespace: workload.apiObject.metadata.namespace },
      spec: {
        targetRef: { apiVersion: 'apps/v1', kind: workload.apiObject.kind, name: workload.apiObject.name },
        updatePolicy: { updateMode: mode },
        ...(min || max ? { resourcePolicy: { containerPolicies: [{ containerName: '*', ...(min ? { minAllowed: min } : {}), ...(max ? { maxAllowed: max } : {}) }] } } : {}),
      },
    });

    addChecks(this, () => {
      const errors: Finding[] = [];
      const missing = chart._missingAddon(MonitoringAgents.KEY, 'MonitoringAgents', 'a VerticalPodAutoscaler (the platform installs it with the monitoring agents)');
      if (missing) errors.push(missing);
      const manifest = checkedJson(this, workload.apiObject);
      // A workload in a bound chart is fitted by that chart's check, with every other workload.
      if (!enclosingBound(workload.apiObject)) errors.push(...podFitProblems(chart.cluster, manifest));
      const free = candidateGroups(chart.cluster, manifest.spec?.template?.spec?.nodeSelector).map((g) => allocatable(chart.cluster, g));
      if (free.length > 0 && free.every((f) => f !== undefined)) {
        const most = { millicpu: Math.max(...free.map((f) => f!.millicpu)), mebibytes: Math.max(...free.map((f) => f!.mebibytes)) };
        if ((maxCpu ?? 0) > most.millicpu || (maxMemory ?? 0) > most.mebibytes) {
          warn(this, finding('HK-VPA-MAX', 'maxAllowed', `${JSON.stringify(max)} is more than a node the workload may run on allocates (${Math.floor(most.millicpu)}m CPU, ${Math.floor(most.mebibytes)}Mi); pods raised to it would stay pending`));
        }
      }
      return errors;
    });
  }
}
