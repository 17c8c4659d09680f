import { Construct } from 'constructs';
import { claimHosts, hostOwnerProblems, hostProblems } from './exposure';
import type * as issuerReferencesModule from './issuer-references';
import { LetsEncryptIssuer } from './lets-encrypt-issuer';
import { objectName, stringList } from './names';
import { TenantClusterChart } from './tenant-cluster-chart';
import type * as gatewayApiModule from '../imports/gateway-api-gateway-gateway.networking.k8s.io';
import { CertManager } from '../model/addons/cert-manager';
import { GatewayApi } from '../model/addons/gateway-api';
import { ExposeMethod } from '../model/addons/ingress-nginx';
import { checkProps } from '../model/guard';
import { lazyModule } from '../model/lazy-module';
import { addChecks, dnsLabelFrom, DNS1123_LABEL, problem, type Finding } from '../model/validation';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const issuerReferences = lazyModule<typeof issuerReferencesModule>(() => require('./issuer-references'));

// eslint-disable-next-line @typescript-eslint/no-require-imports
const gatewayApi = lazyModule<typeof gatewayApiModule>(() => require('../imports/gateway-api-gateway-gateway.networking.k8s.io'));

/** The GatewayClass the platform's Cilium creates in every cluster with the Gateway API add-on. */
const GATEWAY_CLASS = 'cilium';
/** A Gateway has at most 64 listeners (its definition's limit). */
const MAX_LISTENERS = 64;

/** Properties of a Gateway. */
export interface GatewayProps {
  /** Namespace of the Gateway; its certificates' Secrets are created there. */
  readonly namespace: string;
  /** Host names it serves, one listener each (two with `http01`); a leading `*.` serves every host one level below (DNS-01 only). */
  readonly hosts: string[];
  /**
   * Issuer of the certificates: one HTTPS listener (port 443) per host, its certificate made by
   * cert-manager's Gateway support. The issuer solves DNS-01 (`dns01` or `cloudflareDns01`), or the Gateway sets
   * `http01`: the issuer's own HTTP-01 solver answers through ingress-nginx, which does not receive the
   * Gateway's hosts.
   * @default - required unless `plainHttp` is set
   */
  readonly issuer?: LetsEncryptIssuer;
  /**
   * Let the issuer prove the hosts by HTTP-01 through this Gateway: adds a plain-HTTP listener (port 80)
   * per host, where cert-manager attaches its challenge route, and to the issuer a `gatewayHTTPRoute`
   * solver naming this Gateway for these hosts. Routes attach to those listeners too, so the hosts are
   * also served over plain HTTP. Wildcard hosts still need an issuer that solves DNS-01.
   * @default false
   */
  readonly http01?: boolean;
  /**
   * Serve plain HTTP (port 80) without TLS. An explicit choice: a Gateway without an issuer is refused
   * unless this is set.
   * @default false
   */
  readonly plainHttp?: boolean;
  /**
   * Namespaces whose routes may attach, besides the Gateway's own.
   * @default - routes of the Gateway's namespace only
   */
  readonly routeNamespaces?: string[];
  /**
   * Name of the Gateway.
   * @default - derived from the construct id
   */
  readonly name?: string;
}

/**
 * A Gateway API `Gateway` on the class `cilium` that the platform's Cilium implements in the tenant
 * cluster. Needs the `GatewayApi` add-on; with an issuer, also cert-manager, which the platform then
 * runs with its Gateway support on (it makes one Certificate per listener's Secret, named after it).
 *
 * Each Gateway gets its own address: Cilium gives it a `LoadBalancer` Service, which the platform backs
 * with a LoadBalancer Service of its own in the tenant namespace, so every Gateway takes one external IP
 * and counts against the tenant's `services.loadbalancers` quota. There is no shared (Proxied) path as
 * for ingress-nginx: point the hosts' DNS at the address in the Gateway's status. Serve several hosts
 * from one Gateway rather than one Gateway per host.
 *
 * Turning the `GatewayApi` add-on off uninstalls the Gateway API definitions on lines up to v1.6, which
 * deletes every Gateway and route of the cluster; line main keeps them.
 */
export class Gateway extends Construct {
  /** Name of the Gateway, for routes' `parentRefs`. */
  public readonly gatewayName: string;
  /** Its namespace. */
  public readonly namespace: string;
  /** The hosts it serves. */
  public readonly hosts: string[];
  /** Namespaces whose routes may attach (its own first). */
  public readonly routeNamespaces: string[];

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props its namespace, hosts and certificates
   */
  public constructor(scope: Construct, id: string, props: GatewayProps) {
    super(scope, id);
    checkProps(this, undefined, 'GatewayProps', props);
    // Checked and rendered from one copy: a props object changed later changes neither.
    props = { ...props };
    const chart = TenantClusterChart.enclosing(this);
    this.gatewayName = objectName(this, props.name, id);
    this.namespace = props.namespace;
    // Frozen: the checks and the output read the hosts given here, so a later push is refused, not written unchecked.
    this.hosts = Object.freeze(stringList(this, 'hosts', props.hosts)) as string[];
    const others = stringList(this, 'routeNamespaces', props.routeNamespaces);
    this.routeNamespaces = Object.freeze([props.namespace, ...others.filter((ns) => ns !== props.namespace)]) as string[];
    const tls = props.issuer !== undefined && !props.plainHttp;
    const allowedRoutes = others.length === 0
      ? { namespaces: { from: gatewayApi.GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME } }
      : {
        namespaces: {
          from: gatewayApi.GatewaySpecListenersAllowedRoutesNamespacesFrom.SELECTOR,
          selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: this.routeNamespaces }] },
        },
      };
    const listeners: gatewayApiModule.GatewaySpecListeners[] = this.hosts.map((host) => ({
      name: `${tls ? 'https' : 'http'}-${hostLabel(host)}`,
      hostname: host,
      port: tls ? 443 : 80,
      protocol: tls ? 'HTTPS' : 'HTTP',
      allowedRoutes,
      ...(tls ? { tls: { mode: gatewayApi.GatewaySpecListenersTlsMode.TERMINATE, certificateRefs: [{ kind: 'Secret', name: this.secretName(host) }] } } : {}),
    }));
    // HTTP-01 cannot prove a wildcard, so those hosts get no challenge listener.
    const challengeHosts = tls && props.http01 ? this.hosts.filter((h) => !String(h).startsWith('*.')) : [];
    listeners.push(...challengeHosts.map((host) => ({ name: `http-${hostLabel(host)}`, hostname: host, port: 80, protocol: 'HTTP', allowedRoutes })));
    if (tls && props.http01) props.issuer!._addGatewaySolver(this, challengeHosts);
    const resource = new gatewayApi.Gateway(this, 'Resource', {
      metadata: {
        name: this.gatewayName,
        namespace: props.namespace,
        ...(tls ? { annotations: { 'cert-manager.io/cluster-issuer': props.issuer!.issuerName } } : {}),
      },
      spec: { gatewayClassName: GATEWAY_CLASS, listeners },
    });
    if (tls) issuerReferences.checksOwnIssuer(resource);
    claimHosts(chart, this.hosts.map((host) => ({ host, owner: this, via: 'Gateway' as const, paths: [] })));
    addChecks(this, () => {
      const errors: Finding[] = [];
      const noGateway = chart._missingAddon(GatewayApi.KEY, 'GatewayApi', 'a Gateway');
      if (noGateway) errors.push(noGateway);
      if (!DNS1123_LABEL.test(props.namespace) || props.namespace.length > 63) {
        errors.push(problem('HK-GATEWAY', 'namespace', props.namespace, 'expected a namespace name (a lower-case DNS label)'));
      }
      for (const ns of others.filter((n) => n.length > 63 || !DNS1123_LABEL.test(n))) {
        errors.push(problem('HK-GATEWAY', 'routeNamespaces', ns, 'expected namespace names (lower-case DNS labels)'));
      }
      if (this.hosts.length === 0) errors.push(problem('HK-GATEWAY', 'hosts', this.hosts, 'a Gateway needs at least one host'));
      if (listeners.length > MAX_LISTENERS) {
        errors.push(problem('HK-GATEWAY', 'hosts', this.hosts.length, `a Gateway has at most ${MAX_LISTENERS} listeners${challengeHosts.length ? ' (with http01, two per host)' : ''}; split the hosts over several Gateways`));
      }
      errors.push(...hostProblems('HK-GATEWAY', this.hosts));
      const labels = this.hosts.map(hostLabel);
      for (const host of this.hosts.filter((h, i) => labels.indexOf(hostLabel(h)) !== i && this.hosts.indexOf(h) === i)) {
        errors.push(problem('HK-GATEWAY', 'hosts', host, `its listener name ${hostLabel(host)} is another host's too; use one of the two`));
      }
      if (props.plainHttp && props.issuer) errors.push(problem('HK-GATEWAY', 'plainHttp', true, 'plain HTTP has no certificate; remove the issuer or plainHttp'));
      if (props.http01 && !tls) errors.push(problem('HK-GATEWAY', 'http01', true, 'HTTP-01 proves hosts for certificates; a Gateway without an issuer has none'));
      if (!props.issuer && !props.plainHttp) {
        errors.push(problem('HK-GATEWAY', 'issuer', props.issuer, 'a Gateway is served with TLS; pass a LetsEncryptIssuer (that solves DNS-01, or set http01: true), or set plainHttp: true to serve plain HTTP'));
      }
      if (tls) {
        errors.push(...issuerReferences.issuerClusterProblems(chart, props.issuer!));
        const noCertManager = chart._missingAddon(CertManager.KEY, 'CertManager', 'certificates of a Gateway');
        if (noCertManager) errors.push(noCertManager);
        if (!props.issuer!.solvesDns01 && !props.http01) {
          errors.push(problem('HK-GATEWAY', 'issuer', props.issuer!.issuerName,
            'the issuer solves HTTP-01 through ingress-nginx only, which does not receive the Gateway\'s hosts; set http01: true on the Gateway, or give the issuer a DNS-01 solver (dns01)'));
        }
        for (const host of this.hosts.filter((h) => props.http01 && !props.issuer!.solvesDns01 && String(h).startsWith('*.'))) {
          errors.push(problem('HK-GATEWAY', 'hosts', host, 'HTTP-01 cannot prove a wildcard host; give the issuer a DNS-01 solver (dns01), or list the hosts one by one'));
        }
      }
      const ingress = chart.ingress;
      if (ingress && ingress.exposeMethod === ExposeMethod.PROXIED) {
        for (const host of this.hosts.filter((h) => ingress.routesHost(h))) {
          errors.push(problem('HK-HOST-OWNER', 'hosts', host, 'the cluster\'s Proxied ingress receives this host (IngressNginx hosts); a host has one owner in a cluster'));
        }
      }
      errors.push(...hostOwnerProblems(chart, this));
      return errors;
    });
  }

  /** Name of the Secret that holds a host's certificate (in the Gateway's namespace, as cert-manager requires). */
  private secretName(host: string): string {
    return `${this.gatewayName}-${hostLabel(host)}`.slice(0, 249).replace(/-+$/, '') + '-tls';
  }
}

/** A listener-name fragment of a host: dots become dashes, a wildcard becomes `wildcard`. */
function hostLabel(host: string): string {
  return dnsLabelFrom(String(host).replace(/^\*\./, 'wildcard.')) ?? '';
}
