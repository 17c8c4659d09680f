import { ApiObject, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PodSecurity, PodSecurityLevel } from './pod-security';
import { TenantClusterChart } from './tenant-cluster-chart';
import { formatCpu, formatSize } from '../model/quantity';
import { addChecks, DNS1123_LABEL, invalid, problem } from '../model/validation';

/** Who gets access to a namespace. */
export class AccessSubject {
  /**
   * A user, as the API server authenticates it (e.g. an OIDC e-mail).
   *
   * @param name the user name, as the API server authenticates it
   */
  public static user(name: string): AccessSubject {
    return new AccessSubject('User', name);
  }

  /**
   * A group.
   *
   * @param name the group name, as the API server authenticates it
   */
  public static group(name: string): AccessSubject {
    return new AccessSubject('Group', name);
  }

  /**
   * A service account in some namespace.
   *
   * @param namespace the namespace of the service account
   * @param name the service account name
   */
  public static serviceAccount(namespace: string, name: string): AccessSubject {
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

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props the namespace's access subjects, quota, limits and network exceptions
   */
  public constructor(scope: Construct, id: string, props: SecureNamespaceProps = {}) {
    super(scope, id);
    const chart = TenantClusterChart.enclosing(this);
    const name = props.name ?? id;
    this.namespaceName = name;
    const level = props.podSecurity ?? PodSecurityLevel.RESTRICTED;

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
      if (!IPV4_CIDR.test(cidr)) throw invalid(this, 'allowEgressTo', cidr, 'expected an IPv4 CIDR such as 10.0.0.0/8');
    }
    const here = kplus.Namespaces.select(this, 'Here', { names: [name] });
    const allowIngressFrom: kplus.NetworkPolicyRule[] = [{ peer: kplus.Pods.all(this, 'SameNamespace', { namespaces: here }) }];
    if (props.allowFromIngress ?? chart.ingress !== undefined) {
      allowIngressFrom.push({ peer: kplus.Namespaces.select(this, 'IngressController', { names: [chart.ingressNamespace] }) });
    }
    const dns = kplus.Pods.select(this, 'Dns', {
      labels: { 'k8s-app': 'kube-dns' },
      namespaces: kplus.Namespaces.select(this, 'KubeSystem', { names: ['kube-system'] }),
    });
    const allowEgressTo: kplus.NetworkPolicyRule[] = [
      { peer: dns, ports: [kplus.NetworkPolicyPort.udp(53), kplus.NetworkPolicyPort.tcp(53)] },
      { peer: kplus.Pods.all(this, 'SameNamespaceEgress', { namespaces: here }) },
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

    const q = props.quota ?? {};
    new ApiObject(this, 'Quota', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'default', namespace: name },
      spec: {
        hard: {
          'requests.cpu': formatCpu(q.requestsCpu ?? kplus.Cpu.units(4)),
          'requests.memory': formatSize(q.requestsMemory ?? Size.gibibytes(8)),
          'limits.cpu': formatCpu(q.limitsCpu ?? kplus.Cpu.units(8)),
          'limits.memory': formatSize(q.limitsMemory ?? Size.gibibytes(16)),
          'requests.storage': formatSize(q.requestsStorage ?? Size.gibibytes(100)),
          'pods': String(q.pods ?? 50),
          'persistentvolumeclaims': String(q.persistentVolumeClaims ?? 10),
        },
      },
    });
    new ApiObject(this, 'Limits', {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'default', namespace: name },
      spec: { limits: [{ type: 'Container', default: DEFAULT_LIMITS, defaultRequest: DEFAULT_REQUESTS }] },
    });

    addChecks(this, () => {
      const errors: string[] = [];
      // The API server would refuse these pods at apply time; say so now, with the workload's path.
      for (const obj of chart.node.findAll()) {
        if (!(obj instanceof ApiObject) || obj.metadata.namespace !== name) continue;
        const found = PodSecurity.violations(obj.toJson(), level);
        if (found.length > 0) {
          errors.push(problem(`${obj.kind} ${obj.name}`, found, `namespace ${name} enforces Pod Security "${level}"; use PodSecurity.restrictedContainerContext() for containers or lower podSecurity`));
        }
      }
      if (!DNS1123_LABEL.test(name) || name.length > 63) errors.push(problem('metadata.name', name, 'a namespace name must be a lower-case DNS label of at most 63 characters'));
      if (name.startsWith('kube-') || name.startsWith('cozy-')) errors.push(problem('metadata.name', name, 'the kube- and cozy- prefixes belong to the platform'));
      for (const [field, value] of Object.entries({ pods: q.pods, persistentVolumeClaims: q.persistentVolumeClaims })) {
        if (value !== undefined && (!Number.isInteger(value) || value < 0)) errors.push(problem(`quota.${field}`, value, 'expected a whole number, 0 or more'));
      }
      return errors;
    });
    this.node.defaultChild = ns;
  }
}
