import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { objectName } from './names';
import type * as networkPortsModule from './network-ports';
import { CheckedWorkload, checkWorkload, IWorkload } from './workload';
import { lazyModule } from '../model/lazy-module';
import { DNS1123_LABEL, invalid } from '../model/validation';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const networkPorts = lazyModule<typeof networkPortsModule>(() => require('./network-ports'));

/** Traffic a workload of a secure namespace accepts. */
export interface WorkloadIngressRule {
  /** The workload receiving the traffic; it must run in the namespace the rule is added to. */
  readonly to: IWorkload;
  /**
   * The workload sending it.
   * @default - set this or `fromNamespace`
   */
  readonly from?: IWorkload;
  /**
   * Every pod of a namespace sending it.
   * @default - set this or `from`
   */
  readonly fromNamespace?: string;
  /** Ports of the receiving pods (container ports, not Service ports). */
  readonly ports: number[];
  /**
   * Protocol of the ports.
   * @default NetworkProtocol.TCP
   */
  readonly protocol?: kplus.NetworkProtocol;
}

/** Traffic a workload of a secure namespace may send. */
export interface WorkloadEgressRule {
  /** The workload sending the traffic; it must run in the namespace the rule is added to. */
  readonly from: IWorkload;
  /** The workload receiving it. */
  readonly to: IWorkload;
  /** Ports of the receiving pods (container ports, not Service ports). */
  readonly ports: number[];
  /**
   * Protocol of the ports.
   * @default NetworkProtocol.TCP
   */
  readonly protocol?: kplus.NetworkProtocol;
}

/** One side of a traffic rule: pods of a workload, or every pod of a namespace. @internal */
export interface Peer {
  readonly namespace: string;
  readonly labels?: { [key: string]: string };
}

/** The namespace a workload runs in (the API server's default when it names none). @internal */
export function namespaceOf(workload: CheckedWorkload): string {
  return workload.apiObject.metadata.namespace ?? 'default';
}

/** A peer for a workload, checked. @internal */
export function workloadPeer(scope: Construct, field: string, value: unknown): Peer {
  const workload = checkWorkload(scope, field, value);
  return { namespace: namespaceOf(workload), labels: { ...workload.matchLabels } };
}

/** A peer for every pod of a namespace, checked. @internal */
export function namespacePeer(scope: Construct, field: string, value: unknown): Peer {
  if (typeof value !== 'string' || value.length > 63 || !DNS1123_LABEL.test(value)) {
    throw invalid('HK-NETWORK-RULE', scope, field, value, 'expected a namespace name (a lower-case DNS label)');
  }
  return { namespace: value };
}

/** The rule's ports as NetworkPolicy ports, checked. @internal */
export function policyPorts(scope: Construct, ports: unknown, protocol: unknown): Array<{ port: number; protocol: string }> {
  const protocols = Object.values(kplus.NetworkProtocol) as string[];
  const p = protocol ?? kplus.NetworkProtocol.TCP;
  if (typeof p !== 'string' || !protocols.includes(p)) throw invalid('HK-NETWORK-RULE', scope, 'protocol', p, `allowed: ${protocols.join(', ')}`);
  if (!Array.isArray(ports) || ports.length === 0 || ports.some((n) => !Number.isInteger(n) || n < 1 || n > 65535)) {
    throw invalid('HK-NETWORK-RULE', scope, 'ports', ports, 'expected a list of one or more ports from 1 to 65535, e.g. [5432]');
  }
  return ports.map((port: number) => ({ port, protocol: p }));
}

/**
 * A NetworkPolicy that lets `subject` pods take one direction of a rule: ingress from `peer`, or egress
 * to it. The selectors are the workloads' own labels.
 * @internal
 */
export function trafficPolicy(scope: Construct, id: string, direction: 'Ingress' | 'Egress', subject: Peer, peer: Peer,
  ports: Array<{ port: number; protocol: string }>): ApiObject {
  const selector = {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': peer.namespace } },
    ...(peer.labels ? { podSelector: { matchLabels: peer.labels } } : {}),
  };
  const rule = direction === 'Ingress' ? { from: [selector], ports } : { to: [selector], ports };
  const policy = new ApiObject(scope, id, {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: objectName(scope, undefined, id), namespace: subject.namespace },
    spec: {
      podSelector: { matchLabels: subject.labels ?? {} },
      policyTypes: [direction],
      [direction === 'Ingress' ? 'ingress' : 'egress']: [rule],
    },
  });
  // The rule checks its ports against the receiving workload once, not once per side.
  networkPorts.checksOwnPorts(policy);
  return policy;
}
