import { Construct } from 'constructs';
import { TenantClusterChart } from './tenant-cluster-chart';
import type * as issuerModule from '../imports/cert-manager-clusterissuer-cert-manager.io';
import { CertManager } from '../model/addons/cert-manager';
import { IngressNginx } from '../model/addons/ingress-nginx';
import { checkProps } from '../model/guard';
import { lazyModule } from '../model/lazy-module';
import { addChecks, checkSubdomain, EMAIL, problem, type Finding } from '../model/validation';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const issuer = lazyModule<typeof issuerModule>(() => require('../imports/cert-manager-clusterissuer-cert-manager.io'));

/** Let's Encrypt environments. */
export enum AcmeServer {
  /** Trusted certificates, strict rate limits. */
  PRODUCTION = 'https://acme-v02.api.letsencrypt.org/directory',
  /** Untrusted test certificates, generous limits. */
  STAGING = 'https://acme-staging-v02.api.letsencrypt.org/directory',
}

/** DNS-01 through Cloudflare, for wildcard certificates and hosts not reachable over HTTP. */
export interface CloudflareDns01 {
  /** Name of the Secret (in cert-manager's namespace) that holds the API token. */
  readonly apiTokenSecretName: string;
  /**
   * Key of the token in that Secret.
   * @default "api-token"
   */
  readonly apiTokenSecretKey?: string;
  /**
   * DNS zones this solver answers for.
   * @default - every zone
   */
  readonly dnsZones?: string[];
}

/** Properties of a Let's Encrypt issuer. */
export interface LetsEncryptIssuerProps {
  /** Contact e-mail for the ACME account. */
  readonly email: string;
  /**
   * ACME server.
   * @default AcmeServer.PRODUCTION
   */
  readonly server?: AcmeServer;
  /**
   * Name of the ClusterIssuer.
   * @default "letsencrypt-prod" or "letsencrypt-staging"
   */
  readonly name?: string;
  /**
   * Solve HTTP-01 challenges through the ingress-nginx class.
   * @default true
   */
  readonly http01?: boolean;
  /**
   * Solve DNS-01 challenges through Cloudflare: the issuer's way to wildcard certificates, to hosts not
   * reachable over HTTP, and to the certificates of a `Gateway` that does not take HTTP-01 itself
   * (`GatewayProps.http01`).
   * @default - no DNS-01
   */
  readonly cloudflareDns01?: CloudflareDns01;
}

/**
 * A cert-manager ACME `ClusterIssuer` for Let's Encrypt: HTTP-01 through the cluster's ingress-nginx
 * class, optionally DNS-01 with a referenced secret. Needs the cert-manager add-on.
 *
 * A `Gateway` created with `http01: true` adds a solver of its own here (cert-manager's
 * `gatewayHTTPRoute`, naming that Gateway), which answers the challenges of its hosts.
 */
export class LetsEncryptIssuer extends Construct {
  /** Name of the ClusterIssuer, for `cert-manager.io/cluster-issuer` annotations. */
  public readonly issuerName: string;
  /** Whether the issuer solves DNS-01 challenges (`cloudflareDns01` is set), as wildcard hosts and Gateways without `http01` need. */
  public readonly solvesDns01: boolean;
  /** The solvers rendered; Gateways add theirs after construction, so the ClusterIssuer holds this list itself. */
  private readonly solvers: issuerModule.ClusterIssuerSpecAcmeSolvers[] = [];
  /** The Gateways (`namespace/name`) whose hosts an HTTP-01 solver of this issuer answers through. */
  private readonly gatewaySolvers = new Set<string>();

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props the ACME account e-mail, the environment and the solver
   */
  public constructor(scope: Construct, id: string, props: LetsEncryptIssuerProps) {
    super(scope, id);
    checkProps(this, undefined, 'LetsEncryptIssuerProps', props, { AcmeServer });
    // The check at synth reads the settings that were rendered, whatever the caller changes in its object later.
    props = { ...props };
    const chart = TenantClusterChart.enclosing(this);
    const server = props.server ?? AcmeServer.PRODUCTION;
    this.issuerName = props.name ?? (server === AcmeServer.STAGING ? 'letsencrypt-staging' : 'letsencrypt-prod');
    const http01 = props.http01 ?? true;
    const solvers = this.solvers;
    if (http01) solvers.push({ http01: { ingress: { ingressClassName: chart.ingressClassName } } });
    const cf = props.cloudflareDns01;
    this.solvesDns01 = cf !== undefined;
    if (cf) {
      solvers.push({
        ...(cf.dnsZones ? { selector: { dnsZones: [...cf.dnsZones] } } : {}),
        dns01: { cloudflare: { apiTokenSecretRef: { name: cf.apiTokenSecretName, key: cf.apiTokenSecretKey ?? 'api-token' } } },
      });
    }
    new issuer.ClusterIssuer(this, 'Resource', {
      metadata: { name: this.issuerName },
      spec: {
        acme: { email: props.email, server, privateKeySecretRef: { name: `${this.issuerName}-account-key` }, solvers },
      },
    });
    addChecks(this, () => {
      const errors: Finding[] = [];
      const missing = chart._missingAddon(CertManager.KEY, 'CertManager', 'a certificate issuer');
      if (missing) errors.push(missing);
      if (typeof props.email === 'string' && /^mailto:/i.test(props.email)) {
        errors.push(problem('HK-ISSUER', 'email', props.email, `cert-manager adds the mailto: scheme itself, and Let's Encrypt refuses "mailto:mailto:..."; write ${props.email.replace(/^mailto:/i, '')}`));
      } else if (!EMAIL.test(props.email ?? '')) {
        errors.push(problem('HK-ISSUER', 'email', props.email, 'expected an e-mail address for the ACME account'));
      } else {
        const refused = refusedContactDomain(props.email);
        if (refused) errors.push(problem('HK-ISSUER-CONTACT', 'email', props.email, `Let's Encrypt refuses to register an account at ${refused}, so the issuer would never become ready and no certificate would be issued; use an address at a domain you own (a placeholder from an example?)`));
      }
      const nameProblem = checkSubdomain('HK-ISSUER', 'name', this.issuerName, 'an issuer name');
      if (nameProblem) errors.push(nameProblem);
      if (!http01 && !cf && this.gatewaySolvers.size === 0) errors.push(problem('HK-ISSUER', 'http01', false, 'an issuer needs a solver: keep HTTP-01, add cloudflareDns01, or give it to a Gateway with http01: true'));
      const noIngress = http01 && chart._missingAddon(IngressNginx.KEY, 'IngressNginx', 'an HTTP-01 solver (set http01: false to use DNS-01 only)');
      if (noIngress) errors.push(noIngress);
      return errors;
    });
  }

  /**
   * Answers the HTTP-01 challenges of a Gateway's hosts through that Gateway: cert-manager's challenge
   * HTTPRoute attaches to the Gateway named here. cert-manager 1.20 (lines v1.5 and later) could find the
   * Gateway from the Certificate; 1.17 and 1.19 (lines v0.41 and v1.3) need it named, so it always is.
   * The selector keeps the solver to those hosts; the others keep the issuer's own solvers.
   * @internal
   */
  public _addGatewaySolver(gateway: { readonly gatewayName: string; readonly namespace: string }, hosts: string[]): void {
    this.gatewaySolvers.add(`${gateway.namespace}/${gateway.gatewayName}`);
    if (hosts.length === 0) return;
    this.solvers.push({
      selector: { dnsNames: [...hosts] },
      http01: { gatewayHttpRoute: { parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gateway.gatewayName, namespace: gateway.namespace }] } },
    });
  }
}

/** Domains Let's Encrypt refuses for account contacts: the documentation domains of RFC 2606. */
const FORBIDDEN_DOMAINS = ['example.com', 'example.net', 'example.org'];
/** Top-level domains that are not delegated (RFC 2606, RFC 6761, RFC 6762, ICANN's .internal), which Let's Encrypt refuses as not public. */
const RESERVED_TLDS = ['example', 'test', 'invalid', 'localhost', 'local', 'internal', 'lan', 'home.arpa'];

/** Why Let's Encrypt refuses an account address, as the domain it refuses, or undefined. */
function refusedContactDomain(email: string): string | undefined {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  const forbidden = FORBIDDEN_DOMAINS.find((d) => domain === d || domain.endsWith(`.${d}`));
  if (forbidden) return forbidden;
  const tld = RESERVED_TLDS.find((t) => domain === t || domain.endsWith(`.${t}`));
  return tld ? `.${tld} (a reserved top-level domain)` : undefined;
}
