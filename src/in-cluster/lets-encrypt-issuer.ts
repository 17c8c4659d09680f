import { Construct } from 'constructs';
import { TenantClusterChart } from './tenant-cluster-chart';
import type * as issuerModule from '../imports/cert-manager-clusterissuer-cert-manager.io';
import { CertManager } from '../model/addons/cert-manager';
import { IngressNginx } from '../model/addons/ingress-nginx';
import { checkArgs, checkProps } from '../model/guard';
import { lazyModule } from '../model/lazy-module';
import { SECRET_NAME } from '../model/plain-secrets';
import { addChecks, checkSubdomain, DNS1123_SUBDOMAIN, EMAIL, finding, problem, type Finding } from '../model/validation';

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
  /** Name of the Secret (in cert-manager's namespace, `cozy-cert-manager` on Hikube) that holds the API token. */
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

/**
 * A key of a Secret that a DNS-01 solver reads a credential from. A ClusterIssuer reads its Secrets in
 * cert-manager's own namespace, `cozy-cert-manager` on Hikube; the Secret is referenced, never written.
 */
export interface Dns01SecretKeyRef {
  /** Name of the Secret, in cert-manager's namespace. */
  readonly name: string;
  /** Key of the credential in the Secret's data. */
  readonly key: string;
}

/** TSIG algorithms cert-manager's RFC2136 solver signs updates with. */
export enum TsigAlgorithm {
  /** HMAC-MD5, cert-manager's own default; weak, for servers that offer nothing else. */
  HMAC_MD5 = 'HMACMD5',
  /** HMAC-SHA1. */
  HMAC_SHA1 = 'HMACSHA1',
  /** HMAC-SHA256, the default of BIND's `tsig-keygen` and Knot's `keymgr`. */
  HMAC_SHA256 = 'HMACSHA256',
  /** HMAC-SHA512. */
  HMAC_SHA512 = 'HMACSHA512',
}

/** What every DNS-01 solver takes besides its DNS service's settings. */
export interface Dns01Options {
  /**
   * DNS zones this solver answers for (`acme.ch` covers every host below it).
   * @default - every zone
   */
  readonly dnsZones?: string[];
}

/**
 * DNS-01 through a DNS server that takes dynamic updates (RFC 2136): BIND, Knot, PowerDNS, or a provider
 * that offers them. Updates are signed with a TSIG key whose secret sits in a Secret.
 */
export interface Rfc2136Dns01Options extends Dns01Options {
  /** The authoritative server, as `host` or `host:port` (an IPv6 address in brackets: `[2001:db8::53]:53`). */
  readonly nameserver: string;
  /**
   * Name of the TSIG key, as the server knows it. Needs `tsigSecretSecretRef`.
   * @default - unsigned updates, for a server that admits the cluster's address without a key
   */
  readonly tsigKeyName?: string;
  /**
   * Algorithm of the TSIG key. Always written: cert-manager's own default is HMAC-MD5, which a key made
   * with today's tools does not use.
   * @default TsigAlgorithm.HMAC_SHA256 when a key is given
   */
  readonly tsigAlgorithm?: TsigAlgorithm;
  /**
   * Where the TSIG key's secret (base64, as the server's key file has it) is. Needs `tsigKeyName`.
   * @default - unsigned updates
   */
  readonly tsigSecretSecretRef?: Dns01SecretKeyRef;
}

/**
 * DNS-01 through AWS Route53, with an access key kept in a Secret. Hikube's nodes have no AWS identity of
 * their own, so the key is required; a role, when given, is assumed with it.
 */
export interface Route53Dns01Options extends Dns01Options {
  /** AWS region of the API calls, e.g. `eu-central-2` (Zurich). */
  readonly region: string;
  /**
   * The hosted zone to update, which spares the solver listing zones (and the permission to).
   * @default - the zone is looked up by the host's name
   */
  readonly hostedZoneId?: string;
  /**
   * The access key ID (an identifier, not a credential). Give it here or in `accessKeyIdSecretRef`.
   * @default - read from `accessKeyIdSecretRef`
   */
  readonly accessKeyId?: string;
  /**
   * Where the access key ID is, for a Secret that holds both halves of the key.
   * @default - `accessKeyId`
   */
  readonly accessKeyIdSecretRef?: Dns01SecretKeyRef;
  /** Where the secret access key is. */
  readonly secretAccessKeySecretRef: Dns01SecretKeyRef;
  /**
   * ARN of an IAM role to assume with the key, e.g. `arn:aws:iam::123456789012:role/dns01`.
   * @default - the key's own permissions
   */
  readonly role?: string;
}

/**
 * DNS-01 through a cert-manager webhook solver installed in the cluster (for DNS services without a
 * solver in cert-manager itself, such as Infomaniak, Exoscale, Hetzner or deSEC): the escape hatch.
 */
export interface WebhookDns01Options extends Dns01Options {
  /** The API group the webhook serves, as its documentation gives it, e.g. `acme.infomaniak.com`. */
  readonly groupName: string;
  /** The solver's name inside the webhook, as its documentation gives it. */
  readonly solverName: string;
  /**
   * The webhook's own settings, written as given. Credentials do not belong here: webhooks take a
   * reference to a Secret (often `apiKeySecretRef: { name, key }`), and a key that names a credential
   * (`apiKey`, `token`, `password`, `secret`) holding a string is refused.
   * @default - none
   */
  readonly config?: { [key: string]: any };
}

/** Which DNS service a solver updates. */
type Dns01Provider = 'cloudflare' | 'rfc2136' | 'route53' | 'webhook';
/** The settings of a solver, as its factory took them. */
type Dns01Settings = CloudflareDns01 | Rfc2136Dns01Options | Route53Dns01Options | WebhookDns01Options;

/**
 * How an issuer proves hosts by DNS-01: the record is written through a DNS service's API. Made with one
 * of the static methods, one per DNS service cert-manager supports itself, plus `webhook` for the others.
 */
export class Dns01Solver {
  /**
   * Cloudflare, with an API token from a Secret.
   *
   * @param options the Secret holding the API token, and the zones
   */
  public static cloudflare(options: CloudflareDns01): Dns01Solver {
    checkArgs('Dns01Solver.cloudflare', 'Dns01Solver', 'cloudflare', [options]);
    return new Dns01Solver('cloudflare', { ...options, dnsZones: options.dnsZones && [...options.dnsZones] });
  }

  /**
   * A DNS server that takes dynamic updates (RFC 2136), signed with a TSIG key from a Secret.
   *
   * @param options the server, the TSIG key, and the zones
   */
  public static rfc2136(options: Rfc2136Dns01Options): Dns01Solver {
    checkArgs('Dns01Solver.rfc2136', 'Dns01Solver', 'rfc2136', [options], { TsigAlgorithm });
    return new Dns01Solver('rfc2136', {
      ...options,
      dnsZones: options.dnsZones && [...options.dnsZones],
      tsigSecretSecretRef: options.tsigSecretSecretRef && { ...options.tsigSecretSecretRef },
    });
  }

  /**
   * AWS Route53, with an access key from a Secret.
   *
   * @param options the region, the zone, the key and the role
   */
  public static route53(options: Route53Dns01Options): Dns01Solver {
    checkArgs('Dns01Solver.route53', 'Dns01Solver', 'route53', [options]);
    return new Dns01Solver('route53', {
      ...options,
      dnsZones: options.dnsZones && [...options.dnsZones],
      accessKeyIdSecretRef: options.accessKeyIdSecretRef && { ...options.accessKeyIdSecretRef },
      secretAccessKeySecretRef: { ...options.secretAccessKeySecretRef },
    });
  }

  /**
   * A cert-manager webhook solver installed in the cluster, for the DNS services cert-manager has no
   * solver for.
   *
   * @param options the webhook's group and solver, its settings, and the zones
   */
  public static webhook(options: WebhookDns01Options): Dns01Solver {
    checkArgs('Dns01Solver.webhook', 'Dns01Solver', 'webhook', [options]);
    // The settings are plain JSON (checked above): a deep copy keeps later changes of the caller's object out.
    return new Dns01Solver('webhook', {
      ...options, dnsZones: options.dnsZones && [...options.dnsZones], config: options.config && JSON.parse(JSON.stringify(options.config)),
    });
  }

  /** The DNS service, as cert-manager names its solver: `cloudflare`, `rfc2136`, `route53` or `webhook`. */
  public readonly provider: string;

  private constructor(provider: Dns01Provider, private readonly settings: Dns01Settings) {
    this.provider = provider;
  }

  /** The solver as the ClusterIssuer lists it. @internal */
  public _render(): issuerModule.ClusterIssuerSpecAcmeSolvers {
    const zones = this.settings.dnsZones;
    return { ...(zones ? { selector: { dnsZones: [...zones] } } : {}), dns01: this.dns01() };
  }

  private dns01(): issuerModule.ClusterIssuerSpecAcmeSolversDns01 {
    switch (this.provider as Dns01Provider) {
      case 'cloudflare': {
        const o = this.settings as CloudflareDns01;
        return { cloudflare: { apiTokenSecretRef: { name: o.apiTokenSecretName, key: o.apiTokenSecretKey ?? 'api-token' } } };
      }
      case 'rfc2136': {
        const o = this.settings as Rfc2136Dns01Options;
        const signed = o.tsigKeyName !== undefined || o.tsigSecretSecretRef !== undefined;
        return {
          rfc2136: {
            nameserver: o.nameserver,
            ...(o.tsigKeyName !== undefined ? { tsigKeyName: o.tsigKeyName } : {}),
            ...(signed ? { tsigAlgorithm: o.tsigAlgorithm ?? TsigAlgorithm.HMAC_SHA256 } : {}),
            ...(o.tsigSecretSecretRef ? { tsigSecretSecretRef: { ...o.tsigSecretSecretRef } } : {}),
          },
        };
      }
      case 'route53': {
        const o = this.settings as Route53Dns01Options;
        return {
          route53: {
            region: o.region,
            ...(o.hostedZoneId !== undefined ? { hostedZoneId: o.hostedZoneId } : {}),
            ...(o.accessKeyId !== undefined ? { accessKeyId: o.accessKeyId } : {}),
            ...(o.accessKeyIdSecretRef ? { accessKeyIdSecretRef: { ...o.accessKeyIdSecretRef } } : {}),
            secretAccessKeySecretRef: { ...o.secretAccessKeySecretRef },
            ...(o.role !== undefined ? { role: o.role } : {}),
          },
        };
      }
      case 'webhook': {
        const o = this.settings as WebhookDns01Options;
        return { webhook: { groupName: o.groupName, solverName: o.solverName, ...(o.config !== undefined ? { config: o.config } : {}) } };
      }
    }
  }

  /** What cert-manager would refuse or could not use, with fields under `field`. @internal */
  public _problems(field: string): Finding[] {
    const errors = zoneProblems(`${field}.dnsZones`, this.settings.dnsZones);
    switch (this.provider as Dns01Provider) {
      case 'cloudflare': {
        const o = this.settings as CloudflareDns01;
        errors.push(...secretRefProblems(field, { name: o.apiTokenSecretName, key: o.apiTokenSecretKey ?? 'api-token' }, `${field}.apiTokenSecretName`, `${field}.apiTokenSecretKey`));
        break;
      }
      case 'rfc2136':
        errors.push(...rfc2136Problems(field, this.settings as Rfc2136Dns01Options));
        break;
      case 'route53':
        errors.push(...route53Problems(field, this.settings as Route53Dns01Options));
        break;
      case 'webhook':
        errors.push(...webhookProblems(field, this.settings as WebhookDns01Options));
        break;
    }
    return errors;
  }
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
   * (`GatewayProps.http01`). The same as `dns01: Dns01Solver.cloudflare(...)`; give one of the two.
   * @default - no DNS-01
   */
  readonly cloudflareDns01?: CloudflareDns01;
  /**
   * Solve DNS-01 challenges through a DNS service: `Dns01Solver.rfc2136(...)`, `.route53(...)`,
   * `.cloudflare(...)`, or `.webhook(...)` for a webhook solver installed in the cluster. As
   * `cloudflareDns01`, the way to wildcard certificates and to a `Gateway` without `http01`.
   * @default - no DNS-01
   */
  readonly dns01?: Dns01Solver;
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
  /** Whether the issuer solves DNS-01 challenges (`dns01` or `cloudflareDns01` is set), as wildcard hosts and Gateways without `http01` need. */
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
    const cf = props.cloudflareDns01 && Dns01Solver.cloudflare(props.cloudflareDns01);
    const dns01 = props.dns01 ?? cf;
    this.solvesDns01 = dns01 !== undefined;
    if (dns01) solvers.push(dns01._render());
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
      if (!http01 && !dns01 && this.gatewaySolvers.size === 0) errors.push(problem('HK-ISSUER', 'http01', false, 'an issuer needs a solver: keep HTTP-01, add dns01, or give it to a Gateway with http01: true'));
      if (cf && props.dns01) {
        errors.push(problem('HK-ISSUER-DNS01', 'cloudflareDns01', props.cloudflareDns01, 'give cloudflareDns01 or dns01, not both: one DNS-01 solver per issuer (dns01: Dns01Solver.cloudflare(...) takes the same settings)'));
      }
      if (dns01) errors.push(...dns01._problems(props.dns01 ? 'dns01' : 'cloudflareDns01'));
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

/** Zones a solver answers for: DNS names without a wildcard or a final dot, each once. */
function zoneProblems(field: string, zones: string[] | undefined): Finding[] {
  const errors: Finding[] = [];
  (zones ?? []).forEach((zone, i) => {
    if (typeof zone !== 'string' || zone.length > 253 || !DNS1123_SUBDOMAIN.test(zone)) {
      errors.push(problem('HK-ISSUER-DNS01', field, zone, 'expected a lower-case DNS zone such as "acme.ch", without "*." or a final dot (a zone covers every host below it)'));
    } else if (zones!.indexOf(zone) !== i) {
      errors.push(problem('HK-ISSUER-DNS01', field, zone, 'each zone once'));
    }
  });
  if (zones !== undefined && zones.length === 0) errors.push(problem('HK-ISSUER-DNS01', field, zones, 'an empty list selects no host, so the solver never answers; leave dnsZones out to answer for every zone'));
  return errors;
}

/** Keys of a Secret's data: what the API server accepts. */
const SECRET_DATA_KEY = /^[-._a-zA-Z0-9]+$/;

/** A Secret's name and key; the fields are `<field>.name` and `<field>.key` unless named. */
function secretRefProblems(field: string, ref: Dns01SecretKeyRef, nameField = `${field}.name`, keyField = `${field}.key`): Finding[] {
  const errors: Finding[] = [];
  if (ref.name.length > 253 || !DNS1123_SUBDOMAIN.test(ref.name)) errors.push(problem('HK-ISSUER-DNS01', nameField, ref.name, 'expected the name of a Secret (a lower-case DNS name) in cert-manager\'s namespace'));
  if (ref.key.length > 253 || !SECRET_DATA_KEY.test(ref.key)) errors.push(problem('HK-ISSUER-DNS01', keyField, ref.key, 'expected a key of the Secret\'s data (letters, digits, "-", "_" and ".")'));
  return errors;
}

/** `host`, `host:port`, `[IPv6]` or `[IPv6]:port`, as cert-manager's RFC2136 solver reads its server. */
const NAMESERVER = /^(?:\[([0-9a-fA-F:.]+)\]|([a-z0-9.-]+))(?::(\d{1,5}))?$/;
/** TSIG key names are DNS names, written as the server's configuration has them. */
const TSIG_KEY_NAME = /^[A-Za-z0-9_]([-A-Za-z0-9_.]*[A-Za-z0-9_.])?$/;

function rfc2136Problems(field: string, o: Rfc2136Dns01Options): Finding[] {
  const errors: Finding[] = [];
  // Host names are matched without case, as DNS compares them.
  const server = NAMESERVER.exec(o.nameserver.toLowerCase());
  const port = server?.[3] !== undefined ? Number(server[3]) : 53;
  if (!server || (server[2] !== undefined && !DNS1123_SUBDOMAIN.test(server[2])) || (server[1] !== undefined && !server[1].includes(':')) || port < 1 || port > 65535) {
    errors.push(problem('HK-ISSUER-DNS01', `${field}.nameserver`, o.nameserver, 'expected the server as host or host:port, e.g. "ns1.acme.ch:53" or "[2001:db8::53]:53" (an IPv6 address in brackets)'));
  }
  if ((o.tsigKeyName === undefined) !== (o.tsigSecretSecretRef === undefined)) {
    const [given, missing] = o.tsigKeyName === undefined ? ['tsigSecretSecretRef', 'tsigKeyName'] : ['tsigKeyName', 'tsigSecretSecretRef'];
    errors.push(problem('HK-ISSUER-DNS01', `${field}.${missing}`, undefined, `a TSIG key is its name and its secret, and cert-manager refuses ${given} alone; give ${missing} too, or neither for unsigned updates`));
  }
  if (o.tsigAlgorithm !== undefined && o.tsigKeyName === undefined && o.tsigSecretSecretRef === undefined) {
    errors.push(problem('HK-ISSUER-DNS01', `${field}.tsigAlgorithm`, o.tsigAlgorithm, 'the algorithm of a TSIG key; give tsigKeyName and tsigSecretSecretRef, or leave it out for unsigned updates'));
  }
  if (o.tsigKeyName !== undefined && (o.tsigKeyName.length > 253 || !TSIG_KEY_NAME.test(o.tsigKeyName))) {
    errors.push(problem('HK-ISSUER-DNS01', `${field}.tsigKeyName`, o.tsigKeyName, 'expected the key\'s name as the server\'s configuration has it, e.g. "acme-dns01"'));
  }
  if (o.tsigSecretSecretRef) errors.push(...secretRefProblems(`${field}.tsigSecretSecretRef`, o.tsigSecretSecretRef));
  return errors;
}

/** AWS regions: `eu-central-2`, `us-gov-west-1`. */
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** Access key IDs: upper-case letters and digits (`AKIA...`); a secret access key has lower case, `/` and `+`. */
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
/** Hosted zone IDs, bare (`Z0123456789ABC`) or as the API's path. */
const HOSTED_ZONE_ID = /^(\/hostedzone\/)?[A-Z0-9]{1,32}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/;

function route53Problems(field: string, o: Route53Dns01Options): Finding[] {
  const errors: Finding[] = [];
  if (!AWS_REGION.test(o.region)) errors.push(problem('HK-ISSUER-DNS01', `${field}.region`, o.region, 'expected an AWS region such as "eu-central-2"'));
  if (o.hostedZoneId !== undefined && !HOSTED_ZONE_ID.test(o.hostedZoneId)) {
    errors.push(problem('HK-ISSUER-DNS01', `${field}.hostedZoneId`, o.hostedZoneId, 'expected a hosted zone ID such as "Z0123456789ABCDEFGHIJ"'));
  }
  if ((o.accessKeyId === undefined) === (o.accessKeyIdSecretRef === undefined)) {
    errors.push(problem('HK-ISSUER-DNS01', `${field}.accessKeyId`, o.accessKeyId,
      o.accessKeyId === undefined
        ? 'Hikube\'s nodes have no AWS identity of their own, so cert-manager needs an access key; give accessKeyId or accessKeyIdSecretRef'
        : 'give accessKeyId or accessKeyIdSecretRef, not both (cert-manager refuses both)'));
  } else if (o.accessKeyId !== undefined && !ACCESS_KEY_ID.test(o.accessKeyId)) {
    // The value is not repeated: it may be the secret half of the key.
    errors.push(finding('HK-ISSUER-DNS01', `${field}.accessKeyId`, 'expected an access key ID (upper-case letters and digits, e.g. "AKIA..."); the secret access key belongs in the Secret secretAccessKeySecretRef names'));
  }
  if (o.role !== undefined && !ROLE_ARN.test(o.role)) errors.push(problem('HK-ISSUER-DNS01', `${field}.role`, o.role, 'expected the ARN of an IAM role, e.g. "arn:aws:iam::123456789012:role/dns01"'));
  if (o.accessKeyIdSecretRef) errors.push(...secretRefProblems(`${field}.accessKeyIdSecretRef`, o.accessKeyIdSecretRef));
  errors.push(...secretRefProblems(`${field}.secretAccessKeySecretRef`, o.secretAccessKeySecretRef));
  return errors;
}

/** What the solver's name is inside its webhook: a plain word such as `infomaniak`. */
const SOLVER_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function webhookProblems(field: string, o: WebhookDns01Options): Finding[] {
  const errors: Finding[] = [];
  if (o.groupName.length > 253 || !DNS1123_SUBDOMAIN.test(o.groupName) || !o.groupName.includes('.')) {
    errors.push(problem('HK-ISSUER-DNS01', `${field}.groupName`, o.groupName, 'expected the API group the webhook serves, a lower-case DNS name such as "acme.infomaniak.com"'));
  }
  if (!SOLVER_NAME.test(o.solverName)) errors.push(problem('HK-ISSUER-DNS01', `${field}.solverName`, o.solverName, 'expected the solver\'s name inside the webhook, e.g. "infomaniak"'));
  errors.push(...configSecrets(`${field}.config`, o.config));
  return errors;
}

/**
 * Keys of a webhook's settings that hold a credential in plain text: a name that ends like one (`apiKey`,
 * `api_token`, `password`), camel case read as words, holding a string. References to Secrets are objects.
 */
function configSecrets(field: string, value: unknown): Finding[] {
  if (value === null || typeof value !== 'object') return [];
  const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v]) : Object.entries(value);
  return entries.flatMap(([key, v]) => {
    const at = key.startsWith('[') ? `${field}${key}` : `${field}.${key}`;
    if (typeof v === 'string' && !key.startsWith('[') && SECRET_NAME.test(key.replace(/([a-z0-9])([A-Z])/g, '$1_$2'))) {
      return [finding('HK-SECRET-PROPERTY', at, `${key} holds a credential, which the ClusterIssuer would carry in plain text; put it in a Secret in cert-manager's namespace and give the webhook its reference (most take ${key}SecretRef: { name, key }; see the webhook's documentation)`)];
    }
    return configSecrets(at, v);
  });
}
