/**
 * The catalog of every rule the library and the command line apply: one entry per rule, with a stable code.
 * Problems name their rule from here at the point of detection; the README's rules table, the codes of
 * `HikubeValidationError.problems` and of `cdk8s-hikube check --json` all come from this table, and the tests
 * fail when code reports a rule this table lacks (the type `RuleCode` makes that a compile error too).
 */

/** How bad a problem is: an error stops synthesis (and fails `check`), a warning is worth knowing, a note informs. */
export type Severity = 'error' | 'warning' | 'note';

/** Which objects a rule protects: the layer of the library, or the input and output of every layer. */
export type RuleLayer = 'input' | 'tenant' | 'cluster-api' | 'in-cluster' | 'output' | 'change';

/** One rule of the catalog. */
export interface RuleDefinition {
  /** Severity in the library (at construction or synth). */
  readonly severity: Severity;
  /**
   * Severity when `cdk8s-hikube check` reads hand-written YAML, where it differs: a repair the library makes
   * silently (and reports as a warning) is an error in a file the platform would receive as written.
   */
  readonly checkSeverity?: Severity;
  /** The layer whose objects the rule protects. */
  readonly layer: RuleLayer;
  /** The API server that would refuse or mis-handle the object, where one does. */
  readonly apiServer?: 'Hikube API' | 'management cluster' | 'tenant cluster';
  /** One line: what the rule checks. */
  readonly summary: string;
}

const INPUT = { severity: 'error', layer: 'input' } as const;
const TENANT = { severity: 'error', layer: 'tenant', apiServer: 'Hikube API' } as const;
const TENANT_WARNING = { severity: 'warning', layer: 'tenant', apiServer: 'Hikube API' } as const;
const CAPI = { severity: 'error', layer: 'cluster-api', apiServer: 'management cluster' } as const;
const INSIDE = { severity: 'error', layer: 'in-cluster', apiServer: 'tenant cluster' } as const;
const INSIDE_WARNING = { severity: 'warning', layer: 'in-cluster', apiServer: 'tenant cluster' } as const;
const CHANGE = { severity: 'error', layer: 'change', apiServer: 'Hikube API' } as const;

/** The rules, by code. Codes never change meaning; a rule that goes away leaves its code unused. */
export const RULES = {
  // Input of every public entry, checked against the jsii assembly.
  'HK-TYPE': { ...INPUT, summary: 'a value of the wrong type: a string where a list is expected, a plain object where a class instance is' },
  'HK-UNKNOWN-KEY': { ...INPUT, summary: 'an option the struct does not have (with the nearest known one, and the struct to wrap snake_case keys in)' },
  'HK-REQUIRED': { ...INPUT, summary: 'a required input is missing' },
  'HK-ENUM': { ...INPUT, summary: 'a value outside an enumeration' },
  'HK-FROZEN': { ...INPUT, summary: 'a change to a cluster after it was synthesized (every layer renders the model as it was checked)' },
  'HK-CONSTRUCT': { ...INPUT, summary: 'a validation of a construct from outside the library failed' },

  // Layer 1: the Hikube tenant API.
  'HK-NAME': { ...TENANT, summary: 'cluster name: a DNS-1035 label of at most 42 characters' },
  'HK-NAMESPACE': { ...TENANT, summary: 'tenant namespace: a DNS label of at most 63 characters' },
  'HK-HOST': { ...TENANT, summary: 'host names: lower-case DNS subdomains' },
  'HK-STORAGE-CLASS-NAME': { ...TENANT, summary: 'storage class names: lower-case DNS subdomains' },
  'HK-VERSION': { ...TENANT, summary: 'a Kubernetes minor version the platform line installs, never a patch' },
  'HK-VERSION-PATCH': {
    ...TENANT_WARNING,
    checkSeverity: 'error',
    summary: 'a patch version (`v1.30.0`) where the platform takes the minor (`v1.30`); read from a manifest, it is repaired',
  },
  'HK-CONTROL-PLANE': { ...TENANT, summary: 'control-plane replicas, presets, sizing and API server volumes' },
  'HK-NODE-GROUP': { ...TENANT, summary: 'node group names (DNS labels, unique), storage class and pod CPU settings' },
  'HK-REPLICAS': { ...TENANT, summary: 'node group replica bounds: 0 <= minReplicas <= maxReplicas' },
  'HK-INSTANCE-TYPE': { ...TENANT_WARNING, summary: 'an instance type the catalog does not list (custom types exist, so a warning)' },
  'HK-RESOURCES': { ...TENANT, summary: 'node group resources: cpu and memory together, sizes a machine can boot with' },
  'HK-RESOURCES-MISSING': {
    ...TENANT_WARNING,
    checkSeverity: 'error',
    summary: 'a node group without `resources` on a line that requires it; read from a manifest, `resources: {}` is added',
  },
  'HK-DISK': { ...TENANT, summary: 'worker disk size: whole gibibytes the line accepts' },
  'HK-DISK-FIELD': { ...TENANT, summary: 'the other platform line\'s worker disk field (`diskSize` or `ephemeralStorage`)' },
  'HK-GPU': { ...TENANT, summary: 'GPU devices of the catalog, and the memory a GPU node needs' },
  'HK-GPU-OPERATOR': { ...TENANT_WARNING, summary: 'a GPU node group without the GPU operator add-on: pods cannot request GPUs' },
  'HK-NODE-ROLE': { ...TENANT, summary: 'node roles: each once per group, known to the platform' },
  'HK-ZONE': { ...TENANT, summary: 'zones: datacenters Hikube has (geneva, lucerne, gland), each once' },
  'HK-ZONE-SPREAD': { ...TENANT_WARNING, summary: 'a group whose maxReplicas is below its number of zones: some zones get no workers' },
  'HK-ZONES-IGNORED': { ...TENANT_WARNING, summary: 'zones set on a group: the tenant API places groups itself; they apply to the Cluster API rendering only' },
  'HK-DEFAULT-GROUP': { ...TENANT_WARNING, summary: 'the platform adds its default group md0 next to the declared ones' },
  'HK-KUBELET': { ...TENANT, summary: 'kubelet reservations and eviction thresholds that leave room for pods' },
  'HK-TALOS': { ...TENANT, summary: 'Talos worker settings' },
  'HK-OIDC': { ...TENANT, summary: 'OIDC settings and users' },
  'HK-HEALTH-CHECK': { ...TENANT, summary: 'node health checks and provisioning timeouts' },
  'HK-LINE-FIELD': { ...TENANT, summary: 'a field or add-on the platform line does not offer' },
  'HK-LINE': { severity: 'note', layer: 'tenant', apiServer: 'Hikube API', summary: 'how the platform line of a manifest was chosen' },
  'HK-ADDON': { ...TENANT, summary: 'add-ons: each once, with the add-ons and nodes it needs' },
  'HK-INGRESS': { ...TENANT, summary: 'ingress-nginx: hosts, replicas, resources, and nodes with its role to run on' },
  'HK-INGRESS-IDLE': { ...TENANT_WARNING, summary: 'every ingress node group may scale to 0: the controller waits for the autoscaler' },
  'HK-ADDON-UNUSED': { ...TENANT_WARNING, summary: 'an add-on setting that has no effect without another add-on' },
  'HK-VALUES-IGNORED': { ...TENANT_WARNING, summary: 'valuesOverride keys the platform or the chart ignores, with the typed setting to use' },
  'HK-FLUX': { ...TENANT, summary: 'the Flux bootstrap source: URL, branch, tag, path' },
  'HK-VELERO': { ...TENANT, summary: 'Velero backup locations and their credentials' },
  'HK-VALUES-OVERRIDE': { ...TENANT, summary: 'valuesOverride keys: under the key the chart reads, not in conflict with typed settings' },
  'HK-RESERVED-KEY': { ...TENANT, summary: 'spec keys starting with `_`, reserved for values the platform injects' },
  'HK-SCHEMA': { ...TENANT, summary: 'type, enum or required mismatch with the platform line\'s published schema' },
  'HK-UNKNOWN-FIELD': {
    ...TENANT_WARNING,
    checkSeverity: 'error',
    summary: 'a field the platform line does not have (the platform ignores it silently)',
  },
  'HK-CARRIED': { severity: 'note', layer: 'tenant', apiServer: 'Hikube API', summary: 'a manifest field the typed API does not cover, carried over as a JSON patch' },
  'HK-METADATA-DROPPED': { ...TENANT_WARNING, summary: 'metadata of a manifest that is not part of the cluster model (dropped)' },
  'HK-BUCKET-NO-USERS': { ...TENANT_WARNING, summary: 'a bucket without users has no credentials' },
  'HK-BUCKET': { ...TENANT, summary: 'buckets: names, users and the documents read from manifests' },
  'HK-OUTPUT-NAME': { severity: 'error', layer: 'output', summary: 'output file names stay inside the output folder (no path separators in the extension)' },
  'HK-DUPLICATE': { severity: 'error', layer: 'output', summary: 'two objects with one identity applied to one API server, or written to one file' },

  // Changes against what is deployed (`deployed` in the library, `cdk8s-hikube diff`).
  'HK-UPGRADE': { ...CHANGE, summary: 'upgrades go one minor version at a time, never down' },
  'HK-STORAGE-CLASS': { ...CHANGE, summary: 'the cluster storage class cannot change' },
  'HK-DISK-SHRINK': { ...CHANGE, summary: 'a worker disk cannot shrink' },
  'HK-GROUP-REMOVED': { ...CHANGE, summary: 'a node group with running nodes removed without scaling it to 0 first' },
  'HK-REPLACES-NODES': { ...CHANGE, severity: 'warning', summary: 'a change that replaces every node of a group, one after the other' },
  'HK-ADDON-REMOVED': { ...CHANGE, severity: 'warning', summary: 'an add-on removed: the platform uninstalls it with what it manages' },
  'HK-CLUSTER-REMOVED': { ...CHANGE, severity: 'warning', summary: 'a cluster removed from the manifests: deleting it deletes its workloads' },

  // Layer 2: the Cluster API rendering and platform objects.
  'HK-PLATFORM-CONTEXT': { ...CAPI, summary: 'the platform context the rendering needs (tenant host, worker image)' },
  'HK-LINSTOR': { ...CAPI, summary: 'LINSTOR storage classes: replicas and remote access' },

  // Layer 3: inside the tenant cluster.
  'HK-CHART-SCOPE': { ...INSIDE, summary: 'in-cluster charts belong to a cluster of the same app' },
  'HK-OBJECT-NAME': { ...INSIDE, summary: 'names of objects: valid Kubernetes names, derived from construct ids where not given' },
  'HK-WORKLOAD': { ...INSIDE, summary: 'workloads given to the library: cdk8s-plus workloads with a pod template' },
  'HK-EXPOSURE': { ...INSIDE, summary: 'exposed services: host, port, issuer and exposure' },
  'HK-ISSUER': { ...INSIDE, summary: 'Let\'s Encrypt issuers: contact address and solver' },
  'HK-SECURE-NAMESPACE': { ...INSIDE, summary: 'secure namespaces: names and network rules' },
  'HK-QUOTA': { ...INSIDE, summary: 'namespace quotas: quantities, and room for the namespace\'s own workloads' },
  'HK-ACCESS': { ...INSIDE, summary: 'access subjects: users, groups and service accounts' },
  'HK-POD-SECURITY': { ...INSIDE, summary: 'Pod Security levels' },
  'HK-NETWORK-RULE': { ...INSIDE, summary: 'workload network rules: ports, protocols and peers' },
  'HK-VOLUME': { ...INSIDE, summary: 'replicated volumes: size, storage class, namespace, snapshots' },
  'HK-BACKUP': { ...INSIDE, summary: 'backup schedules: cron as Velero reads it, retention, namespaces' },
  'HK-RESTORE': { ...INSIDE, summary: 'restores: the backup or schedule to restore from, namespace mapping' },
  'HK-GITOPS': { ...INSIDE, summary: 'GitOps sources and syncs: URL, path, names' },
  'HK-GPU-WORKLOAD': { ...INSIDE, summary: 'GPU workloads: a GPU node group to run on, GPUs per pod the nodes have' },
  'HK-POD-FIT': { ...INSIDE, summary: 'pods that fit the nodes they may run on' },
  'HK-PULL-SECRET': { ...INSIDE, summary: 'image pull secrets' },
  'HK-VPA': { ...INSIDE, summary: 'vertical pod autoscalers: bounds and update mode' },
  'HK-VPA-MAX': { ...INSIDE_WARNING, summary: 'a VPA upper bound above what any node the workload may run on allocates' },
  'HK-FLUENTBIT': { ...INSIDE, summary: 'FluentBit pipelines: plugins, properties, parsers, secrets by reference' },

  // Import: repairs of valuesOverride keys the platform ignores.
  'HK-VALUES-MISPLACED': {
    ...TENANT_WARNING,
    checkSeverity: 'error',
    summary: 'a valuesOverride key beside the key its chart reads, or Flux `gitRepository`; read from a manifest, it is moved under the chart key or into the typed bootstrap',
  },

  // The command line's own input.
  'HK-YAML': { severity: 'error', layer: 'input', summary: 'the file is not valid YAML' },
} as const satisfies { readonly [code: string]: RuleDefinition };

/** The code of a rule of the catalog. */
export type RuleCode = keyof typeof RULES;

/** The severity of a rule for an entry point. */
export function severityOf(code: RuleCode, entry: 'library' | 'check' = 'library'): Severity {
  const rule: RuleDefinition = RULES[code];
  return entry === 'check' ? rule.checkSeverity ?? rule.severity : rule.severity;
}

/** Whether a code names a rule of the catalog (for codes read back from outside, such as `--json` output). */
export function isRuleCode(code: string): code is RuleCode {
  return Object.prototype.hasOwnProperty.call(RULES, code);
}
