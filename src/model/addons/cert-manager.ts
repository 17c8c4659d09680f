import { Duration } from 'cdk8s';
import { Addon, AddonContext, AddonFindings, AddonValuesOptions } from './addon';
import type { AddonDescriptor } from './descriptor';
import { GatewayApi } from './gateway-api';
import { MonitoringAgents } from './monitoring-agents';
import { checkProps } from '../guard';
import { isPlainObject, mergeValues } from '../merge';
import { formatDuration } from '../quantity';
import { checkWholeSeconds, finding, problem } from '../validation';

/** Options for cert-manager. */
export interface CertManagerProps extends AddonValuesOptions {
  /**
   * Create a Prometheus `ServiceMonitor` for cert-manager's metrics (the chart's
   * `prometheus.servicemonitor`). It is scraped when the monitoring agents run.
   * @default false
   */
  readonly serviceMonitor?: boolean;

  /**
   * Scrape interval of the ServiceMonitor.
   * @default Duration.seconds(60)
   */
  readonly serviceMonitorInterval?: Duration;
}

/** cert-manager in the tenant cluster (`addons.certManager`): needed for certificate issuers on day 2. */
export class CertManager extends Addon {
  /** Spec key of this add-on. */
  public static readonly KEY = 'certManager';

  /** Whether a ServiceMonitor is created. */
  public readonly serviceMonitor: boolean;
  /** Scrape interval of the ServiceMonitor, if set. */
  public readonly serviceMonitorInterval?: Duration;

  /**
   * @param props the add-on's settings; `valuesOverride` is deep-merged over the platform's values
   */
  public constructor(props: CertManagerProps = {}) {
    super(CertManager.KEY, CERT_MANAGER_ADDON.toggled, checkProps('CertManager', undefined, 'CertManagerProps', props).valuesOverride);
    this.serviceMonitor = props.serviceMonitor ?? false;
    this.serviceMonitorInterval = props.serviceMonitorInterval;
  }

  /** @internal */
  public get _descriptor(): AddonDescriptor {
    return CERT_MANAGER_ADDON;
  }

  /** @internal */
  public _typedValues(): Record<string, any> | undefined {
    if (this.serviceMonitor !== true) return undefined;
    const interval = this.serviceMonitorInterval;
    return {
      'cert-manager': {
        prometheus: {
          enabled: true,
          servicemonitor: { enabled: true, ...(interval ? { interval: formatDuration(interval) } : {}) },
        },
      },
    };
  }

  /** @internal */
  public _typedOptionAt(path: string): string {
    return path.endsWith('.interval') ? 'the typed option serviceMonitorInterval' : 'the typed option serviceMonitor';
  }

  /** @internal */
  public _check(ctx: AddonContext): AddonFindings {
    const { errors, warnings } = super._check(ctx);
    if (typeof this.serviceMonitor !== 'boolean') errors.push(problem('HK-ADDON', `${ctx.field}.serviceMonitor`, this.serviceMonitor, 'expected true or false'));
    if (this.serviceMonitorInterval !== undefined) {
      if (!(this.serviceMonitorInterval instanceof Duration)) {
        errors.push(problem('HK-ADDON', `${ctx.field}.serviceMonitorInterval`, this.serviceMonitorInterval, 'expected a Duration, such as Duration.seconds(30)'));
      } else {
        const bad = checkWholeSeconds('HK-ADDON', `${ctx.field}.serviceMonitorInterval`, this.serviceMonitorInterval);
        if (bad) errors.push(bad);
        if (!this.serviceMonitor) errors.push(problem('HK-ADDON', `${ctx.field}.serviceMonitorInterval`, formatDuration(this.serviceMonitorInterval), 'an interval needs serviceMonitor: true'));
      }
    }
    if (this.serviceMonitor === true && !ctx.has(MonitoringAgents.KEY)) {
      warnings.push(finding('HK-ADDON-UNUSED', `${ctx.field}.serviceMonitor`, 'nothing scrapes the ServiceMonitor without the monitoring agents; add MonitoringAgents or scrape it with your own Prometheus'));
    }
    const chart = this.valuesOverride?.['cert-manager'];
    if (!isPlainObject(chart)) return { errors, warnings };
    // Unknown keys under prometheus are refused by the chart maps of the descriptor; the chart also refuses both monitors at once.
    const prometheus = chart.prometheus;
    if (isPlainObject(prometheus)) {
      const merged = this._values()?.['cert-manager']?.prometheus;
      if (merged?.servicemonitor?.enabled === true && merged?.podmonitor?.enabled === true) {
        errors.push(problem('HK-VALUES-OVERRIDE', `${ctx.field}.valuesOverride.cert-manager.prometheus.podmonitor.enabled`, true, 'the chart refuses a PodMonitor and a ServiceMonitor together; enable one'));
      }
    }
    if (chart.installCRDs !== undefined) {
      warnings.push(finding('HK-VALUES-IGNORED', `${ctx.field}.valuesOverride.cert-manager.installCRDs`, 'ignored, the platform installs cert-manager\'s CRDs in a release of their own (cert-manager-crds)'));
    }
    return { errors, warnings };
  }
}

const CERT_MANAGER_SOURCE = 'cert-manager values.schema.json (Add-on values §4)';

/**
 * cert-manager's releases and values. Its top level is the chart's schema (`helm-values`), which is closed;
 * the reference names it closed without listing it, so its keys come from the schema of the chart versions
 * the lines vendor (v1.19, v1.20).
 */
export const CERT_MANAGER_ADDON: AddonDescriptor<CertManager> = {
  key: CertManager.KEY,
  toggled: true,
  takesValues: true,
  // crds and installCRDs are read by the separate cert-manager-crds release, which receives the same override.
  chart: { charts: 'cert-manager', keys: ['cert-manager', 'crds', 'installCRDs'] },
  chartMaps: [
    {
      path: ['cert-manager'],
      keys: ['acmesolver', 'affinity', 'approveSignerNames', 'automountServiceAccountToken', 'cainjector', 'clusterResourceNamespace', 'config',
        'containerSecurityContext', 'crds', 'creator', 'deploymentAnnotations', 'disableAutoApproval', 'dns01RecursiveNameservers',
        'dns01RecursiveNameserversOnly', 'enableCertificateOwnerRef', 'enableServiceLinks', 'enabled', 'extraArgs', 'extraEnv', 'extraObjects',
        'featureGates', 'fullnameOverride', 'global', 'hostAliases', 'http_proxy', 'https_proxy', 'image', 'ingressShim', 'installCRDs',
        'livenessProbe', 'maxConcurrentChallenges', 'nameOverride', 'namespace', 'no_proxy', 'nodeSelector', 'podAnnotations',
        'podDisruptionBudget', 'podDnsConfig', 'podDnsPolicy', 'podLabels', 'prometheus', 'replicaCount', 'resources', 'securityContext',
        'serviceAccount', 'serviceAnnotations', 'serviceIPFamilies', 'serviceIPFamilyPolicy', 'serviceLabels', 'startupapicheck', 'strategy',
        'tolerations', 'topologySpreadConstraints', 'verticalPodAutoscaler', 'volumeMounts', 'volumes', 'webhook'],
      strict: true,
      source: CERT_MANAGER_SOURCE,
    },
    { path: ['cert-manager', 'prometheus'], keys: ['enabled', 'servicemonitor', 'podmonitor'], strict: true, source: CERT_MANAGER_SOURCE },
    {
      path: ['cert-manager', 'prometheus', 'servicemonitor'],
      keys: ['enabled', 'interval', 'scrapeTimeout', 'prometheusInstance', 'labels', 'annotations', 'namespace', 'targetPort', 'path', 'honorLabels', 'endpointAdditionalProperties'],
      strict: true,
      source: CERT_MANAGER_SOURCE,
    },
  ],
  releases: [
    { name: 'cert-manager-crds', component: 'cert-manager-crds', targetNamespace: 'cozy-cert-manager-crds', overrideSecret: true },
    {
      name: 'cert-manager',
      component: 'cert-manager',
      targetNamespace: 'cozy-cert-manager',
      dependsOn: () => ['cilium', 'cert-manager-crds'],
      values: (c) => mergeValues(c.has(GatewayApi.KEY) ? { 'cert-manager': { config: { enableGatewayAPI: true } } } : {}, c.override(CertManager.KEY)),
    },
  ],
  // The typed ServiceMonitor reads back as the values it wrote, which render the same.
  fromManifest: ({ values }) => new CertManager({ valuesOverride: values }),
  typedProps: () => ({}),
};
