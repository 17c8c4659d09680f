/**
 * The storage classes of the platform (the management cluster) a cluster's `storageClass` and a node
 * group's worker disk name. Every platform line installs the same two LINSTOR classes: `replicated` (three
 * DRBD replicas, reachable from any node) and `local` (one replica on the node). The tenant cluster sees
 * them again under their own names from v1.6 (the remote-accessible ones) and as `kubevirt` before.
 * @internal
 */
export const PLATFORM_STORAGE_CLASSES: readonly string[] = ['replicated', 'local'];
