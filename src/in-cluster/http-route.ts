import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PathMatch, pathProblems } from './exposure';
import { Gateway } from './gateway';
import { routeParts } from './gateway-route';
import { stringList } from './names';
import { IWorkload } from './workload';
import type * as httpRouteModule from '../imports/gateway-api-httproute-gateway.networking.k8s.io';
import { checkProps } from '../model/guard';
import { lazyModule } from '../model/lazy-module';
import { addChecks, problem } from '../model/validation';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const httpRoute = lazyModule<typeof httpRouteModule>(() => require('../imports/gateway-api-httproute-gateway.networking.k8s.io'));

/** A rule of an HTTPRoute matches at most 64 paths (its definition's limit). */
const MAX_MATCHES = 64;

/** The definition's path type of a match (a function: the bindings load when a route renders). */
function pathType(match: PathMatch): httpRouteModule.HttpRouteSpecRulesMatchesPathType {
  const types = httpRoute.HttpRouteSpecRulesMatchesPathType;
  return { [PathMatch.PREFIX]: types.PATH_PREFIX, [PathMatch.EXACT]: types.EXACT, [PathMatch.REGEX]: types.REGULAR_EXPRESSION }[match];
}

/** Properties of an HTTP route. */
export interface HttpRouteProps {
  /** The Gateway the route attaches to. */
  readonly gateway: Gateway;
  /** The workload requests go to (a cdk8s-plus Deployment, StatefulSet or DaemonSet); the route lives in its namespace. */
  readonly workload: IWorkload;
  /** Port the workload listens on: one of its containers' ports. */
  readonly port: number;
  /**
   * Hosts the route serves, each one the Gateway serves (or below one of its wildcard hosts).
   * @default - every host of the Gateway
   */
  readonly hosts?: string[];
  /**
   * Paths routed to the workload, each starting with `/`.
   * @default ["/"]
   */
  readonly paths?: string[];
  /**
   * How the paths match.
   * @default PathMatch.PREFIX
   */
  readonly pathMatch?: PathMatch;
  /**
   * Port of the Service in front of the workload.
   * @default 80
   */
  readonly servicePort?: number;
  /**
   * Name of the HTTPRoute.
   * @default - derived from the construct id
   */
  readonly name?: string;
}

/**
 * A Gateway API `HTTPRoute` from hosts and paths of a `Gateway` to a cdk8s-plus workload, through a
 * ClusterIP Service made for it. Several routes may share a host on other paths.
 */
export class HttpRoute extends Construct {
  /** The Service in front of the workload. */
  public readonly service: kplus.Service;
  /** Name of the HTTPRoute. */
  public readonly routeName: string;

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props the Gateway, the workload and what is routed to it
   */
  public constructor(scope: Construct, id: string, props: HttpRouteProps) {
    super(scope, id);
    checkProps(this, undefined, 'HttpRouteProps', props, { PathMatch });
    const parts = routeParts(this, id, props);
    this.service = parts.service;
    this.routeName = parts.name;
    const paths = props.paths === undefined ? ['/'] : stringList(this, 'paths', props.paths);
    const pathMatch = props.pathMatch ?? PathMatch.PREFIX;
    new httpRoute.HttpRoute(this, 'Resource', {
      metadata: { name: parts.name, namespace: parts.namespace },
      spec: {
        parentRefs: parts.parentRefs,
        hostnames: parts.hostnames,
        rules: [{
          matches: paths.map((value) => ({ path: { type: pathType(pathMatch), value } })),
          backendRefs: [{ name: parts.service.name, port: parts.servicePort }],
        }],
      },
    });
    addChecks(this, () => {
      const errors = [...parts.problems(), ...pathProblems('HK-GATEWAY', paths, pathMatch)];
      if (paths.length === 0 || paths.length > MAX_MATCHES) errors.push(problem('HK-GATEWAY', 'paths', paths.length, `expected 1 to ${MAX_MATCHES} paths`));
      return errors;
    });
  }
}
