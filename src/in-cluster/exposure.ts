import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { childObjectName } from './names';
import { declaredPorts, renderedPodTemplate } from './pod-patch';
import { TenantClusterChart } from './tenant-cluster-chart';
import { CheckedWorkload } from './workload';
import { RuleCode } from '../diagnostics/rules';
import { DNS1123_SUBDOMAIN, problem, type Finding } from '../model/validation';
import { HikubeCluster } from '../tenant/hikube-cluster';

/** How a request path is matched. */
export enum PathMatch {
  /** The path and everything below it, element by element (`/shop` matches `/shop/cart`, not `/shopping`). */
  PREFIX = 'prefix',
  /** The path exactly. */
  EXACT = 'exact',
  /**
   * A regular expression (ingress-nginx: `use-regex`, with capture groups for `rewriteTarget`; Gateway
   * routes: `RegularExpression`, as Cilium's Envoy reads it).
   */
  REGEX = 'regex',
}

/** A ClusterIP or LoadBalancer Service that selects a workload's pods, named validly after its construct. @internal */
export function serviceFor(scope: IConstruct, workload: CheckedWorkload, port: number, targetPort: number, type: kplus.ServiceType): kplus.Service {
  const service = new kplus.Service(scope as Construct, 'Service', {
    metadata: { name: childObjectName(scope, 'Service'), namespace: workload.apiObject.metadata.namespace },
    type,
    ports: [{ port, targetPort }],
  });
  for (const [key, value] of Object.entries(workload.matchLabels)) service.selectLabel(key, value);
  return service;
}

/**
 * A port that is not a port number, or that none of the workload's containers declares: the Service would
 * send every request where nothing listens. Containers that declare no port at all are not judged (ports
 * are informational in Kubernetes).
 * @internal
 */
export function portProblems(workload: CheckedWorkload, port: number, field: string): Finding[] {
  if (!Number.isInteger(port) || port < 1 || port > 65535) return [problem('HK-EXPOSURE', field, port, 'expected a port from 1 to 65535')];
  const declared = declaredPorts(renderedPodTemplate(workload.workload, workload).spec).map((p) => p.port);
  if (declared.length === 0 || declared.includes(port)) return [];
  return [problem('HK-EXPOSURE-PORT', field, port, `the containers of ${workload.apiObject.kind} ${workload.apiObject.name} listen on ${[...new Set(declared)].join(', ')}; every request to another port fails`)];
}

/** Host names an Ingress or a Gateway listener takes: lower-case DNS names, a leading `*.` allowed, each once. @internal */
export function hostProblems(rule: RuleCode, hosts: string[]): Finding[] {
  const errors: Finding[] = [];
  hosts.forEach((host, i) => {
    const name = typeof host === 'string' && host.startsWith('*.') ? host.slice(2) : host;
    if (typeof name !== 'string' || name.length > 253 || !DNS1123_SUBDOMAIN.test(name) || !name.includes('.')) {
      errors.push(problem(rule, 'hosts', host, 'expected a lower-case DNS name with at least two labels, optionally starting with "*."'));
    } else if (hosts.indexOf(host) !== i) {
      errors.push(problem(rule, 'hosts', host, 'each host once'));
    }
  });
  return errors;
}

/** Paths as Ingresses and routes take them: absolute, and for regular expressions ones that compile. @internal */
export function pathProblems(rule: RuleCode, paths: string[], match: PathMatch): Finding[] {
  const errors: Finding[] = [];
  for (const path of paths) {
    if (!path.startsWith('/') || /\s/.test(path)) {
      errors.push(problem(rule, 'paths', path, 'expected an absolute path without spaces, e.g. "/shop"'));
      continue;
    }
    if (match === PathMatch.REGEX) {
      try {
        new RegExp(path);
      } catch (e) {
        errors.push(problem(rule, 'paths', path, `not a regular expression: ${(e as Error).message}`));
      }
    }
  }
  if (new Set(paths).size !== paths.length) errors.push(problem(rule, 'paths', paths, 'each path once'));
  return errors;
}

/** What serves a host: an Ingress (with its paths) on the cluster's ingress-nginx, or a Gateway's own address. */
export interface HostClaim {
  readonly host: string;
  readonly owner: IConstruct;
  readonly via: 'Ingress' | 'Gateway';
  /** Paths an Ingress serves on the host; a Gateway takes the whole host. */
  readonly paths: readonly string[];
}

/** Claims of every in-cluster chart, per cluster, in the order they were made. */
const CLAIMS = new WeakMap<HikubeCluster, HostClaim[]>();

/** Records the hosts a construct serves, for the checks of the constructs made after it. @internal */
export function claimHosts(chart: TenantClusterChart, claims: HostClaim[]): void {
  const list = CLAIMS.get(chart.cluster) ?? [];
  list.push(...claims);
  CLAIMS.set(chart.cluster, list);
}

/**
 * Why a construct's hosts cannot be its own: a host is served at one address, so two Gateways, or a
 * Gateway and an Ingress, cannot share it (DNS points at one of them); Ingresses of the one ingress-nginx
 * may share a host on other paths. The API server's own host is never an application's. Each conflict
 * is reported once, by the construct made later.
 * @internal
 */
export function hostOwnerProblems(chart: TenantClusterChart, owner: IConstruct): Finding[] {
  const all = CLAIMS.get(chart.cluster) ?? [];
  const first = all.findIndex((c) => c.owner === owner);
  if (first < 0) return [];
  const mine = all.filter((c) => c.owner === owner);
  const earlier = all.slice(0, first);
  const errors: Finding[] = [];
  const apiHost = chart.cluster.props.host;
  for (const claim of mine) {
    if (apiHost !== undefined && claim.host === apiHost) {
      errors.push(problem('HK-API-HOST', 'hosts', claim.host, `it is the API server host of cluster ${chart.cluster.clusterName}; serve the application on another host`));
    }
    const other = earlier.find((c) => c.host === claim.host && (c.via === 'Gateway' || claim.via === 'Gateway' || c.paths.some((p) => claim.paths.includes(p))));
    if (other) {
      const what = other.via === 'Ingress' && claim.via === 'Ingress' ? `on the path ${other.paths.find((p) => claim.paths.includes(p))} ` : '';
      errors.push(problem('HK-HOST-OWNER', 'hosts', claim.host, `${other.owner.node.path} already serves it ${what}through ${other.via === 'Ingress' ? 'an Ingress' : 'a Gateway'}; a host has one owner in a cluster`));
    }
  }
  return errors;
}
