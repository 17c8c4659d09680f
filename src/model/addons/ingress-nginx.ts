import { ContainerResources } from 'cdk8s-plus-28';
import { Addon, AddonContext, AddonFindings, AddonValuesOptions } from './addon';
import { CertManager } from './cert-manager';
import { type AddonDescriptor, EnumMember, take } from './descriptor';
import { checkProps } from '../guard';
import { isPlainObject, mergeValues } from '../merge';
import { NodeRole } from '../node-role';
import { cpuToMillis, formatCpu, formatSize } from '../quantity';
import { type Finding, finding, problem } from '../validation';

/** How the ingress-nginx controller is reached from outside. */
export enum ExposeMethod {
  /** Through the platform's shared ingress, for the `hosts` listed (the default). */
  PROXIED = 'Proxied',
  /** Through a LoadBalancer Service of its own. */
  LOAD_BALANCER = 'LoadBalancer',
}

/** Options for ingress-nginx. */
export interface IngressNginxProps extends AddonValuesOptions {
  /**
   * How the controller is exposed.
   * @default ExposeMethod.PROXIED
   */
  readonly exposeMethod?: ExposeMethod;

  /**
   * Domains the platform routes to this cluster. Only meaningful with `ExposeMethod.PROXIED`.
   * A leading `*.` wildcard is allowed.
   * @default - none
   */
  readonly hosts?: string[];

  /**
   * Run the controller as a Deployment of this many pods instead of the DaemonSet the platform forces
   * (one pod per node). With `ExposeMethod.PROXIED` the platform forwards to the NodePorts of every
   * ingress-role node, so the library also sets the Service's `externalTrafficPolicy` to `Cluster`: a
   * node without a controller pod then passes the traffic on instead of dropping it, and the controller
   * sees the node's address rather than the client's.
   * @default - a DaemonSet
   */
  readonly replicas?: number;

  /**
   * Requests and limits of the controller container.
   * @default - the platform's: requests 100m CPU / 90Mi, limits 1 CPU / 2048Mi
   */
  readonly resources?: ContainerResources;

  /**
   * Pin the controller to nodes with the `ingress-nginx` role. The platform writes its node selector at
   * a level the chart does not read, so without this the controller runs on every worker.
   * @default false
   */
  readonly pinToIngressNodes?: boolean;
}

const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;

/**
 * The ingress-nginx controller (`addons.ingressNginx`). The platform routes traffic to nodes with the
 * `ingress-nginx` role, so at least one node group must carry `NodeRole.INGRESS_NGINX`. It runs the
 * controller as a DaemonSet; its node selector is written where the chart does not read it, so the
 * controller lands on every worker unless `pinToIngressNodes` is set. `replicas` and `resources` are typed
 * values merged into `valuesOverride` (`ingress-nginx.controller`).
 */
export class IngressNginx extends Addon {
  /** Spec key of this add-on. */
  public static readonly KEY = 'ingressNginx';

  /** How the controller is exposed. */
  public readonly exposeMethod: ExposeMethod;
  /** Domains routed to the cluster (Proxied only). */
  public readonly hosts: string[];
  /** Controller replicas as a Deployment, if set. */
  public readonly replicas?: number;
  /** Controller resources, if set. */
  public readonly resources?: ContainerResources;
  /** Whether the controller is pinned to ingress-role nodes. */
  public readonly pinToIngressNodes: boolean;

  /**
   * @param props the add-on's settings; `valuesOverride` is deep-merged over the platform's values
   */
  public constructor(props: IngressNginxProps = {}) {
    super(IngressNginx.KEY, INGRESS_NGINX_ADDON.toggled, checkProps('IngressNginx', undefined, 'IngressNginxProps', props, { ExposeMethod }).valuesOverride);
    this.exposeMethod = props.exposeMethod ?? ExposeMethod.PROXIED;
    // A frozen copy: the caller's list stays theirs, and a host pushed later is refused instead of written
    // unchecked by a second synth.
    this.hosts = Object.freeze(Array.isArray(props.hosts) ? [...props.hosts] : []) as string[];
    this.replicas = props.replicas;
    this.resources = props.resources;
    this.pinToIngressNodes = props.pinToIngressNodes ?? false;
  }

  /** @internal */
  public get _descriptor(): AddonDescriptor {
    return INGRESS_NGINX_ADDON;
  }

  /** @internal */
  public _typedValues(): Record<string, any> | undefined {
    const controller: Record<string, any> = {};
    if (this.replicas !== undefined) {
      controller.kind = 'Deployment';
      controller.replicaCount = this.replicas;
      if (this.exposeMethod === ExposeMethod.PROXIED) controller.service = { externalTrafficPolicy: 'Cluster' };
    }
    const resources = renderResources(this.resources);
    if (resources) controller.resources = resources;
    if (this.pinToIngressNodes) controller.nodeSelector = { [`node-role.kubernetes.io/${NodeRole.INGRESS_NGINX.name}`]: '' };
    return Object.keys(controller).length > 0 ? { 'ingress-nginx': { controller } } : undefined;
  }

  /** @internal */
  public _typedOptionAt(path: string): string {
    if (path.startsWith('ingress-nginx.controller.resources')) return 'the typed option resources';
    if (path.startsWith('ingress-nginx.controller.nodeSelector')) return 'the typed option pinToIngressNodes';
    return 'the typed option replicas';
  }

  /**
   * Whether a host name is routed to this cluster, wildcards included.
   *
   * @param host a host name
   */
  public routesHost(host: string): boolean {
    return this.exposeMethod === ExposeMethod.PROXIED && this.hosts.some((h) =>
      h === host || (h.startsWith('*.') && host.endsWith(h.slice(1)) && !host.slice(0, -h.length + 1).includes('.')));
  }

  /** @internal */
  public _extraFields(): Record<string, any> {
    return {
      ...(this.exposeMethod !== ExposeMethod.PROXIED ? { exposeMethod: this.exposeMethod } : {}),
      ...(this.hosts.length > 0 ? { hosts: this.hosts } : {}),
    };
  }

  /** @internal */
  public _check(ctx: AddonContext): AddonFindings {
    const { errors, warnings } = super._check(ctx);
    if (!Object.values(ExposeMethod).includes(this.exposeMethod)) {
      errors.push(problem('HK-INGRESS', `${ctx.field}.exposeMethod`, this.exposeMethod, `allowed: ${Object.values(ExposeMethod).join(', ')}`));
    }
    if (this.hosts.length > 0 && this.exposeMethod !== ExposeMethod.PROXIED) {
      errors.push(problem('HK-INGRESS', `${ctx.field}.hosts`, this.hosts, 'hosts are routed only with exposeMethod Proxied; remove them or use ExposeMethod.PROXIED'));
    }
    if (!Array.isArray(this.hosts)) {
      errors.push(problem('HK-INGRESS', `${ctx.field}.hosts`, this.hosts, 'expected a list of host names'));
      return { errors, warnings };
    }
    if (this.replicas !== undefined && (typeof this.replicas !== 'number' || !Number.isInteger(this.replicas) || this.replicas < 1)) {
      errors.push(problem('HK-INGRESS', `${ctx.field}.replicas`, this.replicas, 'expected a whole number of controller pods, 1 or more'));
    }
    errors.push(...resourceProblems(`${ctx.field}.resources`, this.resources));
    const controller = this.valuesOverride?.['ingress-nginx']?.controller;
    if (isPlainObject(controller) && controller.replicaCount !== undefined && controller.kind !== 'Deployment' && this.replicas === undefined) {
      warnings.push(finding('HK-VALUES-IGNORED', `${ctx.field}.valuesOverride.ingress-nginx.controller.replicaCount`, 'ignored, the platform runs the controller as a DaemonSet (one pod per node); use the typed replicas option, which also switches to a Deployment'));
    }
    if (isPlainObject(this.valuesOverride?.['ingress-nginx']) && this.valuesOverride!['ingress-nginx'].nodeSelector !== undefined) {
      warnings.push(finding('HK-VALUES-IGNORED', `${ctx.field}.valuesOverride.ingress-nginx.nodeSelector`, 'ignored, the chart reads controller.nodeSelector; use the typed pinToIngressNodes option'));
    }
    const seen = new Set<string>();
    for (const host of this.hosts) {
      if (typeof host !== 'string' || host.length > 253 || !HOST.test(host)) {
        errors.push(problem('HK-INGRESS', `${ctx.field}.hosts`, host, 'each host must be a lower-case DNS name with at least two labels, optionally starting with "*."'));
      } else if (seen.has(host)) {
        errors.push(problem('HK-INGRESS', `${ctx.field}.hosts`, host, 'hosts must be unique'));
      }
      seen.add(host);
    }
    const ingressGroups = ctx.effectiveGroups.filter((g) => g.roles.some((r) => r.name === NodeRole.INGRESS_NGINX.name));
    if (ingressGroups.length === 0) {
      errors.push(finding('HK-INGRESS', `${ctx.field}.enabled`, 'ingress-nginx runs only on nodes with the role "ingress-nginx", and no node group has it; add NodeRole.INGRESS_NGINX to a node group'));
    } else if (ingressGroups.every((g) => g.minReplicas === 0)) {
      warnings.push(finding('HK-INGRESS-IDLE', ctx.field, `every node group with the ingress-nginx role (${ingressGroups.map((g) => g.name).join(', ')}) has minReplicas 0; the controller waits until the autoscaler adds a node`));
    }
    return { errors, warnings };
  }
}

/** The controller's release, and the exposure and hosts a manifest sets beside its values. */
export const INGRESS_NGINX_ADDON: AddonDescriptor<IngressNginx> = {
  key: IngressNginx.KEY,
  toggled: true,
  takesValues: true,
  chart: { charts: 'ingress-nginx', keys: ['ingress-nginx'] },
  releases: [{
    name: 'ingress-nginx',
    component: 'ingress-nginx',
    targetNamespace: 'cozy-ingress-nginx',
    dependsOn: () => ['cilium'],
    values: (c) => {
      const ingress = c.addon(IngressNginx.KEY);
      const proxied = !(ingress instanceof IngressNginx) || ingress.exposeMethod === ExposeMethod.PROXIED;
      return mergeValues({
        'ingress-nginx': {
          fullnameOverride: 'ingress-nginx',
          controller: {
            kind: 'DaemonSet',
            nodeSelector: { 'node-role.kubernetes.io/ingress-nginx': '' },
            ...(proxied ? { service: { type: 'NodePort', nodePorts: { http: 30000, https: 30001 } } } : {}),
            ...(c.has(CertManager.KEY) ? {} : { admissionWebhooks: { certManager: { enabled: false } } }),
          },
        },
      }, c.override(IngressNginx.KEY));
    },
  }],
  // The typed replicas, resources and pinning read back as the values they wrote, which render the same.
  fromManifest: ({ raw, values }) => {
    const exposeMethod = typeof raw.exposeMethod === 'string' ? take(raw, 'exposeMethod') as ExposeMethod : undefined;
    const hosts = Array.isArray(raw.hosts) && raw.hosts.every((h: unknown) => typeof h === 'string') ? take(raw, 'hosts') : undefined;
    return new IngressNginx({ exposeMethod, hosts, valuesOverride: values });
  },
  typedProps: (ingress) => ({
    ...(ingress.exposeMethod !== ExposeMethod.PROXIED ? { exposeMethod: new EnumMember('ExposeMethod', ExposeMethod, ingress.exposeMethod) } : {}),
    ...(ingress.hosts.length > 0 ? { hosts: ingress.hosts } : {}),
  }),
};

/** Kubernetes requests and limits from cdk8s-plus resources; undefined when none is set. */
function renderResources(r: ContainerResources | undefined): Record<string, any> | undefined {
  if (r === undefined || typeof r !== 'object' || r === null) return undefined;
  const side = (pick: 'request' | 'limit') => {
    const cpu = r.cpu?.[pick];
    const memory = r.memory?.[pick];
    return {
      ...(cpu && typeof cpu === 'object' ? { cpu: formatCpu(cpu) } : {}),
      ...(memory && typeof memory === 'object' && typeof memory.toMebibytes === 'function' ? { memory: formatSize(memory) } : {}),
    };
  };
  const requests = side('request');
  const limits = side('limit');
  const out = {
    ...(Object.keys(requests).length > 0 ? { requests } : {}),
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}

function resourceProblems(field: string, r: ContainerResources | undefined): Finding[] {
  if (r === undefined) return [];
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return [problem('HK-INGRESS', field, r, 'expected { cpu: { request, limit }, memory: { request, limit } } with Cpu and Size values')];
  const out: Finding[] = [];
  for (const pick of ['request', 'limit'] as const) {
    const cpu = r.cpu?.[pick];
    const memory = r.memory?.[pick];
    if (cpu !== undefined && (typeof cpu !== 'object' || typeof (cpu as any).amount !== 'string')) out.push(problem('HK-INGRESS', `${field}.cpu.${pick}`, cpu, 'expected Cpu.millis() or Cpu.units()'));
    if (memory !== undefined && (typeof memory !== 'object' || typeof (memory as any).toMebibytes !== 'function')) out.push(problem('HK-INGRESS', `${field}.memory.${pick}`, memory, 'expected a Size, such as Size.mebibytes(512)'));
  }
  if (out.length > 0) return out;
  const { cpu, memory } = r;
  if (cpu?.request && cpu.limit && cpuToMillis(cpu.request) > cpuToMillis(cpu.limit)) {
    out.push(problem('HK-INGRESS', `${field}.cpu.request`, formatCpu(cpu.request), `the request cannot exceed the limit (${formatCpu(cpu.limit)})`));
  }
  if (memory?.request && memory.limit && memory.request.toMebibytes() > memory.limit.toMebibytes()) {
    out.push(problem('HK-INGRESS', `${field}.memory.request`, formatSize(memory.request), `the request cannot exceed the limit (${formatSize(memory.limit)})`));
  }
  return out;
}
