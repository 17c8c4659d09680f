import { parseQuantity } from '../model/quantity';
import { problem, type Finding } from '../model/validation';

/** Quota keys the library writes, and the `NamespaceQuota` field that sets each. */
const FIELDS = {
  'requests.cpu': 'requestsCpu',
  'requests.memory': 'requestsMemory',
  'limits.cpu': 'limitsCpu',
  'limits.memory': 'limitsMemory',
  'requests.storage': 'requestsStorage',
  'pods': 'pods',
  'persistentvolumeclaims': 'persistentVolumeClaims',
} as const;

type QuotaKey = keyof typeof FIELDS;

/** What the namespace's LimitRange gives a container that declares no requests or limits. */
export interface ContainerDefaults {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/** What one object adds to the namespace's quota, and why. */
interface Use {
  readonly what: string;
  readonly amounts: Partial<Record<QuotaKey, number>>;
}

/**
 * A namespace quota smaller than what the namespace's own workloads need: the API server refuses every
 * pod (or claim) past the quota with "exceeded quota", so the workload never runs at its size. What is
 * counted is a lower bound (a DaemonSet as one pod, a CronJob as one run, a Deployment without its rollout
 * surge), so a problem reported is one the cluster will meet.
 * @internal
 */
export function quotaProblems(namespace: string, hard: Record<QuotaKey, string>, manifests: any[], defaults: ContainerDefaults): Finding[] {
  const uses = manifests.map((m) => usage(m, defaults)).filter((u): u is Use => u !== undefined);
  const out: Finding[] = [];
  for (const key of Object.keys(FIELDS) as QuotaKey[]) {
    const limit = parseQuantity(hard[key]);
    const parts = uses.filter((u) => (u.amounts[key] ?? 0) > 0).sort((a, b) => b.amounts[key]! - a.amounts[key]!);
    const total = parts.reduce((sum, u) => sum + u.amounts[key]!, 0);
    if (!(total > limit * (1 + 1e-9))) continue;
    const listed = parts.slice(0, 3).map((u) => `${u.what} ${format(key, u.amounts[key]!)}`).join(', ') + (parts.length > 3 ? `, and ${parts.length - 3} more` : '');
    out.push(problem('HK-QUOTA-FIT', `quota.${FIELDS[key]}`, hard[key],
      `the workloads of namespace ${namespace} need at least ${format(key, total)} of ${key} (${listed}), so the API server refuses what is past the quota ("exceeded quota") ` +
      'and they never run at their size; raise the quota or lower the requests and replicas'));
  }
  return out;
}

function format(key: QuotaKey, value: number): string {
  if (key.endsWith('.cpu')) return Number.isInteger(value) ? String(value) : `${Math.ceil(value * 1000)}m`;
  if (key.endsWith('.memory') || key.endsWith('.storage')) return `${Math.ceil(value / 2 ** 20)}Mi`;
  return String(value);
}

/** Pods each workload kind keeps at once, at the least. */
const PODS: Record<string, (m: any) => { spec: any; count: number } | undefined> = {
  Pod: (m) => ({ spec: m.spec, count: 1 }),
  Deployment: (m) => ({ spec: m.spec?.template?.spec, count: m.spec?.replicas ?? 1 }),
  StatefulSet: (m) => ({ spec: m.spec?.template?.spec, count: m.spec?.replicas ?? 1 }),
  ReplicaSet: (m) => ({ spec: m.spec?.template?.spec, count: m.spec?.replicas ?? 1 }),
  DaemonSet: (m) => ({ spec: m.spec?.template?.spec, count: 1 }),
  Job: (m) => ({ spec: m.spec?.template?.spec, count: m.spec?.parallelism ?? 1 }),
  CronJob: (m) => ({ spec: m.spec?.jobTemplate?.spec?.template?.spec, count: m.spec?.jobTemplate?.spec?.parallelism ?? 1 }),
};

function usage(m: any, defaults: ContainerDefaults): Use | undefined {
  const what = `${m?.kind} ${m?.metadata?.name}`;
  if (m?.kind === 'PersistentVolumeClaim') {
    return { what, amounts: { 'persistentvolumeclaims': 1, 'requests.storage': quantity(m.spec?.resources?.requests?.storage) } };
  }
  const pods = PODS[m?.kind]?.(m);
  if (!pods?.spec || !(typeof pods.count === 'number' && pods.count > 0)) return undefined;
  const pod = podUsage(pods.spec, defaults);
  const amounts: Partial<Record<QuotaKey, number>> = { pods: pods.count };
  for (const [key, value] of Object.entries(pod) as Array<[QuotaKey, number]>) amounts[key] = value * pods.count;
  const templates: any[] = m.kind === 'StatefulSet' && Array.isArray(m.spec?.volumeClaimTemplates) ? m.spec.volumeClaimTemplates : [];
  if (templates.length > 0) {
    amounts.persistentvolumeclaims = templates.length * pods.count;
    amounts['requests.storage'] = templates.reduce((sum, t) => sum + quantity(t?.spec?.resources?.requests?.storage), 0) * pods.count;
  }
  return { what: pods.count > 1 ? `${what} (${pods.count} pods)` : what, amounts };
}

function quantity(value: unknown): number {
  return parseQuantity(value ?? 0) || 0;
}

/**
 * Requests and limits of one pod as the quota counts them: a request left out is the limit when one is
 * set (API defaulting), else the LimitRange's default; a limit left out is the LimitRange's. Init
 * containers run one at a time, so the pod needs the larger of their largest and its containers' sum.
 */
function podUsage(spec: any, defaults: ContainerDefaults): Record<'requests.cpu' | 'requests.memory' | 'limits.cpu' | 'limits.memory', number> {
  const of = (c: any) => {
    const requests = c?.resources?.requests ?? {};
    const limits = c?.resources?.limits ?? {};
    return {
      'requests.cpu': quantity(requests.cpu ?? limits.cpu ?? defaults.requests.cpu),
      'requests.memory': quantity(requests.memory ?? limits.memory ?? defaults.requests.memory),
      'limits.cpu': quantity(limits.cpu ?? defaults.limits.cpu),
      'limits.memory': quantity(limits.memory ?? defaults.limits.memory),
    };
  };
  const total = { 'requests.cpu': 0, 'requests.memory': 0, 'limits.cpu': 0, 'limits.memory': 0 };
  const keys = Object.keys(total) as Array<keyof typeof total>;
  for (const c of (Array.isArray(spec.containers) ? spec.containers : []).map(of)) keys.forEach((k) => total[k] += c[k]);
  for (const c of (Array.isArray(spec.initContainers) ? spec.initContainers : []).map(of)) keys.forEach((k) => total[k] = Math.max(total[k], c[k]));
  return total;
}
