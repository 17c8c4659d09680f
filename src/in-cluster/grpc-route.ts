import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Gateway } from './gateway';
import { routeParts } from './gateway-route';
import { stringList } from './names';
import { IWorkload } from './workload';
import type * as grpcRouteModule from '../imports/gateway-api-grpcroute-gateway.networking.k8s.io';
import { checkProps } from '../model/guard';
import { lazyModule } from '../model/lazy-module';
import { addChecks, problem } from '../model/validation';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const grpcRoute = lazyModule<typeof grpcRouteModule>(() => require('../imports/gateway-api-grpcroute-gateway.networking.k8s.io'));

/** A rule of a GRPCRoute matches at most 64 services (its definition's limit). */
const MAX_MATCHES = 64;
/** A fully qualified gRPC service name, as the GRPCRoute definition checks it. */
const GRPC_SERVICE = /^(?:[A-Za-z_][A-Za-z_0-9]*\.)*[A-Za-z_][A-Za-z_0-9]*$/;

/** Properties of a gRPC route. */
export interface GrpcRouteProps {
  /** The Gateway the route attaches to. */
  readonly gateway: Gateway;
  /** The workload calls go to (a cdk8s-plus Deployment, StatefulSet or DaemonSet); the route lives in its namespace. */
  readonly workload: IWorkload;
  /** Port the workload's gRPC server listens on: one of its containers' ports. */
  readonly port: number;
  /**
   * Hosts the route serves, each one the Gateway serves (or below one of its wildcard hosts).
   * @default - every host of the Gateway
   */
  readonly hosts?: string[];
  /**
   * Fully qualified gRPC services routed to the workload (`shop.v1.Cart`).
   * @default - every service
   */
  readonly services?: string[];
  /**
   * Port of the Service in front of the workload.
   * @default 80
   */
  readonly servicePort?: number;
  /**
   * Name of the GRPCRoute.
   * @default - derived from the construct id
   */
  readonly name?: string;
}

/**
 * A Gateway API `GRPCRoute` (served as `v1` by the definitions of every platform line) from hosts of a
 * `Gateway` to a cdk8s-plus workload, through a ClusterIP Service made for it.
 */
export class GrpcRoute extends Construct {
  /** The Service in front of the workload. */
  public readonly service: kplus.Service;
  /** Name of the GRPCRoute. */
  public readonly routeName: string;

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props the Gateway, the workload and the services routed to it
   */
  public constructor(scope: Construct, id: string, props: GrpcRouteProps) {
    super(scope, id);
    checkProps(this, undefined, 'GrpcRouteProps', props);
    const parts = routeParts(this, id, props);
    this.service = parts.service;
    this.routeName = parts.name;
    const services = stringList(this, 'services', props.services);
    const matches = services.map((service) => ({ method: { type: grpcRoute.GrpcRouteSpecRulesMatchesMethodType.EXACT, service } }));
    new grpcRoute.GrpcRoute(this, 'Resource', {
      metadata: { name: parts.name, namespace: parts.namespace },
      spec: {
        parentRefs: parts.parentRefs,
        hostnames: parts.hostnames,
        rules: [{
          ...(matches.length > 0 ? { matches } : {}),
          backendRefs: [{ name: parts.service.name, port: parts.servicePort }],
        }],
      },
    });
    addChecks(this, () => {
      const errors = parts.problems();
      for (const service of services.filter((s) => !GRPC_SERVICE.test(s) || s.length > 1024)) {
        errors.push(problem('HK-GATEWAY', 'services', service, 'expected a fully qualified gRPC service name, e.g. "shop.v1.Cart"'));
      }
      if (services.length > MAX_MATCHES) errors.push(problem('HK-GATEWAY', 'services', services.length, `expected at most ${MAX_MATCHES} services`));
      return errors;
    });
  }
}
