import { ApiObject, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { objectsBoundTo } from './cluster-objects';
import type * as networkPortsModule from './network-ports';
import { PodSecurity, PodSecurityLevel } from './pod-security';
import { checkSecretNames } from './pull-secrets';
import { quotaProblems } from './quota-usage';
import { TenantClusterChart } from './tenant-cluster-chart';
import { checkWorkload, IWorkload } from './workload';
import { namespacePeer, Peer, policyPorts, trafficPolicy, workloadPeer, WorkloadEgressRule, WorkloadIngressRule } from './workload-network-rules';
import { checkProps } from '../model/guard';
import { lazyModule } from '../model/lazy-module';
import { cpuToMillis, formatCpu, formatSize, sizeToMebibytes } from '../model/quantity';
import { addChecks, checkedJson, DNS1123_LABEL, invalid, problem, type Finding } from '../model/validation';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const networkPorts = lazyModule<typeof networkPortsModule>(() => require('./network-ports'));

/** Who gets access to a namespace. */
export class AccessSubject {
  /**
   * A user, as the API server authenticates it (e.g. an OIDC e-mail).
   *
   * @param name the user name, as the API server authenticates it
   */
  public static user(name: string): AccessSubject {
    return new AccessSubject('User', subjectName('AccessSubject.user', name));
  }

  /**
   * A group.
   *
   * @param name the group name, as the API server authenticates it
   */
  public static group(name: string): AccessSubject {
    return new AccessSubject('Group', subjectName('AccessSubject.group', name));
  }

  /**
   * A service account in some namespace.
   *
   * @param namespace the namespace of the service account
   * @param name the service account name
   */
  public static serviceAccount(namespace: string, name: string): AccessSubject {
    if (typeof namespace !== 'string' || !DNS1123_LABEL.test(namespace)) {
      throw invalid('HK-ACCESS', 'AccessSubject.serviceAccount', 'namespace', namespace, 'expected a namespace name (a lower-case DNS label)');
    }
    if (typeof name !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) {
      throw invalid('HK-ACCESS', 'AccessSubject.serviceAccount', 'name', name, 'expected a service account name (a lower-case DNS name)');
    }
    return new AccessSubject('ServiceAccount', name, namespace);
  }

  /**
   * @param kind the RBAC subject kind: `User`, `Group` or `ServiceAccount`
   * @param name the subject's name
   * @param namespace the namespace of a service account
   */
  private constructor(public readonly kind: string, public readonly name: string, public readonly namespace?: string) {}

  /** The cdk8s-plus subject. @internal */
  public _toSubject(scope: Construct, id: string): kplus.ISubject {
    if (this.kind === 'ServiceAccount') return kplus.ServiceAccount.fromServiceAccountName(scope, id, this.name, { namespaceName: this.namespace });
    return this.kind === 'Group' ? kplus.Group.fromName(scope, id, this.name) : kplus.User.fromName(scope, id, this.name);
  }
}

function subjectName(field: string, name: unknown): string {
  if (typeof name !== 'string' || name.trim().length === 0) throw invalid('HK-ACCESS', 'AccessSubject', field, name, 'expected a non-empty name');
  return name;
}

/** Compute and storage a namespace may use (a ResourceQuota). */
export interface NamespaceQuota {
  /**
   * Total CPU requests.
   * @default Cpu.units(4)
   */
  readonly requestsCpu?: kplus.Cpu;
  /**
   * Total memory requests.
   * @default Size.gibibytes(8)
   */
  readonly requestsMemory?: Size;
  /**
   * Total CPU limits.
   * @default Cpu.units(8)
   */
  readonly limitsCpu?: kplus.Cpu;
  /**
   * Total memory limits.
   * @default Size.gibibytes(16)
   */
  readonly limitsMemory?: Size;
  /**
   * Total storage requested by claims.
   * @default Size.gibibytes(100)
   */
  readonly requestsStorage?: Size;
  /**
   * Number of pods.
   * @default 50
   */
  readonly pods?: number;
  /**
   * Number of persistent volume claims.
   * @default 10
   */
  readonly persistentVolumeClaims?: number;
}

/** Properties of a secure namespace. */
export interface SecureNamespaceProps {
  /**
   * Namespace name.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Pod Security Standards level, enforced, audited and warned.
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * Subjects bound to the `admin` cluster role in the namespace.
   * @default - none
   */
  readonly admins?: AccessSubject[];
  /**
   * Subjects bound to the `edit` cluster role in the namespace.
   * @default - none
   */
  readonly editors?: AccessSubject[];
  /**
   * Subjects bound to the `view` cluster role in the namespace.
   * @default - none
   */
  readonly viewers?: AccessSubject[];
  /**
   * Admit traffic from the ingress controller's namespace.
   * @default - true when the cluster has ingress-nginx
   */
  readonly allowFromIngress?: boolean;
  /**
   * Extra destinations pods may reach, as CIDRs (e.g. `0.0.0.0/0` for the internet).
   * @default - DNS and the namespace itself only
   */
  readonly allowEgressTo?: string[];
  /**
   * Resource quota.
   * @default - the defaults of `NamespaceQuota`
   */
  readonly quota?: NamespaceQuota;
  /**
   * Pull secrets for private registries, given to the namespace's `default` ServiceAccount (so to every
   * pod that names no other account). The Secrets are referenced by name, never written.
   * @default - none
   */
  readonly imagePullSecrets?: string[];
  /**
   * Let pods of the namespace reach each other freely. Turn it off to allow only the traffic that
   * `allowIngress()` and `allowEgress()` declare between the namespace's workloads.
   * @default true
   */
  readonly allowWithinNamespace?: boolean;
}

const IPV4_CIDR = /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)\/(3[0-2]|[12]?\d)$/;
const DEFAULT_LIMITS = { cpu: '500m', memory: '512Mi' };
const DEFAULT_REQUESTS = { cpu: '100m', memory: '128Mi' };

/**
 * A namespace for a team, secure by default: Pod Security labels (`restricted`), default-deny ingress
 * and egress with explicit allowances (DNS, the namespace itself, the ingress controller), RBAC bindings
 * to the built-in admin/edit/view roles, a ResourceQuota and a LimitRange that gives containers defaults.
 */
export class SecureNamespace extends Construct {
  /** The namespace name. */
  public readonly namespaceName: string;
  private readonly chart: TenantClusterChart;

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props the namespace's access subjects, quota, limits and network exceptions
   */
  public constructor(scope: Construct, id: string, props: SecureNamespaceProps = {}) {
    super(scope, id);
    checkProps(this, undefined, 'SecureNamespaceProps', props, { PodSecurityLevel });
    const chart = TenantClusterChart.enclosing(this);
    const name = props.name ?? id;
    this.namespaceName = name;
    this.chart = chart;
    const level = props.podSecurity ?? PodSecurityLevel.RESTRICTED;
    for (const field of ['admins', 'editors', 'viewers'] as const) {
      const subjects: unknown = props[field];
      if (subjects !== undefined && (!Array.isArray(subjects) || subjects.some((s) => !(s instanceof AccessSubject)))) {
        throw invalid('HK-SECURE-NAMESPACE', this, field, subjects, 'expected a list of AccessSubject.user(), .group() or .serviceAccount()');
      }
    }

    const ns = new kplus.Namespace(this, 'Namespace', {
      metadata: {
        name,
        labels: {
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/audit': level,
          'pod-security.kubernetes.io/warn': level,
        },
      },
    });

    // cdk8s-plus rejects a bad CIDR with a bare message; say where and what instead.
    for (const cidr of props.allowEgressTo ?? []) {
      if (!IPV4_CIDR.test(cidr)) throw invalid('HK-SECURE-NAMESPACE', this, 'allowEgressTo', cidr, 'expected an IPv4 CIDR such as 10.0.0.0/8');
    }
    const here = kplus.Namespaces.select(this, 'Here', { names: [name] });
    const within = props.allowWithinNamespace ?? true;
    const allowIngressFrom: kplus.NetworkPolicyRule[] = within ? [{ peer: kplus.Pods.all(this, 'SameNamespace', { namespaces: here }) }] : [];
    if (props.allowFromIngress ?? chart.ingress !== undefined) {
      allowIngressFrom.push({ peer: kplus.Namespaces.select(this, 'IngressController', { names: [chart.ingressNamespace] }) });
    }
    const dns = kplus.Pods.select(this, 'Dns', {
      labels: { 'k8s-app': 'kube-dns' },
      namespaces: kplus.Namespaces.select(this, 'KubeSystem', { names: ['kube-system'] }),
    });
    const allowEgressTo: kplus.NetworkPolicyRule[] = [
      { peer: dns, ports: [kplus.NetworkPolicyPort.udp(53), kplus.NetworkPolicyPort.tcp(53)] },
      ...(within ? [{ peer: kplus.Pods.all(this, 'SameNamespaceEgress', { namespaces: here }) }] : []),
      ...(props.allowEgressTo ?? []).map((cidr, i) => ({ peer: kplus.NetworkPolicyIpBlock.ipv4(this, `Egress${i}`, cidr) })),
    ];
    new kplus.NetworkPolicy(this, 'DefaultDeny', {
      metadata: { name: 'default-deny', namespace: name },
      selector: kplus.Pods.all(this, 'AllPods'),
      ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY, rules: allowIngressFrom },
      egress: { default: kplus.NetworkPolicyTrafficDefault.DENY, rules: allowEgressTo },
    });

    for (const [role, subjects] of [['admin', props.admins], ['edit', props.editors], ['view', props.viewers]] as const) {
      if (!subjects?.length) continue;
      const binding = new kplus.RoleBinding(this, `${role}-binding`, {
        metadata: { name: `${role}s`, namespace: name },
        role: kplus.ClusterRole.fromClusterRoleName(this, `${role}-role`, role),
      });
      binding.addSubjects(...subjects.map((s, i) => s._toSubject(this, `${role}-subject-${i}`)));
    }

    if (props.imagePullSecrets !== undefined) {
      const secrets = checkSecretNames(this, 'imagePullSecrets', props.imagePullSecrets);
      // The controller creates this account; applying it declares its pull secrets without a patch that drifts.
      new ApiObject(this, 'DefaultServiceAccount', {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'default', namespace: name },
        imagePullSecrets: secrets.map((secret) => ({ name: secret })),
      });
    }

    checkQuota(this, props.quota ?? {});
    // The check at synth reads the quota that was rendered, whatever the caller changes in its object later.
    const q: NamespaceQuota = { ...props.quota };
    const hard = {
      'requests.cpu': formatCpu(q.requestsCpu ?? kplus.Cpu.units(4)),
      'requests.memory': formatSize(q.requestsMemory ?? Size.gibibytes(8)),
      'limits.cpu': formatCpu(q.limitsCpu ?? kplus.Cpu.units(8)),
      'limits.memory': formatSize(q.limitsMemory ?? Size.gibibytes(16)),
      'requests.storage': formatSize(q.requestsStorage ?? Size.gibibytes(100)),
      'pods': String(q.pods ?? 50),
      'persistentvolumeclaims': String(q.persistentVolumeClaims ?? 10),
    };
    new ApiObject(this, 'Quota', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'default', namespace: name },
      spec: { hard },
    });
    new ApiObject(this, 'Limits', {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'default', namespace: name },
      spec: { limits: [{ type: 'Container', default: DEFAULT_LIMITS, defaultRequest: DEFAULT_REQUESTS }] },
    });

    addChecks(this, () => {
      const errors: Finding[] = [];
      // The API server would refuse these pods at apply time; say so now, with the workload's path.
      for (const obj of chart.node.findAll()) {
        if (!(obj instanceof ApiObject) || obj.metadata.namespace !== name) continue;
        const manifest = checkedJson(this, obj);
        const found = PodSecurity.violations(manifest, level);
        if (found.length > 0) {
          errors.push(problem('HK-SECURE-NAMESPACE', `${obj.kind} ${obj.name}`, found, `namespace ${name} enforces Pod Security "${level}"; use PodSecurity.restrictedContainerContext() for containers or lower podSecurity`));
        }
      }
      if (!DNS1123_LABEL.test(name) || name.length > 63) errors.push(problem('HK-SECURE-NAMESPACE', 'metadata.name', name, 'a namespace name must be a lower-case DNS label of at most 63 characters'));
      if (name.startsWith('kube-') || name.startsWith('cozy-')) errors.push(problem('HK-SECURE-NAMESPACE', 'metadata.name', name, 'the kube- and cozy- prefixes belong to the platform'));
      const counts = Object.entries({ pods: q.pods, persistentVolumeClaims: q.persistentVolumeClaims })
        .filter(([, value]) => value !== undefined && (!Number.isInteger(value) || value < 0));
      counts.forEach(([field, value]) => errors.push(problem('HK-QUOTA', `quota.${field}`, value, 'expected a whole number, 0 or more')));
      if (counts.length > 0) return errors;
      // Workloads of the namespace in every chart of the cluster share its quota, wherever they are declared.
      const own = objectsBoundTo(chart.cluster).filter((o) => o.metadata.namespace === name).map((o) => checkedJson(this, o));
      errors.push(...quotaProblems(name, hard, own, { requests: DEFAULT_REQUESTS, limits: DEFAULT_LIMITS }));
      return errors;
    });
    this.node.defaultChild = ns;
  }

  /**
   * Lets a workload of this namespace receive traffic from another workload (or every pod of a
   * namespace) on some ports. When the sender runs in a secure namespace of the chart too, its egress
   * is allowed there as well, so the rule works both ways through the default deny.
   * @param id its id, unique within the scope
   * @param rule the peers and ports the rule allows
   */
  public allowIngress(id: string, rule: WorkloadIngressRule): void {
    const to = workloadPeer(this, 'to', rule?.to);
    this.checkHere('to', to);
    if ((rule.from === undefined) === (rule.fromNamespace === undefined)) {
      throw invalid('HK-SECURE-NAMESPACE', this, 'from', rule.from === undefined ? undefined : 'from and fromNamespace', 'set exactly one of from (a workload) and fromNamespace');
    }
    const from = rule.from !== undefined ? workloadPeer(this, 'from', rule.from) : namespacePeer(this, 'fromNamespace', rule.fromNamespace);
    this.connect(id, from, to, policyPorts(this, rule.ports, rule.protocol), rule.to);
  }

  /**
   * Lets a workload of this namespace send traffic to another workload on some ports. When the receiver
   * runs in a secure namespace of the chart too, its ingress is allowed there as well.
   * @param id its id, unique within the scope
   * @param rule the peers and ports the rule allows
   */
  public allowEgress(id: string, rule: WorkloadEgressRule): void {
    const from = workloadPeer(this, 'from', rule?.from);
    this.checkHere('from', from);
    this.connect(id, from, workloadPeer(this, 'to', rule.to), policyPorts(this, rule.ports, rule.protocol), rule.to);
  }

  private checkHere(field: string, peer: Peer): void {
    if (peer.namespace !== this.namespaceName) {
      throw invalid('HK-SECURE-NAMESPACE', this, field, peer.namespace, `the workload must run in namespace ${this.namespaceName}; add the rule to the SecureNamespace of ${peer.namespace}`);
    }
  }

  /**
   * Writes each side of a rule in the namespace that isolates it: ingress at the receiver, egress at the
   * sender; at synth, checks its ports against those the receiver's containers declare.
   */
  private connect(id: string, from: Peer, to: Peer, ports: Array<{ port: number; protocol: string }>, receiving: IWorkload): void {
    const workload = checkWorkload(this, 'to', receiving);
    addChecks(this, () => networkPorts.rulePortProblems(`${id}.ports`, workload, ports));
    const secure = (ns: string) => this.chart.node.findAll()
      .find((c): c is SecureNamespace => c instanceof SecureNamespace && c.namespaceName === ns);
    const receiver = secure(to.namespace);
    const sender = from.labels ? secure(from.namespace) : undefined;
    if (receiver) trafficPolicy(receiver, `${id}-ingress`, 'Ingress', to, from, ports);
    if (sender) trafficPolicy(sender, `${id}-egress`, 'Egress', from, to, ports);
  }
}

function checkQuota(scope: Construct, q: NamespaceQuota): void {
  if (q === null || typeof q !== 'object') throw invalid('HK-QUOTA', scope, 'quota', q, 'expected a NamespaceQuota');
  for (const field of ['requestsCpu', 'limitsCpu'] as const) {
    const v: unknown = q[field];
    if (v !== undefined && !(typeof (v as kplus.Cpu).amount === 'string' && cpuToMillis(v as kplus.Cpu) >= 0)) {
      throw invalid('HK-QUOTA', scope, `quota.${field}`, (v as kplus.Cpu)?.amount ?? v, 'expected a Cpu of 0 or more, e.g. Cpu.units(4)');
    }
  }
  for (const field of ['requestsMemory', 'limitsMemory', 'requestsStorage'] as const) {
    const v: unknown = q[field];
    if (v !== undefined && !(typeof (v as Size).toKibibytes === 'function' && sizeToMebibytes(v as Size) >= 0)) {
      throw invalid('HK-QUOTA', scope, `quota.${field}`, v, 'expected a Size of 0 or more, e.g. Size.gibibytes(8)');
    }
  }
}
