import { IConstruct } from 'constructs';
import type { HikubeCluster } from './hikube-cluster';
import { Tenant, TenantService } from './tenant';
import { ExposeMethod, IngressNginx } from '../model/addons/ingress-nginx';
import { type Finding, finding, perRun } from '../model/validation';

/**
 * Hosts the tenant ingress routes to the clusters of an app. A cluster's API server and, with
 * `exposeMethod: Proxied`, its ingress-nginx hosts are Ingresses of the tenant's ingress (the nearest tenant
 * up the chain that runs one), all with SSL passthrough. Two clusters behind one tenant ingress that claim
 * one host leave the choice of backend to the ingress controller: the host's traffic reaches one of them,
 * which one is not stated anywhere. Behind two different ingresses each gets the host, and DNS points it at
 * one. An exact host is matched before a wildcard, so a host inside another cluster's wildcard goes to the
 * cluster that names it exactly: a rule of its own, warned since a catch-all cluster may mean it.
 */

/** Errors, and warnings for the caller to record. */
interface Findings {
  readonly errors: Finding[];
  readonly warnings: Finding[];
}

/** One host a cluster asks the tenant ingress to route to it. */
interface Claim {
  readonly cluster: HikubeCluster;
  /** Position among every claim of the app: clusters in construct order, each its API host first. */
  readonly seq: number;
  readonly host: string;
  readonly field: string;
  /** What the host is to its cluster, for messages. */
  readonly what: string;
}

/** The claims of an app, by host and by the domain a wildcard covers. */
interface HostIndex {
  readonly byHost: Map<string, Claim[]>;
  /** Exact hosts by their parent domain (`shop.example.com` under `example.com`), for wildcards to find. */
  readonly byParent: Map<string, Claim[]>;
  readonly ofCluster: Map<HikubeCluster, Claim[]>;
}

const HOST_INDEX = Symbol('cdk8s-hikube.tenantIngressHosts');

function claimsOf(cluster: HikubeCluster, next: () => number): Claim[] {
  const out: Claim[] = [];
  const host = cluster.props.host;
  if (typeof host === 'string' && host !== '') out.push({ cluster, seq: next(), host, field: 'host', what: 'the API server host' });
  const ingress = cluster.findAddon(IngressNginx.KEY);
  if (ingress instanceof IngressNginx && ingress.exposeMethod === ExposeMethod.PROXIED && Array.isArray(ingress.hosts)) {
    for (const h of new Set(ingress.hosts.filter((x): x is string => typeof x === 'string' && x !== ''))) {
      out.push({ cluster, seq: next(), host: h, field: `addons.${IngressNginx.KEY}.hosts`, what: 'an ingress-nginx host' });
    }
  }
  return out;
}

function indexOf(clusters: HikubeCluster[]): HostIndex {
  let seq = 0;
  const index: HostIndex = { byHost: new Map(), byParent: new Map(), ofCluster: new Map() };
  const add = (map: Map<string, Claim[]>, key: string, c: Claim) => map.set(key, [...(map.get(key) ?? []), c]);
  for (const cluster of clusters) {
    const claims = claimsOf(cluster, () => seq++);
    index.ofCluster.set(cluster, claims);
    for (const c of claims) {
      add(index.byHost, c.host, c);
      if (!c.host.startsWith('*.') && c.host.includes('.')) add(index.byParent, parentOf(c.host), c);
    }
  }
  return index;
}

function parentOf(host: string): string {
  return host.slice(host.indexOf('.') + 1);
}

/**
 * The tenant ingress a cluster's hosts go through, where the app tells: the namespace of the nearest tenant of
 * the app that runs one, or, when none does, the namespace above the app's tenants where the search goes on
 * (the same for every tenant of that chain). Undefined for a cluster given its tenant namespace only.
 */
function ingressOf(cluster: HikubeCluster): string | undefined {
  const tenant = cluster.props.tenant;
  // Chart makes `instanceof` match any chart, so the prototype chain is asked instead.
  if (!tenant || !Tenant.prototype.isPrototypeOf(tenant)) return undefined;
  const own = tenant.serviceNamespace(TenantService.INGRESS);
  if (own !== undefined) return own;
  let top = tenant;
  while (top.parent) top = top.parent;
  return `above ${top.parentNamespace}`;
}

function namespaceOf(cluster: HikubeCluster): string {
  return cluster.tenantNamespace ?? '';
}

/** Whether two clusters' hosts go through one tenant ingress: true, false, or undefined when the app does not tell. */
function sameIngress(a: HikubeCluster, b: HikubeCluster): boolean | undefined {
  if (a === b || namespaceOf(a) === namespaceOf(b)) return true;
  const [x, y] = [ingressOf(a), ingressOf(b)];
  return x === undefined || y === undefined ? undefined : x === y;
}

/** A tenant ingress as `ingressOf` names it, for messages. */
function ingressName(ingress: string): string {
  return ingress.startsWith('above ') ? `the ingress its tenants take from ${ingress}` : `the ingress of ${ingress}`;
}

/** Why two clusters' hosts go through one tenant ingress, for messages. */
function whySame(a: HikubeCluster, b: HikubeCluster): string {
  if (namespaceOf(a) === namespaceOf(b)) return a.tenantNamespace ? `both are in tenant namespace ${a.tenantNamespace}` : 'both are in the namespace kubectl applies to';
  return `their tenants both take ${ingressName(ingressOf(a)!)}`;
}

function where(c: HikubeCluster): string {
  return c.tenantNamespace ? `tenant namespace ${c.tenantNamespace}` : 'the namespace kubectl applies to';
}

/** The first earlier claim of the same host, and the exact host and wildcard that cover each other. */
function earlier(index: HostIndex, c: Claim): { same?: Claim; wildcard?: [exact: Claim, wildcard: Claim] } {
  const same = (index.byHost.get(c.host) ?? []).find((o) => o.seq < c.seq && (o.cluster !== c.cluster || o.field !== c.field));
  let wildcard: [Claim, Claim] | undefined;
  if (c.host.startsWith('*.')) {
    const exact = (index.byParent.get(c.host.slice(2)) ?? []).find((o) => o.seq < c.seq && o.cluster !== c.cluster);
    if (exact) wildcard = [exact, c];
  } else if (c.host.includes('.')) {
    const wide = (index.byHost.get(`*.${parentOf(c.host)}`) ?? []).find((o) => o.seq < c.seq && o.cluster !== c.cluster);
    if (wide) wildcard = [c, wide];
  }
  return { same, wildcard };
}

/**
 * Hosts of a cluster that a cluster before it in the app (or its own API server) already claims on the tenant
 * ingress: an error where one ingress routes both, a warning where DNS chooses or a wildcard loses the host.
 * The app is indexed once per check run.
 */
export function hostClaimFindings(cluster: HikubeCluster, clustersOf: (root: IConstruct) => HikubeCluster[]): Findings {
  const index = perRun(cluster, HOST_INDEX, (root) => indexOf(clustersOf(root)));
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  for (const c of index.ofCluster.get(cluster) ?? []) {
    const { same, wildcard } = earlier(index, c);
    if (same) {
      const shared = sameIngress(c.cluster, same.cluster);
      const other = same.cluster;
      const claim = `${c.host} (${c.what} of this cluster)`;
      if (other === cluster) {
        errors.push(finding('HK-INGRESS-HOST-SHARED', c.field, `${claim} is also its API server host, and the tenant ingress routes it either to the API server or to ingress-nginx; `
          + 'serve the applications on another host, or give the API server another host', { value: c.host }));
      } else if (shared === true) {
        errors.push(finding('HK-INGRESS-HOST-SHARED', c.field, `${claim} is also ${same.what} of cluster ${other.clusterName} (${other.node.path}), and ${whySame(cluster, other)}, so one tenant ingress `
          + 'routes the host to both clusters and sends its traffic to one of them unpredictably; keep the host on one cluster, or give each cluster its own host', { value: c.host }));
      } else {
        const why = shared === false
          ? `behind ${ingressName(ingressOf(other)!)} while this cluster is behind ${ingressName(ingressOf(cluster)!)}, so DNS can point the host at one of them only`
          : `in ${where(other)}; if both tenants take one tenant ingress it sends the host's traffic to either cluster, else DNS can point the host at one of them only`;
        warnings.push(finding('HK-INGRESS-HOST-OVERLAP', c.field, `${claim} is also ${same.what} of cluster ${other.clusterName} (${other.node.path}), ${why}; give each cluster its own host`, { value: c.host }));
      }
    } else if (wildcard) {
      const [exact, wide] = wildcard;
      const mine = exact === c ? 'this cluster' : `cluster ${exact.cluster.clusterName} (${exact.cluster.node.path})`;
      const theirs = wide === c ? 'this cluster' : `cluster ${wide.cluster.clusterName} (${wide.cluster.node.path})`;
      warnings.push(finding('HK-INGRESS-HOST-OVERLAP', c.field, `${exact.host} (${exact.what} of ${mine}) is inside the wildcard ${wide.host} of ${theirs}; an exact host is matched first, `
        + `so ${exact.host} goes to ${mine} only and the wildcard's cluster never gets it; remove one of them unless the wildcard is meant as a catch-all`, { value: c.host }));
    }
  }
  return { errors, warnings };
}
