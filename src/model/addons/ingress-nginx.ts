import { Addon, AddonContext, AddonFindings, AddonValuesOptions } from './addon';
import { NodeRole } from '../node-role';
import { problem } from '../validation';

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
}

const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;

/**
 * The ingress-nginx controller (`addons.ingressNginx`). It runs as a DaemonSet on nodes with the
 * `ingress-nginx` role, so at least one node group must carry `NodeRole.INGRESS_NGINX`.
 */
export class IngressNginx extends Addon {
  /** Spec key of this add-on. */
  public static readonly KEY = 'ingressNginx';

  /** How the controller is exposed. */
  public readonly exposeMethod: ExposeMethod;
  /** Domains routed to the cluster (Proxied only). */
  public readonly hosts: string[];

  /**
   * @param props the add-on's settings; `valuesOverride` is deep-merged over the platform's values
   */
  public constructor(props: IngressNginxProps = {}) {
    super(IngressNginx.KEY, true, props.valuesOverride);
    this.exposeMethod = props.exposeMethod ?? ExposeMethod.PROXIED;
    this.hosts = [...(props.hosts ?? [])];
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
      errors.push(problem(`${ctx.field}.exposeMethod`, this.exposeMethod, `allowed: ${Object.values(ExposeMethod).join(', ')}`));
    }
    if (this.hosts.length > 0 && this.exposeMethod !== ExposeMethod.PROXIED) {
      errors.push(problem(`${ctx.field}.hosts`, this.hosts, 'hosts are routed only with exposeMethod Proxied; remove them or use ExposeMethod.PROXIED'));
    }
    const seen = new Set<string>();
    for (const host of this.hosts) {
      if (typeof host !== 'string' || host.length > 253 || !HOST.test(host)) {
        errors.push(problem(`${ctx.field}.hosts`, host, 'each host must be a lower-case DNS name with at least two labels, optionally starting with "*."'));
      } else if (seen.has(host)) {
        errors.push(problem(`${ctx.field}.hosts`, host, 'hosts must be unique'));
      }
      seen.add(host);
    }
    const ingressGroups = ctx.effectiveGroups.filter((g) => g.roles.some((r) => r.name === NodeRole.INGRESS_NGINX.name));
    if (ingressGroups.length === 0) {
      errors.push(`${ctx.field}.enabled: ingress-nginx runs only on nodes with the role "ingress-nginx", and no node group has it; add NodeRole.INGRESS_NGINX to a node group`);
    } else if (ingressGroups.every((g) => g.minReplicas === 0)) {
      warnings.push(`${ctx.field}: every node group with the ingress-nginx role (${ingressGroups.map((g) => g.name).join(', ')}) has minReplicas 0; the controller waits until the autoscaler adds a node`);
    }
    return { errors, warnings };
  }
}
