/**
 * Stable codes for what the command line reports, one per rule, in one table. A finding gets the code of
 * the first rule whose pattern matches its `<field path>: <message>` text; the library's own messages are
 * the single source, the codes only name them.
 */
export interface Rule {
  readonly code: string;
  readonly matches: RegExp;
  readonly about: string;
}

export const RULES: readonly Rule[] = [
  { code: 'HK-YAML', matches: /^\(yaml\)/, about: 'the file is not valid YAML' },
  { code: 'HK-SCHEMA', matches: /the schema of platform line/, about: 'type, enum or required mismatch with the line\'s published schema' },
  { code: 'HK-UNKNOWN-FIELD', matches: /has no such field|not typed by this library|not part of the cluster model/, about: 'a field the line does not have (the platform ignores it silently)' },
  { code: 'HK-RESERVED-KEY', matches: /reserved for values the platform injects/, about: 'top-level spec keys starting with "_"' },
  { code: 'HK-DISK-FIELD', matches: /names the worker disk/, about: 'the other line\'s worker disk field' },
  { code: 'HK-LINE-FIELD', matches: /not available on platform line/, about: 'a field or add-on the line does not offer' },
  { code: 'HK-LINE', matches: /reading it for line/, about: 'how the platform line was chosen' },
  { code: 'HK-CLUSTER-REMOVED', matches: /^metadata\.name: cluster .* removed/, about: 'a cluster removed from the manifests' },
  { code: 'HK-UPGRADE', matches: /^spec\.version: .*(downgrades are not supported|one minor version at a time)/, about: 'upgrades go one minor version at a time, never down' },
  { code: 'HK-VERSION', matches: /^spec\.version/, about: 'a Kubernetes minor version the line installs, never a patch' },
  { code: 'HK-STORAGE-CLASS', matches: /storageClass is immutable/, about: 'the cluster storage class cannot change' },
  { code: 'HK-DEFAULT-GROUP', matches: /adds its default group md0/, about: 'the platform\'s implicit md0 group' },
  { code: 'HK-GROUP-REMOVED', matches: /^spec\.nodeGroups\.[^.:]+: removed while/, about: 'a node group with running nodes removed without scaling it to 0 first' },
  { code: 'HK-DISK-SHRINK', matches: /disk cannot shrink/, about: 'a worker disk that shrinks' },
  { code: 'HK-REPLACES-NODES', matches: /replaces every node/, about: 'a change that rolls every node of a group' },
  { code: 'HK-ADDON-REMOVED', matches: /^spec\.addons\.[^.:]+: removed/, about: 'an add-on removed' },
  { code: 'HK-RESOURCES', matches: /^spec\.nodeGroups\.[^.]+\.resources/, about: 'node group resources: required `{}` on v0.41-v1.3, cpu and memory together' },
  { code: 'HK-GPU', matches: /^spec\.nodeGroups\.[^.]+\.gpus/, about: 'GPU devices and the memory they need' },
  { code: 'HK-INSTANCE-TYPE', matches: /^spec\.nodeGroups\.[^.:]+\.instanceType/, about: 'instance types of the catalog' },
  { code: 'HK-REPLICAS', matches: /^spec\.(nodeGroups\.[^.:]+\.(min|max)Replicas|controlPlane\.replicas)/, about: 'replica bounds' },
  { code: 'HK-KUBELET', matches: /^spec\.nodeGroups\.[^.:]+\.kubelet/, about: 'kubelet reservations' },
  { code: 'HK-ZONES', matches: /^spec\.nodeGroups\.[^.:]+\.zones/, about: 'zones (Cluster API rendering only)' },
  { code: 'HK-NODE-GROUP', matches: /^spec\.nodeGroups/, about: 'node group names and fields' },
  { code: 'HK-INGRESS', matches: /^spec\.addons\.ingressNginx/, about: 'ingress-nginx needs nodes with its role' },
  { code: 'HK-ADDON', matches: /^spec\.addons/, about: 'add-on dependencies and values' },
  { code: 'HK-CONTROL-PLANE', matches: /^spec\.controlPlane/, about: 'control-plane presets, sizing and API server extras' },
  { code: 'HK-NAME', matches: /^metadata\.name/, about: 'cluster name: DNS-1035 label of at most 42 characters' },
  { code: 'HK-NAMESPACE', matches: /^metadata\.namespace/, about: 'tenant namespace name' },
  { code: 'HK-TALOS', matches: /^spec\.talos/, about: 'Talos worker settings' },
  { code: 'HK-OIDC', matches: /^spec\.oidc/, about: 'OIDC settings' },
  { code: 'HK-HEALTH-CHECK', matches: /^spec\.nodeHealthCheck|^spec\.maxNodeProvisionTime/, about: 'health checks and timeouts' },
  { code: 'HK-RULE', matches: /[\s\S]*/, about: 'other rules of the library' },
];

/** The code of a finding, from its `<field path>: <message>` text. */
export function ruleCode(text: string): string {
  return RULES.find((r) => r.matches.test(text))!.code;
}
