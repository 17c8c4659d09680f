import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { boundObjectsByCluster } from './cluster-objects';
import { declaredPorts, renderedPodTemplate, type DeclaredPort } from './pod-patch';
import { CheckedWorkload } from './workload';
import { checkedJson, perRun, problem, type Finding } from '../model/validation';
import type { HikubeCluster } from '../tenant/hikube-cluster';

/**
 * A NetworkPolicy port where the receiving pods listen on none: the policy admits traffic to a closed port,
 * and the port the pods do listen on stays denied, so the connection the rule was written for fails. As for
 * exposed ports, pods whose containers declare no port at all are not judged (ports are informational in
 * Kubernetes), nor are selectors the check cannot resolve to workloads of the app.
 */

/** A port a rule opens on its pods: a number (with an optional range end) or a container port's name. */
interface RulePort {
  readonly port: number | string;
  readonly endPort?: number;
  readonly protocol: string;
}

/** Policies whose construct checks the rule's ports itself (a `SecureNamespace` rule), skipped by the check of policies. */
const OWN_CHECK = new WeakSet<IConstruct>();

/** Marks a NetworkPolicy whose construct checks its ports itself. @internal */
export function checksOwnPorts(policy: IConstruct): void {
  OWN_CHECK.add(policy);
}

/**
 * The ports of a workload network rule that the receiving workload's containers do not declare. `field`
 * names the rule (`frontend-to-web.ports`).
 * @internal
 */
export function rulePortProblems(field: string, to: CheckedWorkload, ports: ReadonlyArray<{ port: number; protocol: string }>): Finding[] {
  const declared = declaredPorts(renderedPodTemplate(to.workload, to).spec);
  if (declared.length === 0) return [];
  return ports.filter((p) => !opens(declared, p)).map((p) =>
    problem('HK-NETWORK-PORT', field, p.port, closedMessage(`the containers of ${to.apiObject.kind} ${to.apiObject.name}`, declared, p)));
}

/** The pods of one workload object of the app: where they run, their labels and the ports their containers declare. */
interface PodGroup {
  readonly what: string;
  readonly namespace: string;
  readonly labels: { readonly [key: string]: string };
  readonly ports: readonly DeclaredPort[];
}

const POD_GROUPS = Symbol('cdk8s-hikube.podGroups');

/** Where the pod template of each kind of workload is. */
const TEMPLATES: { readonly [kind: string]: (manifest: any) => any } = {
  'apps/v1 Deployment': (m) => m.spec?.template,
  'apps/v1 StatefulSet': (m) => m.spec?.template,
  'apps/v1 DaemonSet': (m) => m.spec?.template,
  'apps/v1 ReplicaSet': (m) => m.spec?.template,
  'batch/v1 Job': (m) => m.spec?.template,
  'batch/v1 CronJob': (m) => m.spec?.jobTemplate?.spec?.template,
  'v1 Pod': (m) => m,
};

/** The workloads the app applies to a cluster, read once per check run and cluster, and only for clusters with policies to check. */
function podGroupsOf(scope: IConstruct, cluster: HikubeCluster): PodGroup[] {
  const memo = perRun(scope, POD_GROUPS, () => new Map<HikubeCluster, PodGroup[]>());
  let groups = memo.get(cluster);
  if (!groups) {
    groups = [];
    for (const obj of boundObjectsByCluster(scope).get(cluster) ?? []) {
      const template = TEMPLATES[`${obj.apiVersion} ${obj.kind}`];
      if (!template) continue;
      const pod = template(checkedJson(scope, obj));
      const labels = pod?.metadata?.labels;
      groups.push({
        what: `${obj.kind} ${obj.name}`,
        namespace: obj.metadata.namespace ?? 'default',
        labels: labels !== null && typeof labels === 'object' ? labels : {},
        ports: declaredPorts(pod?.spec),
      });
    }
    memo.set(cluster, groups);
  }
  return groups;
}

/**
 * The ports of a NetworkPolicy of a bound chart (cdk8s-plus's or written by hand) that none of the pods
 * they apply to declares: on ingress, the pods the policy selects; on egress, the pods a rule sends to,
 * when its peers name pods by labels in a namespace named by `kubernetes.io/metadata.name` (or the
 * policy's own). A rule with a peer the check cannot resolve (an IP block, a whole namespace, label
 * expressions) is left alone, since the port may be for that peer.
 * @internal
 */
export function networkPolicyPortProblems(cluster: HikubeCluster, obj: ApiObject, manifest: any): Finding[] {
  if (manifest?.kind !== 'NetworkPolicy' || manifest.apiVersion !== 'networking.k8s.io/v1' || OWN_CHECK.has(obj)) return [];
  const spec = manifest.spec ?? {};
  const namespace: string = manifest.metadata?.namespace ?? 'default';
  const groups = () => podGroupsOf(obj, cluster);
  const errors: Finding[] = [];
  const judge = (targets: PodGroup[] | undefined, ports: unknown, field: string) => {
    // A pod that declares no port may listen anywhere; so may the policy's targets when one of them is such a pod.
    if (!targets || targets.length === 0 || targets.some((t) => t.ports.length === 0) || !Array.isArray(ports)) return;
    const declared = targets.flatMap((t) => t.ports);
    ports.forEach((p: any, j: number) => {
      const port = rulePort(p);
      if (!port || opens(declared, port)) return;
      const what = targets.length === 1 ? `the containers of ${targets[0].what}` : `the containers of ${targets.map((t) => t.what).join(', ')}`;
      errors.push(problem('HK-NETWORK-PORT', `NetworkPolicy ${manifest.metadata?.name} ${field}[${j}].port`, port.port, closedMessage(what, declared, port)));
    });
  };
  if (Array.isArray(spec.ingress) && spec.ingress.some((r: any) => Array.isArray(r?.ports))) {
    const subjects = selected(groups(), namespace, spec.podSelector);
    spec.ingress.forEach((rule: any, i: number) => judge(subjects, rule?.ports, `spec.ingress[${i}].ports`));
  }
  if (Array.isArray(spec.egress)) {
    spec.egress.forEach((rule: any, i: number) => {
      if (!Array.isArray(rule?.ports) || !Array.isArray(rule.to) || rule.to.length === 0) return;
      const peers = rule.to.map((peer: any) => peerPods(groups(), namespace, peer));
      if (peers.some((p: PodGroup[] | undefined) => p === undefined)) return;
      judge([...new Set(peers.flat() as PodGroup[])], rule.ports, `spec.egress[${i}].ports`);
    });
  }
  return errors;
}

/** The pods a label selector picks in a namespace, or undefined when it selects by expressions or selects every pod. */
function selected(groups: PodGroup[], namespace: string, selector: any): PodGroup[] | undefined {
  const labels = selector?.matchLabels;
  if (Array.isArray(selector?.matchExpressions) && selector.matchExpressions.length > 0) return undefined;
  if (labels === null || typeof labels !== 'object' || Object.keys(labels).length === 0) return undefined;
  return groups.filter((g) => g.namespace === namespace && Object.entries(labels).every(([k, v]) => g.labels[k] === v));
}

const NAMESPACE_NAME = 'kubernetes.io/metadata.name';

/** The pods an egress peer names, or undefined when the check cannot tell. */
function peerPods(groups: PodGroup[], namespace: string, peer: any): PodGroup[] | undefined {
  if (peer?.ipBlock !== undefined || peer?.podSelector === undefined) return undefined;
  const nsSelector = peer.namespaceSelector;
  if (nsSelector === undefined) return selected(groups, namespace, peer.podSelector);
  const labels = nsSelector?.matchLabels ?? {};
  const named = Object.keys(labels).length === 1 && typeof labels[NAMESPACE_NAME] === 'string' && !(nsSelector.matchExpressions?.length > 0);
  return named ? selected(groups, labels[NAMESPACE_NAME], peer.podSelector) : undefined;
}

/** A port of a policy rule, or undefined for a rule over every port. */
function rulePort(p: any): RulePort | undefined {
  if (typeof p?.port !== 'number' && typeof p?.port !== 'string') return undefined;
  return { port: p.port, ...(typeof p.endPort === 'number' ? { endPort: p.endPort } : {}), protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP' };
}

function opens(declared: readonly DeclaredPort[], p: RulePort): boolean {
  return declared.some((d) => d.protocol === p.protocol && (typeof p.port === 'string'
    ? d.name === p.port
    : d.port >= p.port && d.port <= (p.endPort ?? p.port)));
}

function closedMessage(who: string, declared: readonly DeclaredPort[], p: RulePort): string {
  const shown = (port: number | string, protocol: string) => (protocol === 'TCP' ? `${port}` : `${port}/${protocol}`);
  const listening = [...new Set(declared.map((d) => shown(d.port, d.protocol)))];
  const opened = typeof p.port === 'string' ? `the port named ${p.port}` : shown(p.endPort !== undefined ? `${p.port}-${p.endPort}` : p.port, p.protocol);
  return `${who} listen on ${listening.join(', ')}, not ${opened}: the rule admits traffic to a closed port while the port the pods listen on stays denied; ` +
    `use the container port (${listening.join(' or ')}), not a Service port`;
}
