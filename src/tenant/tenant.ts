import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type * as documentSchemaModule from './document-schema';
import { checkProps } from '../model/guard';
import { lazyModule } from '../model/lazy-module';
import { appliesTo, HIKUBE_API } from '../model/object-identity';
import { PlatformLine } from '../model/platform-line';
import { parseQuantity } from '../model/quantity';
import { addChecks, checkedJson, checkSubdomain, DNS1123_LABEL, type Finding, finding, problem, warn } from '../model/validation';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const documentSchema = lazyModule<typeof documentSchemaModule>(() => require('./document-schema'));

/** A shared service a tenant runs for itself and the tenants nested in it. */
export enum TenantService {
  /** Its own etcd, the data store of the control planes of its clusters and of its children's. */
  ETCD = 'etcd',
  /** Its own ingress-nginx on the management cluster. */
  INGRESS = 'ingress',
  /** Its own monitoring stack. */
  MONITORING = 'monitoring',
  /** Its own SeaweedFS object storage, behind the buckets. */
  SEAWEEDFS = 'seaweedfs',
  /** Its own Gateway on the management cluster for the platform's applications (platform v1.5+). */
  GATEWAY = 'gateway',
}

/** Properties of a tenant. */
export interface TenantProps {
  /**
   * Tenant name: a lower-case letter, then lower-case letters and digits (the platform splits names on dashes).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The tenant this one is nested in, when it is part of the app: the new tenant is created in its namespace,
   * inherits its services, and its quotas are checked against the parent's.
   * @default - the tenant of `parentNamespace`
   */
  readonly parent?: Tenant;
  /**
   * Namespace of the parent tenant when it is not part of the app; the `Tenant` resource is applied there.
   * @default "tenant-root" (or the namespace of `parent`)
   */
  readonly parentNamespace?: string;
  /**
   * Platform release line to render for.
   * @default - the parent's line, else `PlatformLine.DEFAULT`
   */
  readonly platformLine?: PlatformLine;
  /**
   * Host name under which the tenant's services are reached. From platform v1.5 only cluster administrators
   * may set it.
   * @default - `<name>.<parent host>`
   */
  readonly host?: string;
  /**
   * Run an etcd of its own for the control planes of its clusters (and its children's).
   * @default false - use the nearest ancestor's
   */
  readonly etcd?: boolean;
  /**
   * Run a monitoring stack of its own.
   * @default false - use the nearest ancestor's
   */
  readonly monitoring?: boolean;
  /**
   * Run an ingress controller of its own on the management cluster.
   * @default false - use the nearest ancestor's
   */
  readonly ingress?: boolean;
  /**
   * Run SeaweedFS object storage of its own, behind its buckets.
   * @default false - use the nearest ancestor's
   */
  readonly seaweedfs?: boolean;
  /**
   * Run a Gateway of its own on the management cluster for the platform's applications (platform v1.5+).
   * @default - unset: the nearest ancestor's
   */
  readonly gateway?: boolean;
  /**
   * Enforce the tenant's network policies (platform v0.41 only; later lines always isolate tenants).
   * @default true
   */
  readonly isolated?: boolean;
  /**
   * Name of a SchedulingClass applied to the tenant's workloads (platform v1.3+). A parent's class wins over
   * the child's.
   * @default - the parent's, else none
   */
  readonly schedulingClass?: string;
  /**
   * Run a ComputePlane of its own (platform main).
   * @default false
   */
  readonly computeplane?: boolean;
  /**
   * Resource quotas of the tenant namespace by resource name (`cpu`, `memory`, `storage`, `pods`,
   * `services.loadbalancers`, ...), as Kubernetes quantities.
   * @default - no quotas
   */
  readonly resourceQuotas?: { [resource: string]: string };
}

const API_VERSION = 'apps.cozystack.io/v1alpha1';
const KIND = 'Tenant';
const ROOT_NAMESPACE = 'tenant-root';
/** The chart splits the release name `tenant-<name>` on dashes. */
const TENANT_NAME = /^[a-z][a-z0-9]*$/;
/** The Helm release `tenant-<name>` must fit in 53 characters. */
const MAX_NAME = 46;
const QUANTITY = /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;
const RESOURCE_NAME = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/;

/**
 * A tenant on Hikube (`apps.cozystack.io/v1alpha1` `Tenant`): a namespace of its own for clusters and
 * applications, with quotas and the shared services it runs. The resource is applied in the parent tenant's
 * namespace; the tenant's namespace is `tenant-<name>` under the root tenant and `<parent namespace>-<name>`
 * deeper down. Give it to `HikubeClusterProps.tenant` to place a cluster in it.
 */
export class Tenant extends Chart {
  /** Name of the `Tenant` resource. */
  public readonly tenantName: string;
  /** The namespace the tenant gets, where its clusters and applications live. */
  public readonly tenantNamespace: string;
  /** The parent tenant's namespace, where the `Tenant` resource is applied. */
  public readonly parentNamespace: string;
  /** The parent tenant, when it is part of the app. */
  public readonly parent?: Tenant;
  /** Platform line the tenant is rendered for. */
  public readonly platformLine: PlatformLine;
  /** The `Tenant` resource. */
  public readonly resource: ApiObject;
  /** Properties as given. */
  public readonly props: TenantProps;
  private readonly children: Tenant[] = [];

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props the tenant: name, parent, services, quotas
   */
  public constructor(scope: Construct, id: string, props: TenantProps = {}) {
    const parentNamespace = checkProps(scope, id, 'TenantProps', props).parent?.tenantNamespace ?? props.parentNamespace ?? ROOT_NAMESPACE;
    super(scope, id, { namespace: parentNamespace, disableResourceNameHashes: true });
    this.props = props;
    this.tenantName = props.name ?? id;
    this.parent = props.parent;
    this.parentNamespace = parentNamespace;
    this.tenantNamespace = parentNamespace === ROOT_NAMESPACE ? `tenant-${this.tenantName}` : `${parentNamespace}-${this.tenantName}`;
    this.platformLine = props.platformLine ?? props.parent?.platformLine ?? PlatformLine.DEFAULT;
    props.parent?.children.push(this);
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: { name: this.tenantName, namespace: parentNamespace },
      spec: this.renderSpec(),
    });
    appliesTo(this, HIKUBE_API);
    addChecks(this, () => this.check());
  }

  /** The tenants of the app nested directly in this one. */
  public get childTenants(): Tenant[] {
    return [...this.children];
  }

  /**
   * The namespace of the tenant that runs a shared service for this one: its own when it turns the service
   * on, else its nearest ancestor's in the app. Undefined when no tenant of the app up the chain runs it (the
   * root tenant or a tenant outside the app may).
   *
   * @param service the shared service
   */
  public serviceNamespace(service: TenantService): string | undefined {
    if (this.props[service as keyof TenantProps] === true) return this.tenantNamespace;
    return this.parent?.serviceNamespace(service);
  }

  /** The scheduling class the platform applies: the nearest ancestor's that has one wins over the tenant's own. */
  public get effectiveSchedulingClass(): string | undefined {
    return this.parent?.effectiveSchedulingClass ?? this.props.schedulingClass;
  }

  private renderSpec(): Record<string, unknown> {
    const p = this.props;
    const spec: Record<string, unknown> = {};
    for (const key of ['host', 'etcd', 'monitoring', 'ingress', 'seaweedfs', 'gateway', 'isolated', 'schedulingClass', 'computeplane', 'resourceQuotas'] as const) {
      if (p[key] !== undefined) spec[key] = p[key];
    }
    return spec;
  }

  private check(): Finding[] {
    const p = this.props;
    const line = this.platformLine;
    const errors: Finding[] = [];
    if (!TENANT_NAME.test(this.tenantName) || this.tenantName.length > MAX_NAME) {
      errors.push(problem('HK-TENANT-NAME', 'metadata.name', this.tenantName,
        `a tenant name is a lower-case letter followed by lower-case letters and digits, at most ${MAX_NAME} characters; the platform splits names on "-", so write e.g. ${JSON.stringify(this.tenantName.toLowerCase().replace(/[^a-z0-9]/g, '') || 'acme')}`));
    } else if (this.tenantNamespace.length > 63) {
      errors.push(problem('HK-TENANT-NAME', 'metadata.name', this.tenantName, `the tenant's namespace ${this.tenantNamespace} must fit in 63 characters`));
    }
    if (p.parent !== undefined && p.parentNamespace !== undefined) {
      errors.push(problem('HK-TENANT', 'parentNamespace', p.parentNamespace, 'give the parent tenant or its namespace, not both'));
    } else if (p.parentNamespace !== undefined && (!DNS1123_LABEL.test(p.parentNamespace) || !p.parentNamespace.startsWith('tenant-'))) {
      errors.push(problem('HK-TENANT', 'parentNamespace', p.parentNamespace, 'expected a tenant namespace: tenant-root or tenant-<name>[-<name>...]'));
    }
    if (p.parent && p.parent.platformLine !== line) {
      errors.push(problem('HK-TENANT', 'platformLine', line.name, `a tenant runs on its parent's platform, line ${p.parent.platformLine.name}`));
    }
    for (const key of Object.keys(this.renderSpec())) {
      if (!line.tenantFields.includes(key)) {
        const others = PlatformLine.all().filter((l) => l.tenantFields.includes(key)).map((l) => l.name);
        errors.push(finding('HK-LINE-FIELD', key, `a tenant has no ${key} on platform line ${line.name}; lines ${others.join(', ')} have it`));
      }
    }
    if (p.host !== undefined) {
      const err = checkSubdomain('HK-HOST', 'host', p.host, 'a host name');
      if (err) {
        errors.push(err);
      } else if (line.tenantHostAdminOnly) {
        warn(this, finding('HK-TENANT-HOST', 'host', 'from platform line v1.5 an admission policy lets only cluster administrators set a tenant\'s host; a tenant user\'s request is refused (leave it unset for <name>.<parent host>)'));
      }
    }
    if (p.schedulingClass !== undefined) {
      const err = checkSubdomain('HK-TENANT', 'schedulingClass', p.schedulingClass, 'a SchedulingClass name');
      if (err) errors.push(err);
      const inherited = this.parent?.effectiveSchedulingClass;
      if (inherited !== undefined && inherited !== p.schedulingClass) {
        warn(this, finding('HK-TENANT-INHERITED', 'schedulingClass', `the parent's scheduling class ${JSON.stringify(inherited)} wins; the platform ignores this tenant's ${JSON.stringify(p.schedulingClass)}`));
      }
    }
    // The final document, JSON patches included: its schema, then the quotas as the platform receives them.
    const spec = checkedJson(this, this.resource).spec ?? {};
    const quotas = this.checkQuotas(spec.resourceQuotas);
    // A quota the tenant's own rule refuses is not refused a second time by the schema's pattern.
    const ruled = new Set(quotas.map((f) => `spec.${f.field}`));
    errors.push(...documentSchema.checkDocumentSchema(this, 'Tenant', line, spec, this.renderSpec()).filter((f) => !ruled.has(f.field)), ...quotas);
    return errors;
  }

  private checkQuotas(final: unknown): Finding[] {
    const quotas = this.props.resourceQuotas ?? {};
    const errors: Finding[] = [];
    const written = final !== null && typeof final === 'object' && !Array.isArray(final) ? final as Record<string, unknown> : {};
    for (const [resource, value] of Object.entries(written)) {
      if (!RESOURCE_NAME.test(resource)) {
        errors.push(problem('HK-TENANT', `resourceQuotas.${resource}`, resource, 'expected a resource name such as cpu, memory, storage, pods or services.loadbalancers'));
      }
      // The platform takes numbers for quantities as well; the typed props take strings, which the guard checks.
      const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
      if (typeof text !== 'string' || !QUANTITY.test(text)) {
        errors.push(problem('HK-TENANT', `resourceQuotas.${resource}`, value, 'expected a Kubernetes quantity such as 4, 500m or 16Gi'));
      } else if (parseQuantity(text) < 0) {
        errors.push(problem('HK-TENANT', `resourceQuotas.${resource}`, value, 'a quota cannot be negative; expected a Kubernetes quantity of 0 or more, such as 4, 500m or 16Gi'));
      }
    }
    const parentQuotas = this.parent?.props.resourceQuotas;
    if (!parentQuotas) return errors;
    for (const [resource, value] of Object.entries(quotas)) {
      const limit = parentQuotas[resource];
      if (limit === undefined || !QUANTITY.test(limit) || !QUANTITY.test(value)) continue;
      const siblings = this.parent!.children
        .filter((c) => c !== this && c.props.resourceQuotas?.[resource] !== undefined && QUANTITY.test(c.props.resourceQuotas[resource]));
      const taken = siblings.reduce((sum, c) => sum + parseQuantity(c.props.resourceQuotas![resource]), 0);
      if (parseQuantity(value) + taken > parseQuantity(limit)) {
        const others = siblings.length > 0 ? `, of which its other children take ${siblings.map((c) => `${c.tenantName} ${c.props.resourceQuotas![resource]}`).join(', ')}` : '';
        errors.push(problem('HK-TENANT-QUOTA', `resourceQuotas.${resource}`, value,
          `exceeds what the parent tenant ${this.parent!.tenantName} declares (${limit}${others}); the platform refuses it from v1.6.0, and before it the children overcommit the parent`));
      }
    }
    return errors;
  }
}
