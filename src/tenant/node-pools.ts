import type { HikubeCluster } from './hikube-cluster';
import type { NodeGroup } from '../model/node-group';

/** A node pool of a cluster as its checks and renderings see it: the group the platform runs for it. @internal */
export interface NodePool {
  readonly poolName: string;
  /** The pool as the platform runs it. */
  _nodeGroup(): NodeGroup;
}

/**
 * The pools of each cluster. The cluster reads them (its add-ons need nodes of a pool as much as of a group)
 * without knowing the pool construct, which is built on the cluster.
 */
const pools = new WeakMap<HikubeCluster, NodePool[]>();

/** Records a pool of a cluster. @internal */
export function addNodePool(cluster: HikubeCluster, pool: NodePool): void {
  pools.set(cluster, [...(pools.get(cluster) ?? []), pool]);
  cluster._changed();
}

/** The node pools of a cluster, in the order they were created. @internal */
export function nodePoolsOf(cluster: HikubeCluster): NodePool[] {
  return [...(pools.get(cluster) ?? [])];
}
