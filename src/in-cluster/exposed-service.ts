import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { LetsEncryptIssuer } from './lets-encrypt-issuer';
import { TenantClusterChart } from './tenant-cluster-chart';
import { checkWorkload, IWorkload } from './workload';
import { ExposeMethod, IngressNginx } from '../model/addons/ingress-nginx';
import { checkProps } from '../model/guard';
import { isOrdinaryObject } from '../model/merge';
import { addChecks, dnsLabelFrom, invalid, problem, type Finding } from '../model/validation';

/** The TLS Secret is named after the construct id, made a valid name; an id with nothing usable is refused. */
function tlsSecretPrefix(scope: Construct, id: string): string {
  const label = dnsLabelFrom(id);
  if (!label) throw invalid('HK-OBJECT-NAME', scope, 'id', id, 'the TLS Secret is named after the construct id, which needs letters or digits');
  return label.slice(0, 59);
}

/**
 * Gives a cdk8s-plus Ingress a dictionary for its rules by host before any rule is added.
 *
 * cdk8s-plus keeps them in an empty object literal keyed by host. In V8, the first key added to an empty
 * literal becomes a transition of the one hidden class that every `{}` starts from; with a thousand or more
 * live objects whose first keys all differ (one Ingress per cluster, each with its own host), building any
 * object from `{}` slows down, and cdk8s builds every document that way: a fleet of 1,500 clusters
 * synthesized three times slower per cluster. A null-prototype object is a dictionary from the start, so
 * its keys add no transition; it enumerates in insertion order like the original, so the output is the same.
 * Left alone when the field is not the empty object this expects (another cdk8s-plus release).
 */
function keepHostsOffSharedShape(ingress: kplus.Ingress): void {
  const fields = ingress as unknown as { _rulesPerHost?: unknown };
  const rules = fields._rulesPerHost;
  if (isOrdinaryObject(rules) && Object.getPrototypeOf(rules) !== null && Object.keys(rules).length === 0) {
    fields._rulesPerHost = Object.create(null);
  }
}

/** How a workload is exposed. */
export enum Exposure {
  /** An Ingress on the cluster's ingress-nginx, with TLS from an issuer. */
  INGRESS = 'ingress',
  /** A LoadBalancer Service (the platform gives it an address in the tenant namespace). */
  LOAD_BALANCER = 'load-balancer',
}

/** Properties of an exposed service. */
export interface ExposedServiceProps {
  /** The workload to expose (a cdk8s-plus Deployment, StatefulSet or DaemonSet of any supported major version). */
  readonly workload: IWorkload;
  /** Port the workload listens on. */
  readonly port: number;
  /**
   * How to expose it.
   * @default Exposure.INGRESS
   */
  readonly exposure?: Exposure;
  /**
   * Host name (Ingress only); with a Proxied ingress it must be one the platform routes to the cluster.
   * @default - required for Exposure.INGRESS
   */
  readonly host?: string;
  /**
   * Issuer of the TLS certificate (Ingress only).
   * @default - required for Exposure.INGRESS
   */
  readonly issuer?: LetsEncryptIssuer;
  /**
   * Port of the Service.
   * @default - 443 for a LoadBalancer, 80 behind an Ingress
   */
  readonly servicePort?: number;
}

/**
 * Exposes a cdk8s-plus workload: through an Ingress with a TLS certificate from a cert-manager issuer
 * (the host checked against the cluster's ingress hosts when the ingress is Proxied), or through a
 * LoadBalancer Service.
 */
export class ExposedService extends Construct {
  /** The Service in front of the workload. */
  public readonly service: kplus.Service;
  /** The Ingress, for `Exposure.INGRESS`. */
  public readonly ingress?: kplus.Ingress;

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props the workload, its port, and how it is exposed
   */
  public constructor(scope: Construct, id: string, props: ExposedServiceProps) {
    super(scope, id);
    checkProps(this, undefined, 'ExposedServiceProps', props, { Exposure });
    const chart = TenantClusterChart.enclosing(this);
    const exposure = props.exposure ?? Exposure.INGRESS;
    const viaIngress = exposure === Exposure.INGRESS;
    const workload = checkWorkload(this, 'workload', props.workload);
    const namespace = workload.apiObject.metadata.namespace;
    this.service = new kplus.Service(this, 'Service', {
      metadata: { namespace },
      type: viaIngress ? kplus.ServiceType.CLUSTER_IP : kplus.ServiceType.LOAD_BALANCER,
      ports: [{ port: props.servicePort ?? (viaIngress ? 80 : 443), targetPort: props.port }],
    });
    for (const [key, value] of Object.entries(workload.matchLabels)) this.service.selectLabel(key, value);
    if (viaIngress && props.host && props.issuer) {
      this.ingress = new kplus.Ingress(this, 'Ingress', {
        metadata: { namespace, annotations: { 'cert-manager.io/cluster-issuer': props.issuer.issuerName } },
        className: chart.ingressClassName,
        tls: [{ hosts: [props.host], secret: kplus.Secret.fromSecretName(this, 'Tls', `${tlsSecretPrefix(this, id)}-tls`) }],
      });
      keepHostsOffSharedShape(this.ingress);
      this.ingress.addHostDefaultBackend(props.host, kplus.IngressBackend.fromService(this.service));
    }
    addChecks(this, () => {
      const errors: Finding[] = [];
      if (!Number.isInteger(props.port) || props.port < 1 || props.port > 65535) errors.push(problem('HK-EXPOSURE', 'port', props.port, 'expected a port from 1 to 65535'));
      if (!viaIngress) {
        if (props.host !== undefined || props.issuer !== undefined) {
          errors.push(problem('HK-EXPOSURE', 'exposure', exposure, 'a LoadBalancer Service passes TCP through; host and TLS issuer apply to Exposure.INGRESS'));
        }
        return errors;
      }
      const ingress = chart.ingress;
      const noIngress = chart._missingAddon(IngressNginx.KEY, 'IngressNginx', 'an Ingress (use Exposure.LOAD_BALANCER otherwise)');
      if (noIngress) errors.push(noIngress);
      if (!props.host) errors.push(problem('HK-EXPOSURE', 'host', props.host, 'an Ingress needs a host name'));
      if (!props.issuer) errors.push(problem('HK-EXPOSURE', 'issuer', props.issuer, 'an Ingress is served with TLS; pass a LetsEncryptIssuer'));
      if (ingress && props.host && ingress.exposeMethod === ExposeMethod.PROXIED && !ingress.routesHost(props.host)) {
        errors.push(problem('HK-EXPOSURE', 'host', props.host, `the cluster's Proxied ingress receives only ${ingress.hosts.join(', ') || 'no hosts'}; add the host to IngressNginx hosts`));
      }
      return errors;
    });
  }
}
