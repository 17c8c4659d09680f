/**
 * The catalog of every rule the library and the command line apply: one entry per rule, with a stable code.
 * Problems name their rule from here at the point of detection; the rules table of docs/rules.md, the codes of
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
   * Severity when `cdk8s-hikube check` reads hand-written YAML, where it differs, declared here rather than
   * decided where the problem is found: a repair the library makes silently (and reports as a warning) is an
   * error in a file the platform would receive as written, and a field of another platform line, an error
   * among the library's typed props, is a warning in a file the platform reads with the field ignored.
   */
  readonly checkSeverity?: Severity;
  /** The layer whose objects the rule protects. */
  readonly layer: RuleLayer;
  /** The API server that would refuse or mis-handle the object, where one does. */
  readonly apiServer?: 'Hikube API' | 'management cluster' | 'tenant cluster';
  /** One line: what the rule checks. */
  readonly summary: string;
  /**
   * The rule relates two clusters of an app (one host, bucket prefix or bootstrap path for both): `check`
   * reads every cluster of its input into one app to find these.
   */
  readonly acrossClusters?: boolean;
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
  'HK-LINE-FIELD': {
    ...TENANT,
    checkSeverity: 'warning',
    summary: 'a field or add-on the platform line does not offer, with the lines that do; in hand-written YAML, which the platform reads with the field ignored, a warning',
  },
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
    summary: 'a field the platform line does not have (the platform ignores it silently), with the known field it most likely means',
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
  'HK-QUOTA': { ...INSIDE, summary: 'namespace quotas: quantities and counts' },
  'HK-ACCESS': { ...INSIDE, summary: 'access subjects: users, groups and service accounts' },
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

  // What `cdk8s-hikube check` reads: input that holds no cluster, kinds the API group lacks.
  'HK-INPUT-NOT-TEXT': { ...INPUT, summary: 'an input that is not YAML text: binary, gzip-compressed or not UTF-8' },
  'HK-INPUT-EMPTY': { ...INPUT, summary: 'an input file that holds no document (empty, or only comments)' },
  'HK-INPUT-NOT-OBJECT': { ...INPUT, summary: 'a document that is not a Kubernetes object: a scalar or a list where a mapping is expected' },
  'HK-NO-CLUSTER': { ...INPUT, summary: 'inputs that hold no `Kubernetes`, `Tenant` or `KubernetesNodes` document of apps.cozystack.io, so nothing was checked' },
  'HK-KIND': {
    ...INPUT,
    apiServer: 'Hikube API',
    summary: 'a kind or apiVersion of the apps.cozystack.io group the Hikube API does not serve (with the nearest one)',
  },

  // Tenants, node pools as resources of their own, GPU batch work, bucket keys for applications.
  'HK-TENANT-NAME': { ...TENANT, summary: 'tenant names: a letter then letters and digits (no dash), the namespace they make at most 63 characters' },
  'HK-TENANT': { ...TENANT, summary: 'tenant settings: host, scheduling class, quota names and quantities, the parent it is nested in' },
  'HK-TENANT-HOST': { ...TENANT_WARNING, summary: 'a tenant host on lines where only cluster administrators may set it' },
  'HK-TENANT-QUOTA': { ...TENANT, summary: 'quotas of child tenants within what their parent declares' },
  'HK-TENANT-INHERITED': { ...TENANT_WARNING, summary: 'a child tenant setting its parent\'s value overrides (the scheduling class)' },
  'HK-CLUSTER-TENANT': { ...TENANT, summary: 'a cluster names its tenant once (a Tenant or a namespace), on the tenant\'s platform line' },
  'HK-NODES-NAME': { ...TENANT, summary: 'node pool names: `<cluster>-<pool>` a DNS-1035 label of at most 36 characters' },
  'HK-NODES-POOL': { ...TENANT, summary: 'a node pool named like a group the cluster renders itself (the implicit md0 included)' },
  'HK-NODES-BINDING': { ...TENANT, summary: 'a node pool\'s version and Talos settings equal its cluster\'s; zones are not pool settings' },
  'HK-NODES-SERVED': { ...TENANT, summary: 'KubernetesNodes only where the platform serves it (main and v1.6.0 by default)' },
  'HK-NODES-STORAGE-CLASS': { ...TENANT_WARNING, summary: 'a node pool without a storage class gets `replicated`, not its cluster\'s class' },
  'HK-BUCKET-ACCESS': { ...INSIDE, summary: 'bucket keys for a workload: the Secret name, the container, the folder the keys are mounted in' },

  // Ways into a tenant cluster: exposed services, Gateways and routes, and who serves each host.
  'HK-EXPOSURE-PORT': { ...INSIDE, summary: 'an exposed or routed port that none of the workload\'s containers declares: every request fails' },
  'HK-HOST-OWNER': { ...INSIDE, summary: 'one owner per host in a cluster: Ingresses share a host only on other paths, a Gateway never' },
  'HK-API-HOST': { ...INSIDE, summary: 'the API server\'s host served by an Ingress or a Gateway' },
  'HK-GATEWAY': { ...INSIDE, summary: 'Gateways and their HTTP and gRPC routes: hosts, certificates, namespaces, paths' },


  // Checks across objects of one app, secrets in plain text and limits the services enforce.
  'HK-BACKUP-NAMESPACE': { ...INSIDE, summary: 'a backup schedule of a namespace the app creates nowhere for that cluster (with the nearest name); not checked when the app creates no namespaces' },
  'HK-BACKUP-COUNT': { ...INSIDE_WARNING, summary: 'a schedule and retention that keep over 1,000 backups at once (each a full backup), with the count' },
  'HK-BACKUP-SHARED': { ...TENANT, acrossClusters: true, summary: 'two clusters writing backups to one bucket and prefix: each Velero syncs the other\'s backups as its own' },
  'HK-RESTORE-SOURCE': { ...INSIDE, summary: 'a restore from a schedule of another cluster or app, or by a schedule\'s name where Velero wants a backup\'s' },
  'HK-RESTORE-NAMESPACE': { ...INSIDE, summary: 'a restore of namespaces its schedule never backs up' },
  'HK-NAMESPACE-UNKNOWN': { ...INSIDE_WARNING, summary: 'an object in a namespace the app creates nowhere for that cluster (with the nearest name); not checked when the app creates no namespaces' },
  'HK-SECRET-IN-URL': { severity: 'error', layer: 'output', summary: 'a credential in a URL written in plain text (user-info password, token user, secret query keys such as api_key or token)' },
  'HK-SECRET-PROPERTY': { severity: 'error', layer: 'output', summary: 'a secret-bearing plugin property or header in a free-form map, written in plain text; use the typed secret reference' },
  'HK-ISSUER-CONTACT': { ...INSIDE, summary: 'a Let\'s Encrypt contact at example.com or a reserved top-level domain (.example, .test, ...), which Let\'s Encrypt refuses' },
  'HK-OBJECT-SIZE': { severity: 'error', layer: 'output', summary: 'an object over about 1.5 MiB (etcd\'s request limit), or annotations over 256 KiB (the API server\'s limit)' },
  'HK-DEFAULT-STORAGE-CLASS': { ...INSIDE_WARNING, summary: 'a StorageClass marked default next to the cluster\'s own default: claims without a class get either' },


  // GitOps coherence: sources Flux can fetch, one owner per path, sources an attacker cannot rewrite.
  'HK-GITOPS-SSH': { ...INSIDE, summary: 'a GitOps sync from an ssh:// source without a secret: Flux has no key to clone with' },
  'HK-GITOPS-OWNER': { ...INSIDE, summary: 'two syncs of one cluster (GitOps syncs or the Flux bootstrap) applying the same repository and path' },
  'HK-GITOPS-HTTP': { ...INSIDE_WARNING, summary: 'a GitOps sync from a plain-HTTP (http://) source, which anyone on the path can rewrite' },
  'HK-FLUX-SSH': { ...TENANT, summary: 'a Flux bootstrap from an ssh:// source without a pull secret: Flux has no key to clone with' },
  'HK-FLUX-HTTP': { ...TENANT_WARNING, summary: 'a Flux bootstrap from a plain-HTTP (http://) source, which anyone on the path can rewrite' },
  'HK-FLUX-SHARED': { ...TENANT_WARNING, acrossClusters: true, summary: 'two clusters bootstrapped from one repository and path: a change for one reaches the other' },

  // Claims and quotas of every workload a tenant-cluster chart holds, the library's or cdk8s-plus's.
  'HK-QUOTA-FIT': { ...INSIDE, summary: 'a secure namespace\'s quota smaller than its own workloads\' requests, limits, pods or claims (LimitRange defaults included)' },
  'HK-CLAIM-STORAGE-CLASS': { ...INSIDE, summary: 'a PersistentVolumeClaim or StatefulSet claim template naming a storage class the tenant cluster lacks (with the nearest name)' },

  // Certificates and network rules inside a tenant cluster, across objects: issuers of another cluster, DNS-01 solvers, ports no pod opens.
  'HK-ISSUER-CLUSTER': { ...INSIDE, summary: 'an Ingress or Gateway given the issuer of another cluster or app: its ClusterIssuer is applied there, so no certificate is issued here' },
  'HK-ISSUER-NAME': { ...INSIDE_WARNING, summary: 'an Ingress, Gateway or Certificate naming a ClusterIssuer the app creates only for other clusters, or none of those it creates for its cluster (with the nearest name)' },
  'HK-ISSUER-DNS01': { ...INSIDE, summary: 'DNS-01 solvers: RFC2136 server and TSIG key, Route53 region and keys, webhook group and solver, zones; one DNS-01 option' },
  'HK-NETWORK-PORT': { ...INSIDE, summary: 'a network rule or NetworkPolicy opening a port none of the receiving pods\' containers declares: the port they listen on stays denied' },

  // Import: repairs of valuesOverride keys the platform ignores.
  'HK-VALUES-MISPLACED': {
    ...TENANT_WARNING,
    checkSeverity: 'error',
    summary: 'a valuesOverride key beside the key its chart reads, or Flux `gitRepository`; read from a manifest, it is moved under the chart key or into the typed bootstrap',
  },

  // Documented values checked where the platform defines them: chart shapes, keys inside a chart's own key, storage classes.
  'HK-VALUES-SHAPE': { ...TENANT, summary: 'chart values in a shape the chart refuses or misreads: a Velero backup location as a map, Cilium encryption without its type' },
  'HK-VALUES-KEY': {
    ...TENANT_WARNING,
    checkSeverity: 'error',
    summary: 'a key inside a chart\'s own key that the chart ignores, where the platform reference lists what it reads (with the nearest key)',
  },
  'HK-STORAGE-CLASS-UNKNOWN': {
    ...TENANT_WARNING,
    checkSeverity: 'error',
    summary: 'a storage class the platform does not have (Hikube\'s, or those the cluster declares for a self-hosted platform), with the nearest one',
  },

  // The tenant layer: hosts one tenant ingress routes, values set through JSON patches, pools checked with their cluster.
  'HK-INGRESS-HOST-SHARED': { ...TENANT, acrossClusters: true, summary: 'one host routed by one tenant ingress to two clusters (ingress-nginx hosts, or a cluster\'s API server host): it sends the traffic to either' },
  'HK-INGRESS-HOST-OVERLAP': { ...TENANT_WARNING, acrossClusters: true, summary: 'one host claimed by clusters behind different tenant ingresses (DNS points at one), or covered by another cluster\'s wildcard (the exact host wins)' },
  'HK-IMAGE': { ...TENANT, summary: 'image overrides (`images`): references a container runtime can pull (`registry/repository:tag` or `@sha256:...`)' },
  'HK-IMAGE-SKEW': { ...TENANT_WARNING, summary: 'a kubectl image whose tag is more than one minor version away from the cluster\'s Kubernetes version (kubectl\'s supported skew)' },
  'HK-NODES-CLUSTER': { ...TENANT, summary: 'a KubernetesNodes document whose cluster `check` was not given: a pool is checked with its cluster' },

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
