import { ApiObject, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { claimHosts, hostOwnerProblems, hostProblems, PathMatch, pathProblems, portProblems, serviceFor } from './exposure';
import type * as issuerReferencesModule from './issuer-references';
import { LetsEncryptIssuer } from './lets-encrypt-issuer';
import { childObjectName, stringList } from './names';
import { TenantClusterChart } from './tenant-cluster-chart';
import { checkWorkload, IWorkload } from './workload';
import { ExposeMethod, IngressNginx } from '../model/addons/ingress-nginx';
import { checkProps } from '../model/guard';
import { lazyModule } from '../model/lazy-module';
import { isOrdinaryObject } from '../model/merge';
import { sizeToMebibytes } from '../model/quantity';
import { addChecks, checkWholeSeconds, dnsLabelFrom, DNS1123_SUBDOMAIN, invalid, problem, type Finding } from '../model/validation';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const issuerReferences = lazyModule<typeof issuerReferencesModule>(() => require('./issuer-references'));

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
  /** An Ingress on the cluster's ingress-nginx, with TLS from an issuer (or plain HTTP when asked for). */
  INGRESS = 'ingress',
  /** A LoadBalancer Service (the platform gives it an address in the tenant namespace). */
  LOAD_BALANCER = 'load-balancer',
}

/** Protocol ingress-nginx speaks to the workload. */
export enum BackendProtocol {
  /** Plain HTTP/1.1. */
  HTTP = 'HTTP',
  /** HTTP over TLS. */
  HTTPS = 'HTTPS',
  /** gRPC over cleartext HTTP/2. */
  GRPC = 'GRPC',
  /** gRPC over TLS. */
  GRPCS = 'GRPCS',
}

/**
 * The ingress-nginx settings most Ingresses need, written as its `nginx.ingress.kubernetes.io/` annotations
 * (https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/).
 */
export interface IngressNginxSettings {
  /**
   * Path the request is rewritten to before it reaches the workload (`rewrite-target`); with
   * `PathMatch.REGEX` it may use the path's capture groups (`/$2`).
   * @default - the path is passed unchanged
   */
  readonly rewriteTarget?: string;
  /**
   * Redirect HTTP to HTTPS when the Ingress has TLS (`ssl-redirect`).
   * @default true (ingress-nginx's default)
   */
  readonly sslRedirect?: boolean;
  /**
   * Redirect HTTP to HTTPS even without TLS on this Ingress, e.g. behind a proxy that ends TLS (`force-ssl-redirect`).
   * @default false
   */
  readonly forceSslRedirect?: boolean;
  /**
   * Largest request body accepted (`proxy-body-size`); `Size.mebibytes(0)` accepts any size.
   * @default - ingress-nginx's default, 1 MiB
   */
  readonly proxyBodySize?: Size;
  /**
   * How long to wait for the workload's response (`proxy-read-timeout`), in whole seconds.
   * @default - ingress-nginx's default, 60 seconds
   */
  readonly proxyReadTimeout?: Duration;
  /**
   * How long to wait while sending the request to the workload (`proxy-send-timeout`), in whole seconds.
   * @default - ingress-nginx's default, 60 seconds
   */
  readonly proxySendTimeout?: Duration;
  /**
   * Protocol spoken to the workload (`backend-protocol`).
   * @default BackendProtocol.HTTP
   */
  readonly backendProtocol?: BackendProtocol;
}

/** Annotation prefix of ingress-nginx. */
const NGINX = 'nginx.ingress.kubernetes.io/';
/** The API server refuses an object whose annotations together exceed 256 KiB. */
const MAX_ANNOTATIONS_BYTES = 256 * 1024;
/** `prefix/name` with an optional DNS-subdomain prefix, as the API server checks annotation keys. */
const ANNOTATION_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** The annotation each typed setting writes, and the annotations the construct writes itself. */
const TYPED_ANNOTATIONS: { readonly [key: string]: string } = {
  [`${NGINX}rewrite-target`]: 'nginx.rewriteTarget',
  [`${NGINX}ssl-redirect`]: 'nginx.sslRedirect',
  [`${NGINX}force-ssl-redirect`]: 'nginx.forceSslRedirect',
  [`${NGINX}proxy-body-size`]: 'nginx.proxyBodySize',
  [`${NGINX}proxy-read-timeout`]: 'nginx.proxyReadTimeout',
  [`${NGINX}proxy-send-timeout`]: 'nginx.proxySendTimeout',
  [`${NGINX}backend-protocol`]: 'nginx.backendProtocol',
  [`${NGINX}use-regex`]: 'pathMatch (PathMatch.REGEX)',
  'cert-manager.io/cluster-issuer': 'issuer',
};

/** Properties of an exposed service. */
export interface ExposedServiceProps {
  /** The workload to expose (a cdk8s-plus Deployment, StatefulSet or DaemonSet of any supported major version). */
  readonly workload: IWorkload;
  /** Port the workload listens on: one of its containers' ports. */
  readonly port: number;
  /**
   * How to expose it.
   * @default Exposure.INGRESS
   */
  readonly exposure?: Exposure;
  /**
   * Host name (Ingress only); with a Proxied ingress it must be one the platform routes to the cluster.
   * @default - required for Exposure.INGRESS, here or in `hosts`
   */
  readonly host?: string;
  /**
   * Host names (Ingress only), each served the same paths; exclusive with `host`.
   * @default - the one `host`
   */
  readonly hosts?: string[];
  /**
   * Paths served on every host (Ingress only), each starting with `/`.
   * @default ["/"]
   */
  readonly paths?: string[];
  /**
   * How the paths match (Ingress only).
   * @default PathMatch.PREFIX
   */
  readonly pathMatch?: PathMatch;
  /**
   * Issuer of the TLS certificate (Ingress only).
   * @default - required for Exposure.INGRESS unless `plainHttp` is set
   */
  readonly issuer?: LetsEncryptIssuer;
  /**
   * Serve the Ingress over plain HTTP, without TLS. An explicit choice: an Ingress without an issuer is
   * refused unless this is set.
   * @default false
   */
  readonly plainHttp?: boolean;
  /**
   * The common ingress-nginx settings, typed (Ingress only).
   * @default - ingress-nginx's defaults
   */
  readonly nginx?: IngressNginxSettings;
  /**
   * Other annotations of the Ingress, for ingress-nginx settings without a typed option. Keys are checked as
   * the API server checks them, and may not be one a typed option or the issuer writes.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Port of the Service.
   * @default - 443 for a LoadBalancer, 80 behind an Ingress
   */
  readonly servicePort?: number;
}

/**
 * Exposes a cdk8s-plus workload: through an Ingress on one or several hosts and paths, with a TLS
 * certificate from a cert-manager issuer or, when asked for, plain HTTP (the hosts checked against the
 * cluster's ingress hosts when the ingress is Proxied), or through a LoadBalancer Service.
 *
 * A host has one owner in a cluster: Ingresses may share a host on other paths, never with a `Gateway`,
 * and never the API server's host.
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
    checkProps(this, undefined, 'ExposedServiceProps', props, { Exposure, PathMatch, BackendProtocol });
    // Checked and rendered from one copy: a props object changed later changes neither.
    props = { ...props, nginx: props.nginx && { ...props.nginx }, annotations: props.annotations && { ...props.annotations } };
    const chart = TenantClusterChart.enclosing(this);
    const exposure = props.exposure ?? Exposure.INGRESS;
    const viaIngress = exposure === Exposure.INGRESS;
    const workload = checkWorkload(this, 'workload', props.workload);
    const hosts = [...(props.host !== undefined ? [props.host] : []), ...stringList(this, 'hosts', props.hosts)];
    const paths = props.paths === undefined ? undefined : stringList(this, 'paths', props.paths);
    const pathMatch = props.pathMatch ?? PathMatch.PREFIX;
    this.service = serviceFor(this, workload, props.servicePort ?? (viaIngress ? 80 : 443), props.port,
      viaIngress ? kplus.ServiceType.CLUSTER_IP : kplus.ServiceType.LOAD_BALANCER);
    const tls = viaIngress && props.issuer !== undefined && !props.plainHttp;
    if (viaIngress && hosts.length > 0 && (tls || props.plainHttp)) {
      const namespace = workload.apiObject.metadata.namespace;
      const annotations = { ...nginxAnnotations(props.nginx, pathMatch), ...props.annotations, ...(tls ? { 'cert-manager.io/cluster-issuer': props.issuer!.issuerName } : {}) };
      this.ingress = new kplus.Ingress(this, 'Ingress', {
        metadata: { name: childObjectName(this, 'Ingress'), namespace, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
        className: chart.ingressClassName,
        ...(tls ? { tls: [{ hosts, secret: kplus.Secret.fromSecretName(this, 'Tls', `${tlsSecretPrefix(this, id)}-tls`) }] } : {}),
      });
      keepHostsOffSharedShape(this.ingress);
      if (tls) issuerReferences.checksOwnIssuer(ApiObject.of(this.ingress));
      const backend = kplus.IngressBackend.fromService(this.service);
      for (const host of hosts) {
        if (paths === undefined) this.ingress.addHostDefaultBackend(host, backend);
        // A relative path is reported with the other problems at synth; cdk8s-plus would throw a bare Error.
        else for (const path of paths.filter((p) => p.startsWith('/'))) this.ingress.addHostRule(host, path, backend, INGRESS_PATH_TYPES[pathMatch]);
      }
      claimHosts(chart, hosts.map((host) => ({ host, owner: this, via: 'Ingress' as const, paths: paths ?? ['/'] })));
    }
    addChecks(this, () => {
      const errors: Finding[] = [...portProblems(workload, props.port, 'port')];
      if (!viaIngress) {
        const given = INGRESS_ONLY.filter((k) => props[k] !== undefined);
        if (given.length > 0) {
          errors.push(problem('HK-EXPOSURE', 'exposure', exposure, `a LoadBalancer Service passes TCP through; ${given.join(', ')} apply to Exposure.INGRESS`));
        }
        return errors;
      }
      const ingress = chart.ingress;
      const noIngress = chart._missingAddon(IngressNginx.KEY, 'IngressNginx', 'an Ingress (use Exposure.LOAD_BALANCER otherwise)');
      if (noIngress) errors.push(noIngress);
      if (hosts.length === 0) errors.push(problem('HK-EXPOSURE', 'host', props.host, 'an Ingress needs a host name (host, or hosts for several)'));
      if (props.host !== undefined && props.hosts !== undefined) errors.push(problem('HK-EXPOSURE', 'hosts', props.hosts, 'give host or hosts, not both'));
      errors.push(...hostProblems('HK-EXPOSURE', hosts));
      if (props.plainHttp && props.issuer) errors.push(problem('HK-EXPOSURE', 'plainHttp', true, 'plain HTTP has no certificate; remove the issuer or plainHttp'));
      if (!props.issuer && !props.plainHttp) {
        errors.push(problem('HK-EXPOSURE', 'issuer', props.issuer, 'an Ingress is served with TLS; pass a LetsEncryptIssuer, or set plainHttp: true to serve plain HTTP'));
      }
      if (tls) errors.push(...issuerReferences.issuerClusterProblems(chart, props.issuer!));
      errors.push(...pathProblems('HK-EXPOSURE', paths ?? [], pathMatch));
      errors.push(...nginxProblems(props.nginx, pathMatch), ...annotationProblems(props.annotations));
      if (ingress && ingress.exposeMethod === ExposeMethod.PROXIED) {
        for (const host of hosts.filter((h) => !ingress.routesHost(h))) {
          errors.push(problem('HK-EXPOSURE', 'host', host, `the cluster's Proxied ingress receives only ${ingress.hosts.join(', ') || 'no hosts'}; add the host to IngressNginx hosts`));
        }
      }
      errors.push(...hostOwnerProblems(chart, this));
      return errors;
    });
  }
}

/** Options that apply to an Ingress only. */
const INGRESS_ONLY = ['host', 'hosts', 'paths', 'pathMatch', 'issuer', 'plainHttp', 'nginx', 'annotations'] as const;

const INGRESS_PATH_TYPES: { readonly [match: string]: kplus.HttpIngressPathType } = {
  [PathMatch.PREFIX]: kplus.HttpIngressPathType.PREFIX,
  [PathMatch.EXACT]: kplus.HttpIngressPathType.EXACT,
  [PathMatch.REGEX]: kplus.HttpIngressPathType.IMPLEMENTATION_SPECIFIC,
};

function nginxAnnotations(s: IngressNginxSettings | undefined, match: PathMatch): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  if (match === PathMatch.REGEX) out[`${NGINX}use-regex`] = 'true';
  if (!s) return out;
  if (s.rewriteTarget !== undefined) out[`${NGINX}rewrite-target`] = s.rewriteTarget;
  if (s.sslRedirect !== undefined) out[`${NGINX}ssl-redirect`] = String(s.sslRedirect);
  if (s.forceSslRedirect !== undefined) out[`${NGINX}force-ssl-redirect`] = String(s.forceSslRedirect);
  if (s.proxyBodySize !== undefined) out[`${NGINX}proxy-body-size`] = nginxSize(s.proxyBodySize);
  if (s.proxyReadTimeout !== undefined) out[`${NGINX}proxy-read-timeout`] = String(s.proxyReadTimeout.toSeconds({ integral: false }));
  if (s.proxySendTimeout !== undefined) out[`${NGINX}proxy-send-timeout`] = String(s.proxySendTimeout.toSeconds({ integral: false }));
  if (s.backendProtocol !== undefined) out[`${NGINX}backend-protocol`] = s.backendProtocol;
  return out;
}

/** nginx sizes in its own units (`k`, `m`, powers of 1024); 0 means no limit. */
function nginxSize(size: Size): string {
  const mib = sizeToMebibytes(size);
  return Number.isInteger(mib) ? (mib === 0 ? '0' : `${mib}m`) : `${Math.ceil(mib * 1024)}k`;
}

function nginxProblems(s: IngressNginxSettings | undefined, match: PathMatch): Finding[] {
  const errors: Finding[] = [];
  if (!s) return errors;
  if (s.rewriteTarget !== undefined && !s.rewriteTarget.startsWith('/') && !s.rewriteTarget.startsWith('$')) {
    errors.push(problem('HK-EXPOSURE', 'nginx.rewriteTarget', s.rewriteTarget, 'expected a path such as "/" or "/$2"'));
  }
  if (s.rewriteTarget !== undefined && /\$\d/.test(s.rewriteTarget) && match !== PathMatch.REGEX) {
    errors.push(problem('HK-EXPOSURE', 'nginx.rewriteTarget', s.rewriteTarget, 'capture groups need regular-expression paths; set pathMatch: PathMatch.REGEX'));
  }
  for (const [field, d] of [['nginx.proxyReadTimeout', s.proxyReadTimeout], ['nginx.proxySendTimeout', s.proxySendTimeout]] as const) {
    const timeout = d !== undefined ? checkWholeSeconds('HK-EXPOSURE', field, d) : undefined;
    if (timeout) errors.push(timeout);
  }
  return errors;
}

/** The escape hatch: keys the API server accepts, none a typed option writes, within the API server's size limit. */
function annotationProblems(annotations: { [key: string]: string } | undefined): Finding[] {
  const errors: Finding[] = [];
  if (annotations === undefined) return errors;
  let bytes = 0;
  for (const [key, value] of Object.entries(annotations)) {
    const slash = key.lastIndexOf('/');
    const prefix = slash < 0 ? undefined : key.slice(0, slash);
    const name = key.slice(slash + 1);
    if ((prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) || name.length > 63 || !ANNOTATION_NAME.test(name)) {
      errors.push(problem('HK-EXPOSURE', `annotations.${key}`, key, 'expected an annotation key: an optional DNS-subdomain prefix and "/", then a name of at most 63 letters, digits, "-", "_" or "."'));
    }
    const typed = TYPED_ANNOTATIONS[key];
    if (typed) errors.push(problem('HK-EXPOSURE', `annotations.${key}`, key, `written by ${typed}; set it there`));
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (bytes > MAX_ANNOTATIONS_BYTES) errors.push(problem('HK-EXPOSURE', 'annotations', `${bytes} bytes`, 'the API server refuses annotations over 256 KiB together'));
  return errors;
}
