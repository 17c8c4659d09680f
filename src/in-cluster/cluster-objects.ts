import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { goDurationSeconds, runsPerDay } from './cron';
import { podFitProblems } from './pod-fit';
import { KubevirtCsiStorageClasses } from '../cluster-api/storage-classes';
import { nearest } from '../model/guard';
import { checkedJson, finding, perRun, problem, warn, type Finding } from '../model/validation';
import { Zone } from '../model/zone';
import type { HikubeCluster } from '../tenant/hikube-cluster';

/**
 * What the app applies to one tenant cluster, read across every chart bound to it: the namespaces it
 * creates, its backup schedules, its workloads. No linter sees these together, since a schedule, its
 * restore and the namespaces they name are usually in different files.
 */

const BOUND = Symbol.for('cdk8s-hikube.TenantClusterChart');

/** A chart applied to a tenant cluster. @internal */
export interface BoundChart extends IConstruct {
  readonly cluster: HikubeCluster;
  /** Storage classes the platform creates in the cluster, as the chart was told. */
  readonly _platformStorageClasses: readonly string[];
}

/** Claims whose construct checks the storage class itself (with its own rule), skipped by the chart's check. */
const OWN_CLASS_CHECK = new WeakSet<IConstruct>();

/** Marks a claim whose construct checks its storage class itself. @internal */
export function checksOwnStorageClass(claim: IConstruct): void {
  OWN_CLASS_CHECK.add(claim);
}

/** Marks a chart as applied to its cluster, so that constructs inside find it. @internal */
export function markBound(chart: BoundChart): void {
  // Chart overrides instanceof to match any chart, so the chart marks itself.
  Object.defineProperty(chart, BOUND, { value: true });
}

/** The bound chart enclosing a construct, if any. @internal */
export function enclosingBound(scope: IConstruct): BoundChart | undefined {
  for (let s: IConstruct | undefined = scope; s; s = s.node.scope) {
    if (BOUND in s) return s as unknown as BoundChart;
  }
  return undefined;
}

/** Namespaces every tenant cluster has without the app creating them: Kubernetes' own. */
const PRESENT = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
/** The platform's add-ons run in namespaces of this prefix (`cozy-velero`, `cozy-fluxcd`, ...). */
const PLATFORM_PREFIX = 'cozy-';

/** Backups kept at once above which a schedule is worth a second look: a month of hourly backups is 720. */
export const MANY_BACKUPS = 1000;

const BOUND_OBJECTS = Symbol('cdk8s-hikube.boundObjects');

/**
 * The objects of every chart of the app bound to a cluster. One walk of the app per check run files
 * every object under its cluster, so a fleet of clusters with their charts costs one walk, not one per cluster.
 * @internal
 */
export function objectsBoundTo(cluster: HikubeCluster): ApiObject[] {
  return boundObjectsByCluster(cluster).get(cluster) ?? [];
}

/** The objects of every bound chart of the app, filed under their cluster, from the same walk. @internal */
export function boundObjectsByCluster(scope: IConstruct): ReadonlyMap<HikubeCluster, ApiObject[]> {
  return perRun(scope, BOUND_OBJECTS, boundObjectsOfApp);
}

function boundObjectsOfApp(root: IConstruct): Map<HikubeCluster, ApiObject[]> {
  const out = new Map<HikubeCluster, ApiObject[]>();
  const visit = (c: IConstruct, into: ApiObject[] | undefined) => {
    let list = into;
    if (BOUND in c) {
      const cluster = (c as unknown as BoundChart).cluster;
      list = out.get(cluster);
      if (!list) out.set(cluster, list = []);
    }
    if (list && ApiObject.isApiObject(c)) list.push(c);
    for (const child of c.node.children) visit(child, list);
  };
  visit(root, undefined);
  return out;
}

/** Namespaces the app creates in a cluster: `v1` Namespace objects of every chart of the app bound to it. @internal */
export function namespacesCreatedIn(cluster: HikubeCluster): Set<string> {
  return namespacesAmong(objectsBoundTo(cluster));
}

function namespacesAmong(objects: ApiObject[]): Set<string> {
  return new Set(objects.filter((c) => c.kind === 'Namespace' && c.apiVersion === 'v1').map((c) => c.name));
}

/**
 * Why a namespace will not exist, as the end of a message, or undefined when it may. When the app creates
 * no namespace for the cluster at all, they are managed elsewhere (by hand, another repository) and every
 * name may exist; once it creates some, it is taken to create all it uses.
 * @internal
 */
export function missingNamespace(ns: string, created: Set<string>): string | undefined {
  if (created.size === 0 || created.has(ns) || PRESENT.has(ns) || ns.startsWith(PLATFORM_PREFIX)) return undefined;
  const names = [...created].sort();
  // A name with the environment left out (shop for shop-prod) is as likely a slip as a typo.
  const guess = nearest(ns, names) ?? names.find((n) => n.startsWith(`${ns}-`) || n.endsWith(`-${ns}`));
  return guess ? `did you mean ${guess}?` : `it creates ${names.join(', ')}`;
}

/** The rendered Velero Schedule a construct holds (a `BackupSchedule`), if any. @internal */
export function scheduleObject(scope: IConstruct): ApiObject | undefined {
  return scope.node.findAll().find((c): c is ApiObject => ApiObject.isApiObject(c) && isSchedule(c));
}

function isSchedule(obj: ApiObject): boolean {
  return obj.apiVersion === 'velero.io/v1' && obj.kind === 'Schedule';
}

/** Every Velero Schedule the app applies to a cluster. @internal */
export function schedulesOf(cluster: HikubeCluster): ApiObject[] {
  return objectsBoundTo(cluster).filter(isSchedule);
}

/** The namespaces a rendered schedule backs up: `all` with exclusions, or a list. @internal */
export function backedUp(schedule: ApiObject): { all: boolean; namespaces: string[]; excluded: string[] } {
  const template = schedule.toJson().spec?.template ?? {};
  const included: string[] = Array.isArray(template.includedNamespaces) ? template.includedNamespaces : [];
  const excluded: string[] = Array.isArray(template.excludedNamespaces) ? template.excludedNamespaces : [];
  return { all: included.length === 0 || included.includes('*'), namespaces: included.filter((n) => n !== '*'), excluded };
}

/** A check of one object of a bound chart (its rendered JSON) against the rest of the app; it may record warnings. @internal */
export type ObjectCheck = (cluster: HikubeCluster, obj: ApiObject, manifest: any) => Finding[];

/**
 * Problems of the objects of one bound chart against the rest of the app: schedules of namespaces the app
 * creates nowhere for the cluster, schedules that keep a great many backups, objects in such namespaces,
 * and pods larger than every node they may run on; then the checks given, in the same walk of the chart.
 * @internal
 */
export function boundChartProblems(chart: BoundChart, objectChecks: readonly ObjectCheck[] = []): Finding[] {
  const cluster = chart.cluster;
  const bound = objectsBoundTo(cluster);
  const created = namespacesAmong(bound);
  const classes = [...new Set([...chart._platformStorageClasses, ...bound.filter(isStorageClass).map((c) => c.name)])];
  const errors: Finding[] = [];
  for (const c of chart.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    const what = `${c.kind} ${c.name}`;
    if (isSchedule(c)) {
      errors.push(...scheduleProblems(c, created));
      continue;
    }
    const manifest = checkedJson(c, c);
    const platform = isDefaultStorageClass(c, manifest) ? KubevirtCsiStorageClasses.classesOf(cluster).find((k) => k.isDefault)!.name : undefined;
    if (platform !== undefined && platform !== c.name) {
      warn(c, finding('HK-DEFAULT-STORAGE-CLASS', `metadata.annotations.${DEFAULT_CLASS_ANNOTATION}`,
        `cluster ${cluster.clusterName} already has a default StorageClass (${platform}, from the platform), so claims without a class get whichever default is newest; ` +
        'drop the annotation and name this class in the claims that need it'));
    }
    const ns = c.metadata.namespace;
    const missing = ns !== undefined && c.kind !== 'Namespace' ? missingNamespace(ns, created) : undefined;
    if (missing) {
      warn(c, finding('HK-NAMESPACE-UNKNOWN', 'metadata.namespace',
        `namespace ${ns} is created nowhere in the app for cluster ${cluster.clusterName}, so applying ${what} fails until it exists; ${missing}`));
    }
    errors.push(...podFitProblems(cluster, manifest), ...zoneProblems(cluster, manifest));
    for (const check of objectChecks) errors.push(...check(cluster, c, manifest));
    if (!OWN_CLASS_CHECK.has(c)) errors.push(...claimClassProblems(cluster, classes, manifest));
  }
  return errors;
}

function isStorageClass(obj: ApiObject): boolean {
  return obj.apiVersion === 'storage.k8s.io/v1' && obj.kind === 'StorageClass';
}

/**
 * Claims (a PersistentVolumeClaim, or the claim templates of a StatefulSet) naming a storage class the
 * cluster lacks: no provisioner answers, so the claim stays Pending and its pods never start. The classes
 * are the platform's and those the app creates for the cluster; an empty name asks for a pre-bound
 * volume, no class at all for the default, and both are left alone.
 */
function claimClassProblems(cluster: HikubeCluster, classes: readonly string[], manifest: any): Finding[] {
  const claims: Array<{ field: string; spec: any }> = [];
  if (manifest?.apiVersion === 'v1' && manifest.kind === 'PersistentVolumeClaim') claims.push({ field: 'spec.storageClassName', spec: manifest.spec });
  if (manifest?.apiVersion === 'apps/v1' && manifest.kind === 'StatefulSet' && Array.isArray(manifest.spec?.volumeClaimTemplates)) {
    manifest.spec.volumeClaimTemplates.forEach((t: any, i: number) => claims.push({ field: `spec.volumeClaimTemplates[${i}].spec.storageClassName`, spec: t?.spec }));
  }
  return claims.filter(({ spec }) => typeof spec?.storageClassName === 'string' && spec.storageClassName !== '' && !classes.includes(spec.storageClassName))
    .map(({ field, spec }) => {
      const guess = nearest(spec.storageClassName, [...classes]);
      return problem('HK-CLAIM-STORAGE-CLASS', `${manifest.kind} ${manifest.metadata?.name} ${field}`, spec.storageClassName,
        `cluster ${cluster.clusterName} has the storage classes ${[...classes].sort().join(', ')}, so the claim stays Pending${guess ? `; did you mean ${guess}?` : ''}`);
    });
}

const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

function isDefaultStorageClass(obj: ApiObject, manifest: any): boolean {
  return isStorageClass(obj) && manifest.metadata?.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true';
}

const ZONE_LABEL = 'topology.kubernetes.io/zone';

/**
 * A pod that selects only zones no node of the cluster is in (Hikube's zones, and self-hosted zones its
 * groups name), through its node selector or a required node affinity term.
 */
function zoneProblems(cluster: HikubeCluster, manifest: any): Finding[] {
  const spec = manifest?.kind === 'Pod' ? manifest.spec
    : manifest?.spec?.template?.spec ?? manifest?.spec?.jobTemplate?.spec?.template?.spec;
  if (!spec) return [];
  const selections: Array<{ field: string; zones: string[] }> = [];
  const selected: unknown = spec.nodeSelector?.[ZONE_LABEL];
  if (typeof selected === 'string') selections.push({ field: 'nodeSelector', zones: [selected] });
  const terms: any[] = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const e of term?.matchExpressions ?? []) {
      if (e?.key === ZONE_LABEL && e.operator === 'In' && Array.isArray(e.values)) selections.push({ field: 'affinity', zones: e.values.filter((v: unknown) => typeof v === 'string') });
    }
  }
  if (selections.every(({ zones }) => zones.every((z) => Zone._isHikube(z)))) return [];
  const known = [...new Set([...Zone.all(), ...cluster.nodeGroups.flatMap((g) => g.options.zones ?? [])].map((z) => z.name))];
  return selections.filter(({ zones }) => zones.length > 0 && !zones.some((z) => known.includes(z))).map(({ field, zones }) => {
    const guess = nearest(zones[0], known);
    return problem('HK-POD-FIT', `${manifest.kind} ${manifest.metadata?.name} ${field}`, { [ZONE_LABEL]: zones.length === 1 ? zones[0] : zones },
      `no node of cluster ${cluster.clusterName} is in that zone, so the pods never schedule; the zones are ${known.join(', ')}${guess ? `; did you mean ${guess}?` : ''}`);
  });
}
function scheduleProblems(schedule: ApiObject, created: Set<string>): Finding[] {
  const errors: Finding[] = [];
  const what = `Schedule ${schedule.name}`;
  for (const ns of backedUp(schedule).namespaces) {
    const missing = missingNamespace(ns, created);
    if (missing) {
      errors.push(finding('HK-BACKUP-NAMESPACE', `${what} namespaces`,
        `namespace ${ns} is created nowhere in the app for this cluster, so every backup completes with nothing of it; ${missing}`, { value: ns }));
    }
  }
  const spec = schedule.toJson().spec ?? {};
  const perDay = typeof spec.schedule === 'string' ? runsPerDay(spec.schedule) : undefined;
  const days = goDurationSeconds(spec.template?.ttl) / 86400;
  const kept = perDay !== undefined && days > 0 ? Math.round(perDay * days) : 0;
  if (kept > MANY_BACKUPS) {
    warn(schedule, finding('HK-BACKUP-COUNT', 'schedule',
      `"${spec.schedule}" with a retention of ${spec.template.ttl} keeps about ${kept.toLocaleString('en-US')} backups at once, each a full copy of the namespaces' objects that Velero lists and syncs; back up less often or shorten the retention (a month of hourly backups is 720)`));
  }
  return errors;
}
