import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { boundObjectsByCluster, enclosingBound, type BoundChart } from './cluster-objects';
import { nearest } from '../model/guard';
import { finding, perRun, problem, warn, type Finding } from '../model/validation';
import type { HikubeCluster } from '../tenant/hikube-cluster';

/**
 * Certificates name their issuer by name only: a `ClusterIssuer` exists in the clusters whose charts
 * create it, and a certificate in another cluster waits for it forever. These checks read the issuers the
 * app creates for every cluster, from one index per check run.
 */

/** The annotation cert-manager reads on an Ingress or a Gateway to make its certificates. */
export const CLUSTER_ISSUER_ANNOTATION = 'cert-manager.io/cluster-issuer';

/** An issuer a construct was given: the library's `LetsEncryptIssuer`, read without importing it. @internal */
export interface IssuerObject extends IConstruct {
  readonly issuerName: string;
}

/** Objects whose construct checks the issuer object it was given (`HK-ISSUER-CLUSTER`), which the check by name skips. */
const TYPED_ISSUER = new WeakSet<IConstruct>();

/** Marks an object whose construct checks its issuer object itself. @internal */
export function checksOwnIssuer(obj: IConstruct): void {
  TYPED_ISSUER.add(obj);
}

/** The ClusterIssuers the app creates, per cluster: their names and the objects. */
type IssuerIndex = ReadonlyMap<HikubeCluster, ReadonlyMap<string, ApiObject>>;

const ISSUERS = Symbol('cdk8s-hikube.clusterIssuers');

function issuerIndex(scope: IConstruct): IssuerIndex {
  return perRun(scope, ISSUERS, (root) => {
    const out = new Map<HikubeCluster, Map<string, ApiObject>>();
    for (const [cluster, objects] of boundObjectsByCluster(root)) {
      const names = new Map<string, ApiObject>();
      for (const obj of objects) {
        if (isClusterIssuer(obj) && !names.has(obj.name)) names.set(obj.name, obj);
      }
      out.set(cluster, names);
    }
    return out;
  });
}

function isClusterIssuer(obj: ApiObject): boolean {
  return obj.kind === 'ClusterIssuer' && obj.apiVersion === 'cert-manager.io/v1';
}

/**
 * An issuer object created for another cluster (or in another app) given to a construct of this one: the
 * ClusterIssuer it renders is applied to that cluster only, so cert-manager here never issues the
 * certificate; and what the construct adds to the issuer (a Gateway's HTTP-01 solver) lands there too.
 * @internal
 */
export function issuerClusterProblems(chart: BoundChart, issuer: IssuerObject, field = 'issuer'): Finding[] {
  const own = enclosingBound(issuer);
  if (!own || own.cluster === chart.cluster) return [];
  const here = chart.cluster.clusterName;
  const there = issuer.node.root === chart.node.root ? `cluster ${own.cluster.clusterName}` : `cluster ${own.cluster.clusterName} of another App`;
  const same = issuerIndex(chart).get(chart.cluster)?.get(issuer.issuerName);
  const fix = same
    ? `cluster ${here}'s own ClusterIssuer ${issuer.issuerName} (${same.node.scope?.node.path ?? same.node.path}) has settings of its own and gets nothing this construct adds; pass that issuer`
    : `cluster ${here} has no ClusterIssuer ${issuer.issuerName}, so cert-manager never issues the certificate and TLS fails; pass an issuer created in a TenantClusterChart of cluster ${here}`;
  return [problem('HK-ISSUER-CLUSTER', field, issuer.node.path, `the issuer is created for ${there}, where its ClusterIssuer is applied; ${fix}`)];
}

/**
 * Warns about an object of a bound chart that names a ClusterIssuer the app does not create for its
 * cluster: an Ingress or Gateway through cert-manager's annotation, a Certificate through its `issuerRef`.
 * When the app creates no ClusterIssuer for the cluster and none of that name anywhere, issuers are
 * managed elsewhere and every name may exist; otherwise the name is likely a slip (or meant for another
 * cluster), yet it may still be created by hand, hence a warning.
 * @internal
 */
export function issuerReferenceWarnings(cluster: HikubeCluster, obj: ApiObject, manifest: any): Finding[] {
  if (TYPED_ISSUER.has(obj)) return [];
  const ref = issuerReference(manifest);
  if (!ref) return [];
  const index = issuerIndex(obj);
  const mine = index.get(cluster) ?? new Map<string, ApiObject>();
  if (mine.has(ref.name)) return [];
  const elsewhere = [...index].filter(([c, names]) => c !== cluster && names.has(ref.name)).map(([c]) => c.clusterName);
  if (mine.size === 0 && elsewhere.length === 0) return [];
  const names = [...mine.keys()].sort();
  const guess = nearest(ref.name, names);
  const created = elsewhere.length > 0
    ? `the app creates the ClusterIssuer ${ref.name} for cluster${elsewhere.length > 1 ? 's' : ''} ${elsewhere.join(', ')} only, not for ${cluster.clusterName}`
    : `the app creates no ClusterIssuer ${ref.name} for cluster ${cluster.clusterName}`;
  const fix = guess ? `did you mean ${guess}?`
    : names.length > 0 ? `it creates ${names.join(', ')} there; name one of them, or add a LetsEncryptIssuer named ${ref.name} to a chart of cluster ${cluster.clusterName}`
      : `add a LetsEncryptIssuer named ${ref.name} to a chart of cluster ${cluster.clusterName}`;
  warn(obj, finding('HK-ISSUER-NAME', ref.field,
    `${created}, so cert-manager never issues the certificate of ${manifest.kind} ${manifest.metadata?.name} unless the issuer is created outside the app; ${fix}`, { value: ref.name }));
  return [];
}

/** The ClusterIssuer an object names, and where. */
function issuerReference(manifest: any): { name: string; field: string } | undefined {
  const group = String(manifest?.apiVersion ?? '').split('/')[0];
  const annotated = (manifest?.kind === 'Ingress' && group === 'networking.k8s.io') || (manifest?.kind === 'Gateway' && group === 'gateway.networking.k8s.io');
  if (annotated) {
    const name: unknown = manifest.metadata?.annotations?.[CLUSTER_ISSUER_ANNOTATION];
    return typeof name === 'string' && name !== '' ? { name, field: `metadata.annotations.${CLUSTER_ISSUER_ANNOTATION}` } : undefined;
  }
  if (manifest?.kind === 'Certificate' && group === 'cert-manager.io') {
    const ref = manifest.spec?.issuerRef;
    const clusterWide = ref?.kind === 'ClusterIssuer' && (ref.group === undefined || ref.group === 'cert-manager.io');
    return clusterWide && typeof ref.name === 'string' && ref.name !== '' ? { name: ref.name, field: 'spec.issuerRef.name' } : undefined;
  }
  return undefined;
}
