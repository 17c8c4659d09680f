import { reservedOnNode } from '../model/kubelet';
import type { NodeGroup } from '../model/node-group';
import { PlatformFeature } from '../model/platform-line';
import { parseQuantity } from '../model/quantity';
import { problem, type Finding } from '../model/validation';
import type { HikubeCluster } from '../tenant/hikube-cluster';

/** Node label the platform puts on GPU workers, on lines that set it. */
export const GPU_NODE_LABEL = { key: 'gpu', value: 'on' } as const;
/** Kubelet's default hard eviction threshold where the platform sets no reservations. */
const KUBELET_DEFAULT_EVICTION_MIB = 100;
const POD_SPECS: Record<string, (o: any) => any> = {
  Deployment: (o) => o.spec?.template?.spec,
  StatefulSet: (o) => o.spec?.template?.spec,
  DaemonSet: (o) => o.spec?.template?.spec,
};


/** Labels every node of a group carries, as far as the platform sets them. @internal */
export function groupNodeLabels(cluster: HikubeCluster, group: NodeGroup): Record<string, string> {
  const labels: Record<string, string> = Object.fromEntries(group.roles.map((r) => [r.labelKey, '']));
  if (group.gpus.length > 0 && cluster.platformLine.supports(PlatformFeature.GPU_NODE_LABEL)) labels[GPU_NODE_LABEL.key] = GPU_NODE_LABEL.value;
  return labels;
}

/** What pods may use on one node of a group (size minus kubelet reservations), when the size is known. @internal */
export function allocatable(cluster: HikubeCluster, group: NodeGroup): { millicpu: number; mebibytes: number } | undefined {
  const node = { millicpu: group.cpuMillis, mebibytes: group.memoryMebibytes };
  if (node.millicpu === undefined || node.mebibytes === undefined) return undefined;
  if (!cluster.platformLine.supports(PlatformFeature.KUBELET_RESERVATIONS)) {
    return { millicpu: node.millicpu, mebibytes: node.mebibytes - KUBELET_DEFAULT_EVICTION_MIB };
  }
  const reserved = reservedOnNode(group.options.kubelet ?? {}, node);
  return { millicpu: node.millicpu - reserved.millicpu, mebibytes: node.mebibytes - reserved.mebibytes };
}

/**
 * Node groups a pod may be scheduled on: groups that can have nodes and carry the labels of its node
 * selector. Labels the library does not model (zones, host names, custom labels) do not narrow the choice.
 * @internal
 */
export function candidateGroups(cluster: HikubeCluster, nodeSelector: Record<string, string> | undefined): NodeGroup[] {
  const modelled = (key: string) => key.startsWith('node-role.kubernetes.io/') || key === GPU_NODE_LABEL.key;
  const wanted = Object.entries(nodeSelector ?? {}).filter(([key]) => modelled(key));
  return cluster.effectiveNodeGroups.filter((g) => {
    if (g.maxReplicas <= 0) return false;
    const labels = groupNodeLabels(cluster, g);
    return wanted.every(([key, value]) => labels[key] === value);
  });
}

/**
 * Why a rendered workload cannot be scheduled on the cluster: its pods request more CPU or memory than
 * a node of any group it may run on can allocate, or no group carries the labels it selects. Empty when
 * it fits, when the manifest is not a workload, or when a candidate group's size is unknown.
 * @internal
 */
export function podFitProblems(cluster: HikubeCluster, manifest: any): Finding[] {
  const spec = POD_SPECS[manifest?.kind]?.(manifest);
  if (!spec) return [];
  const what = `${manifest.kind} ${manifest.metadata?.name}`;
  const candidates = candidateGroups(cluster, spec.nodeSelector);
  if (candidates.length === 0) {
    return [problem('HK-POD-FIT', `${what} nodeSelector`, spec.nodeSelector ?? {}, `no node group of cluster ${cluster.clusterName} with nodes carries these labels (groups: ${cluster.effectiveNodeGroups.map((g) => `${g.name} ${JSON.stringify(groupNodeLabels(cluster, g))}`).join(', ')})`)];
  }
  const sizes = candidates.map((g) => ({ group: g, free: allocatable(cluster, g) }));
  if (sizes.some((s) => s.free === undefined)) return [];
  const requests = podRequests(spec);
  if (sizes.some((s) => requests.millicpu <= s.free!.millicpu && requests.mebibytes <= s.free!.mebibytes)) return [];
  const offered = sizes.map((s) => `${s.group.name} ${Math.floor(s.free!.millicpu)}m CPU, ${Math.floor(s.free!.mebibytes)}Mi`).join('; ');
  return [problem('HK-POD-FIT', `${what} resources.requests`, `${Math.ceil(requests.millicpu)}m CPU, ${Math.ceil(requests.mebibytes)}Mi per pod`,
    `no node group it may run on can allocate that after kubelet reservations (${offered}); lower the requests or add a larger node group`)];
}

/** CPU and memory a pod requests: its containers together, or its largest init container if larger. */
function podRequests(spec: any): { millicpu: number; mebibytes: number } {
  const of = (c: any) => {
    const r = { ...c.resources?.limits, ...c.resources?.requests };
    return { millicpu: (parseQuantity(r.cpu ?? 0) || 0) * 1000, mebibytes: (parseQuantity(r.memory ?? 0) || 0) / 2 ** 20 };
  };
  const main = { millicpu: 0, mebibytes: 0 };
  for (const c of (spec.containers ?? []).map(of)) {
    main.millicpu += c.millicpu;
    main.mebibytes += c.mebibytes;
  }
  for (const init of (spec.initContainers ?? []).map(of)) {
    main.millicpu = Math.max(main.millicpu, init.millicpu);
    main.mebibytes = Math.max(main.mebibytes, init.mebibytes);
  }
  return main;
}
