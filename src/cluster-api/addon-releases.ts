import { Construct } from 'constructs';
import { ClusterNames } from './control-plane-objects';
import { ResolvedPlatformContext } from './platform-context';
import { tenantStorageClassValues } from './storage-classes';
import type * as hrModule from '../imports/flux-helmrelease-helm.toolkit.fluxcd.io';
import { ExposeMethod, IngressNginx } from '../model/addons/ingress-nginx';
import { lazyModule } from '../model/lazy-module';
import { mergeValues } from '../model/merge';
import { PlatformFeature } from '../model/platform-line';
import { HikubeCluster } from '../tenant/hikube-cluster';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const hr = lazyModule<typeof hrModule>(() => require('../imports/flux-helmrelease-helm.toolkit.fluxcd.io'));

/** What decides a release's values: the cluster, its names and the platform context. */
interface ReleaseContext {
  readonly cluster: HikubeCluster;
  readonly names: ClusterNames;
  readonly platform: ResolvedPlatformContext;
  has(key: string): boolean;
  /** The user's valuesOverride of an add-on (typed options included). */
  override(key: string): Record<string, any>;
}

/** One add-on Helm release the platform creates for a tenant cluster. */
interface ReleaseSpec {
  /** Suffix of the release name `kubernetes-<cluster>-<suffix>`. */
  readonly name: string;
  /** Artifact component: `cozystack-kubernetes-application-kubevirt-kubernetes-<component>`. */
  readonly component: string;
  readonly targetNamespace: string;
  /** Helm release name inside the tenant cluster when it differs from the HelmRelease name. */
  readonly releaseName?: string;
  /** Rendered only when this returns true. */
  readonly when: (c: ReleaseContext) => boolean;
  /** Suffixes of the releases it waits for. */
  readonly dependsOn: (c: ReleaseContext) => string[];
  readonly values?: (c: ReleaseContext) => Record<string, any> | undefined;
  readonly noTimeout?: boolean;
  readonly noCreateNamespace?: boolean;
  /** Retries failed installs and upgrades on lines with the retry strategy. */
  readonly retries?: boolean;
}

const RETRY_INTERVAL = '30s';
const always = () => true;
const enabled = (key: string) => (c: ReleaseContext) => c.has(key);
const overrideOnly = (key: string) => (c: ReleaseContext) => {
  const values = c.override(key);
  return Object.keys(values).length > 0 ? values : undefined;
};
const svc = (c: ReleaseContext) => `${c.names.release}.${c.names.namespace}.svc`;

/**
 * The add-on releases, in the platform's order, with their gates, dependencies and values
 * (the add-on's own values with the user's `valuesOverride` merged over them).
 */
const RELEASES: ReleaseSpec[] = [
  {
    name: 'cilium',
    component: 'cilium',
    targetNamespace: 'cozy-cilium',
    when: always,
    retries: true,
    dependsOn: (c) => (c.has('gatewayAPI') ? ['gateway-api-crds'] : []),
    values: (c) => mergeValues({
      cilium: {
        k8sServiceHost: svc(c),
        k8sServicePort: 6443,
        routingMode: 'tunnel',
        MTU: 1350,
        enableIPv4Masquerade: true,
        ipv4NativeRoutingCIDR: '',
        ...(c.has('gatewayAPI') ? { gatewayAPI: { enabled: true, enableAlpn: true }, envoy: { enabled: true } } : {}),
      },
    }, c.override('cilium')),
  },
  {
    name: 'coredns',
    component: 'coredns',
    targetNamespace: 'kube-system',
    when: always,
    dependsOn: () => ['cilium'],
    noCreateNamespace: true,
    values: (c) => mergeValues({ coredns: { service: { clusterIP: '10.95.0.10' } } }, c.override('coredns')),
  },
  { name: 'vsnap-crd', component: 'volumesnapshot-crd', targetNamespace: 'cozy-vsnap-crd', when: always, dependsOn: () => [] },
  {
    name: 'csi',
    component: 'kubevirt-csi-node',
    targetNamespace: 'cozy-csi',
    when: always,
    retries: true,
    dependsOn: () => ['vsnap-crd', 'cilium'],
    // The class list follows the platform's mapping; its exact value layout lives in the CSI sub-chart.
    values: (c) => ({ storageClasses: tenantStorageClassValues(c.cluster) }),
  },
  { name: 'prometheus-operator-crds', component: 'prometheus-operator-crds', targetNamespace: 'cozy-victoria-metrics-operator', when: always, dependsOn: () => [], noTimeout: true },
  { name: 'metrics-server', component: 'metrics-server', targetNamespace: 'cozy-monitoring', when: always, dependsOn: () => ['cilium', 'prometheus-operator-crds'] },
  { name: 'gateway-api-crds', component: 'gateway-api-crds', targetNamespace: 'kube-system', when: enabled('gatewayAPI'), dependsOn: () => [], noCreateNamespace: true },
  { name: 'cert-manager-crds', component: 'cert-manager-crds', targetNamespace: 'cozy-cert-manager-crds', when: enabled('certManager'), dependsOn: () => [] },
  {
    name: 'cert-manager',
    component: 'cert-manager',
    targetNamespace: 'cozy-cert-manager',
    when: enabled('certManager'),
    dependsOn: () => ['cilium', 'cert-manager-crds'],
    values: (c) => mergeValues(c.has('gatewayAPI') ? { 'cert-manager': { config: { enableGatewayAPI: true } } } : {}, c.override('certManager')),
  },
  {
    name: 'ingress-nginx',
    component: 'ingress-nginx',
    targetNamespace: 'cozy-ingress-nginx',
    when: enabled('ingressNginx'),
    dependsOn: () => ['cilium'],
    values: (c) => {
      const ingress = c.cluster.findAddon(IngressNginx.KEY);
      const proxied = !(ingress instanceof IngressNginx) || ingress.exposeMethod === ExposeMethod.PROXIED;
      return mergeValues({
        'ingress-nginx': {
          fullnameOverride: 'ingress-nginx',
          controller: {
            kind: 'DaemonSet',
            nodeSelector: { 'node-role.kubernetes.io/ingress-nginx': '' },
            ...(proxied ? { service: { type: 'NodePort', nodePorts: { http: 30000, https: 30001 } } } : {}),
            ...(c.has('certManager') ? {} : { admissionWebhooks: { certManager: { enabled: false } } }),
          },
        },
      }, c.override('ingressNginx'));
    },
  },
  {
    name: 'gpu-operator',
    component: 'gpu-operator',
    targetNamespace: 'cozy-gpu-operator',
    when: enabled('gpuOperator'),
    dependsOn: () => ['cilium'],
    values: (c) => mergeValues({
      'kernelModuleConfig': { create: true },
      'gpu-operator': {
        driver: { kernelModuleConfig: { name: 'nvidia-kernel-module-params' } },
        ...(c.has('hami') ? { devicePlugin: { enabled: false } } : {}),
      },
    }, c.override('gpuOperator')),
  },
  { name: 'hami', component: 'hami', targetNamespace: 'cozy-hami', when: enabled('hami'), dependsOn: () => ['cilium', 'gpu-operator'], values: overrideOnly('hami') },
  {
    name: 'cozy-victoria-metrics-operator',
    component: 'victoria-metrics-operator',
    targetNamespace: 'cozy-victoria-metrics-operator',
    releaseName: 'cozy-victoria-metrics-operator',
    when: enabled('monitoringAgents'),
    dependsOn: (c) => ['cilium', ...(c.has('certManager') ? ['cert-manager-crds'] : [])],
  },
  {
    name: 'vertical-pod-autoscaler-crds',
    component: 'vertical-pod-autoscaler-crds',
    targetNamespace: 'cozy-vertical-pod-autoscaler-crds',
    when: enabled('monitoringAgents'),
    dependsOn: () => [],
    noTimeout: true,
  },
  {
    name: 'monitoring-agents',
    component: 'monitoring-agents',
    targetNamespace: 'cozy-monitoring',
    releaseName: 'cozy-monitoring-agents',
    when: enabled('monitoringAgents'),
    dependsOn: () => ['cozy-victoria-metrics-operator', 'vertical-pod-autoscaler-crds', 'prometheus-operator-crds', 'metrics-server'],
    // Endpoints as the reference gives them; the key layout of the agents' sub-chart is not reproduced exactly.
    values: (c) => {
      const mon = `${c.platform.monitoringNamespace}.svc.${c.platform.clusterDomain}`;
      return {
        'vmagent': {
          externalLabels: { cluster: c.names.release, tenant: c.names.namespace },
          remoteWrite: { url: `http://vminsert-shortterm.${mon}:8480/insert/0/prometheus` },
        },
        'fluent-bit': { output: { host: `vlinsert-generic.${mon}`, port: 9481 } },
      };
    },
  },
  {
    name: 'vertical-pod-autoscaler',
    component: 'vertical-pod-autoscaler',
    targetNamespace: 'cozy-vertical-pod-autoscaler',
    when: enabled('monitoringAgents'),
    dependsOn: () => ['monitoring-agents'],
    values: (c) => mergeValues({
      'vertical-pod-autoscaler': {
        recommender: {
          extraArgs: { 'prometheus-address': `http://vmselect-shortterm.${c.platform.monitoringNamespace}.svc.${c.platform.clusterDomain}:8481/select/0/prometheus/` },
          resources: { limits: { memory: '1600Mi' }, requests: { memory: '1600Mi' } },
        },
      },
    }, c.override('verticalPodAutoscaler')),
  },
  { name: 'velero', component: 'velero', targetNamespace: 'cozy-velero', when: enabled('velero'), dependsOn: () => ['cilium'], values: overrideOnly('velero') },
  {
    name: 'ouroboros',
    component: 'ouroboros',
    targetNamespace: 'cozy-ouroboros',
    when: enabled('ouroboros'),
    dependsOn: (c) => ['cilium', 'coredns', 'ingress-nginx', ...(c.has('gatewayAPI') ? ['gateway-api-crds'] : [])],
    values: (c) => mergeValues({
      ouroboros: { controller: { mode: 'coredns-import', gatewayApi: { enabled: c.has('gatewayAPI') }, clusterDomain: 'cluster.local' } },
    }, c.override('ouroboros')),
  },
  { name: 'fluxcd-operator', component: 'fluxcd-operator', targetNamespace: 'cozy-fluxcd', when: enabled('fluxcd'), dependsOn: () => ['cilium'] },
  {
    name: 'fluxcd',
    component: 'fluxcd',
    targetNamespace: 'cozy-fluxcd',
    when: enabled('fluxcd'),
    dependsOn: () => ['cilium', 'fluxcd-operator'],
    values: overrideOnly('fluxcd'),
  },
];

function releaseContext(cluster: HikubeCluster, names: ClusterNames, platform: ResolvedPlatformContext): ReleaseContext {
  return {
    cluster,
    names,
    platform,
    has: (key) => cluster.hasAddon(key),
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
  const active = new Set(RELEASES.filter((r) => r.when(c)).map((r) => r.name));
  for (const r of RELEASES) {
    if (!active.has(r.name)) continue;
    const values = r.values?.(c);
    const dependsOn = r.dependsOn(c).filter((d) => active.has(d)).map((d) => ({ name: `${release}-${d}`, namespace }));
    const overrideSecret = r.name === 'cert-manager-crds' && Object.keys(c.override('certManager')).length > 0;
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
        ...(overrideSecret ? { valuesFrom: [{ kind: hr.HelmReleaseSpecValuesFromKind.SECRET, name: `${release}-cert-manager-crds-values-override`, valuesKey: 'values' }] } : {}),
      },
    });
  }
}
