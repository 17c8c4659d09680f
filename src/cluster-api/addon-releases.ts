import { Construct } from 'constructs';
import { ClusterNames } from './control-plane-objects';
import { ResolvedPlatformContext } from './platform-context';
import { tenantStorageClassValues } from './storage-classes';
import type * as hrModule from '../imports/flux-helmrelease-helm.toolkit.fluxcd.io';
import type { AddonDescriptor, AddonRelease, AddonReleaseContext } from '../model/addons/descriptor';
import { lazyModule } from '../model/lazy-module';
import { PlatformFeature } from '../model/platform-line';
import { addonDescriptors } from '../tenant/addon-table';
import { HikubeCluster } from '../tenant/hikube-cluster';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const hr = lazyModule<typeof hrModule>(() => require('../imports/flux-helmrelease-helm.toolkit.fluxcd.io'));

/** What the platform's own releases see: the add-ons' context and the cluster. */
interface BaseReleaseContext extends AddonReleaseContext {
  readonly cluster: HikubeCluster;
}

const RETRY_INTERVAL = '30s';

/**
 * The platform's own releases, which belong to no add-on and are always rendered: volume snapshots, the CSI
 * node plugin, the Prometheus operator's definitions and metrics-server. They follow the releases of the
 * cluster network and precede the other add-ons'.
 */
const BASE_RELEASES: ReadonlyArray<AddonRelease<BaseReleaseContext>> = [
  { name: 'vsnap-crd', component: 'volumesnapshot-crd', targetNamespace: 'cozy-vsnap-crd' },
  {
    name: 'csi',
    component: 'kubevirt-csi-node',
    targetNamespace: 'cozy-csi',
    retries: true,
    dependsOn: () => ['vsnap-crd', 'cilium'],
    // The class list follows the platform's mapping; its exact value layout lives in the CSI sub-chart.
    values: (c) => ({ storageClasses: tenantStorageClassValues(c.cluster) }),
  },
  { name: 'prometheus-operator-crds', component: 'prometheus-operator-crds', targetNamespace: 'cozy-victoria-metrics-operator', noTimeout: true },
  { name: 'metrics-server', component: 'metrics-server', targetNamespace: 'cozy-monitoring', dependsOn: () => ['cilium', 'prometheus-operator-crds'] },
];

/** A release with its gate resolved, and the add-on it belongs to (none for the platform's own). */
interface Entry {
  readonly release: AddonRelease<BaseReleaseContext>;
  readonly addon?: AddonDescriptor;
  readonly when: (c: BaseReleaseContext) => boolean;
}

let releaseTable: Entry[] | undefined;

/** Every release in the platform's order: the cluster network's, the platform's own, then the other add-ons'; built once. */
function releases(): Entry[] {
  return releaseTable ??= releaseEntries();
}

function releaseEntries(): Entry[] {
  const ofAddons = addonDescriptors().flatMap((addon) => addon.releases.map((release): Entry => ({
    release,
    addon,
    // An add-on's release is there when the cluster has the add-on; an always-installed one's, always.
    when: release.when ?? (addon.toggled ? (c) => c.has(addon.key) : () => true),
  })));
  const base = BASE_RELEASES.map((release): Entry => ({ release, when: release.when ?? (() => true) }));
  return [...ofAddons.filter((e) => e.release.network), ...base, ...ofAddons.filter((e) => !e.release.network)];
}

function releaseContext(cluster: HikubeCluster, names: ClusterNames, platform: ResolvedPlatformContext): BaseReleaseContext {
  return {
    cluster,
    release: names.release,
    namespace: names.namespace,
    serviceHost: `${names.release}.${names.namespace}.svc`,
    monitoringNamespace: platform.monitoringNamespace,
    clusterDomain: platform.clusterDomain,
    has: (key) => cluster.hasAddon(key),
    addon: (key) => cluster.findAddon(key),
    override: (key) => cluster.findAddon(key)?._values() ?? {},
  };
}

/**
 * The Flux `HelmRelease`s of a cluster's add-ons, installed into the tenant cluster through its admin
 * kubeconfig. Lines before v1.0 pull charts from the platform's Helm repository, later ones from
 * ExternalArtifacts.
 * @internal
 */
export function renderAddonReleases(scope: Construct, cluster: HikubeCluster, names: ClusterNames, platform: ResolvedPlatformContext): void {
  const c = releaseContext(cluster, names, platform);
  const { release, namespace } = names;
  const legacyCharts = !cluster.platformLine.supports(PlatformFeature.ADDON_ARTIFACTS);
  const rendered = releases().filter((e) => e.when(c));
  const active = new Set(rendered.map((e) => e.release.name));
  for (const { release: r, addon } of rendered) {
    const values = r.values?.(c);
    const dependsOn = (r.dependsOn?.(c) ?? []).filter((d) => active.has(d)).map((d) => ({ name: `${release}-${d}`, namespace }));
    const overrideSecret = r.overrideSecret === true && addon !== undefined && Object.keys(c.override(addon.key)).length > 0;
    const retry = r.retries && cluster.platformLine.supports(PlatformFeature.ADDON_RETRY_STRATEGY);
    new hr.HelmRelease(scope, `release-${r.name}`, {
      metadata: {
        name: `${release}-${r.name}`,
        namespace,
        labels: {
          'cozystack.io/repository': 'system',
          'cozystack.io/target-cluster-name': release,
          'sharding.fluxcd.io/key': 'tenants',
        },
      },
      spec: {
        ...(legacyCharts
          ? { chart: { spec: { chart: `cozy-${r.component}`, sourceRef: { kind: hr.HelmReleaseSpecChartSpecSourceRefKind.HELM_REPOSITORY, name: 'cozystack-system', namespace: 'cozy-system' }, version: '>= 0.0.0-0' } } }
          : { chartRef: { kind: hr.HelmReleaseSpecChartRefKind.EXTERNAL_ARTIFACT, name: `cozystack-kubernetes-application-kubevirt-kubernetes-${r.component}`, namespace: 'cozy-system' } }),
        ...(r.releaseName ? { releaseName: r.releaseName } : {}),
        interval: '5m',
        ...(r.noTimeout ? {} : { timeout: '10m' }),
        kubeConfig: { secretRef: { name: `${release}-admin-kubeconfig`, key: 'super-admin.svc' } },
        targetNamespace: r.targetNamespace,
        storageNamespace: r.targetNamespace,
        install: {
          ...(r.noCreateNamespace ? {} : { createNamespace: true }),
          remediation: { retries: -1 },
          ...(retry ? { strategy: { name: hr.HelmReleaseSpecInstallStrategyName.RETRY_ON_FAILURE, retryInterval: RETRY_INTERVAL } } : {}),
        },
        upgrade: {
          remediation: { retries: -1 },
          ...(retry ? { strategy: { name: hr.HelmReleaseSpecUpgradeStrategyName.RETRY_ON_FAILURE, retryInterval: RETRY_INTERVAL } } : {}),
        },
        ...(dependsOn.length > 0 ? { dependsOn } : {}),
        ...(values !== undefined ? { values } : {}),
        ...(overrideSecret ? { valuesFrom: [{ kind: hr.HelmReleaseSpecValuesFromKind.SECRET, name: `${release}-${r.name}-values-override`, valuesKey: 'values' }] } : {}),
      },
    });
  }
}
