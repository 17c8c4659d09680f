import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { hostProblems, portProblems, serviceFor } from './exposure';
import { Gateway } from './gateway';
import { objectName, stringList } from './names';
import { TenantClusterChart } from './tenant-cluster-chart';
import { checkWorkload, IWorkload } from './workload';
import { problem, type Finding } from '../model/validation';

/** What every route takes: the Gateway, the workload behind it, and the hosts. @internal */
export interface RouteBasics {
  readonly gateway: Gateway;
  readonly workload: IWorkload;
  readonly port: number;
  readonly hosts?: string[];
  readonly servicePort?: number;
  readonly name?: string;
}

/** What a route renders from its basics. @internal */
export interface RouteParts {
  readonly name: string;
  readonly namespace: string;
  readonly service: kplus.Service;
  readonly servicePort: number;
  readonly hostnames: string[];
  readonly parentRefs: Array<{ name: string; namespace?: string }>;
  /** Checks every route makes, run with the construct's own. */
  readonly problems: () => Finding[];
}

/**
 * The part every route shares: a ClusterIP Service in front of the workload (in its namespace), the
 * Gateway as parent, and the checks that the route can attach (same cluster, a namespace the Gateway
 * admits, hosts the Gateway serves) and reach the workload (a port its containers declare).
 * @internal
 */
export function routeParts(scope: Construct, id: string, props: RouteBasics): RouteParts {
  const chart = TenantClusterChart.enclosing(scope);
  const workload = checkWorkload(scope, 'workload', props.workload);
  const namespace = workload.apiObject.metadata.namespace ?? 'default';
  const port = props.port;
  const servicePort = props.servicePort ?? 80;
  const gateway = props.gateway;
  const hostnames = props.hosts === undefined ? [...gateway.hosts] : stringList(scope, 'hosts', props.hosts);
  const service = serviceFor(scope, workload, servicePort, port, kplus.ServiceType.CLUSTER_IP);
  return {
    name: objectName(scope, props.name, id),
    namespace,
    service,
    servicePort,
    hostnames,
    parentRefs: [{ name: gateway.gatewayName, ...(gateway.namespace !== namespace ? { namespace: gateway.namespace } : {}) }],
    problems: () => {
      const errors: Finding[] = [...portProblems(workload, port, 'port')];
      if (!Number.isInteger(servicePort) || servicePort < 1 || servicePort > 65535) errors.push(problem('HK-EXPOSURE', 'servicePort', servicePort, 'expected a port from 1 to 65535'));
      if (TenantClusterChart.enclosing(gateway).cluster !== chart.cluster) {
        errors.push(problem('HK-GATEWAY', 'gateway', gateway.node.path, `the Gateway belongs to cluster ${TenantClusterChart.enclosing(gateway).cluster.clusterName}, the route to ${chart.cluster.clusterName}`));
      }
      if (!gateway.routeNamespaces.includes(namespace)) {
        errors.push(problem('HK-GATEWAY', 'workload', namespace, `the Gateway ${gateway.gatewayName} admits routes of ${gateway.routeNamespaces.join(', ')}; add ${namespace} to its routeNamespaces`));
      }
      errors.push(...hostProblems('HK-GATEWAY', hostnames));
      for (const host of hostnames.filter((h) => !gateway.hosts.some((g) => listenerServes(g, h)))) {
        errors.push(problem('HK-GATEWAY', 'hosts', host, `the Gateway ${gateway.gatewayName} serves ${gateway.hosts.join(', ') || 'no hosts'}; the route would attach to no listener`));
      }
      return errors;
    },
  };
}

/** Whether a listener's hostname admits a route's: equal, or below a wildcard listener. */
function listenerServes(listener: string, host: string): boolean {
  return listener === host || (listener.startsWith('*.') && host.endsWith(listener.slice(1)) && !host.startsWith('*.'));
}
