import { Addon, AddonContext, AddonFindings, AddonValuesOptions } from './addon';
import type { AddonDescriptor } from './descriptor';
import { checkProps } from '../guard';
import { finding } from '../validation';

/** Options for the monitoring agents. */
export interface MonitoringAgentsProps extends AddonValuesOptions {}

/**
 * Monitoring agents (`addons.monitoringAgents`): vmagent metrics and FluentBit logs shipped to the
 * tenant's monitoring, plus the Vertical Pod Autoscaler.
 *
 * The platform accepts `valuesOverride` here but no release applies it; the library warns when one is set.
 * The agents' FluentBit always ships to the platform's log store and cannot be redirected: to ship the
 * cluster's logs to your own Loki, Elasticsearch, Splunk, S3 or syslog, add the `FluentBit` construct to a
 * `TenantClusterChart`; it runs beside the agents' FluentBit.
 */
export class MonitoringAgents extends Addon {
  /** Spec key of this add-on. */
  public static readonly KEY = 'monitoringAgents';

  /**
   * @param props the add-on's settings; `valuesOverride` is deep-merged over the platform's values
   */
  public constructor(props: MonitoringAgentsProps = {}) {
    super(MonitoringAgents.KEY, MONITORING_AGENTS_ADDON.toggled, checkProps('MonitoringAgents', undefined, 'MonitoringAgentsProps', props).valuesOverride);
  }

  /** @internal */
  public get _descriptor(): AddonDescriptor {
    return MONITORING_AGENTS_ADDON;
  }

  /** @internal */
  public _check(ctx: AddonContext): AddonFindings {
    const base = super._check(ctx);
    if (this.valuesOverride !== undefined) {
      base.warnings.push(finding('HK-VALUES-IGNORED', `${ctx.field}.valuesOverride`, 'accepted by the platform but not applied by any release; it has no effect. '
        + 'To ship logs elsewhere, use the FluentBit construct inside the cluster (TenantClusterChart)'));
    }
    return base;
  }
}

/**
 * The agents, their operator and the VPA definitions. No chart-key entry: no release applies the override,
 * which the class warns about as a whole.
 */
export const MONITORING_AGENTS_ADDON: AddonDescriptor<MonitoringAgents> = {
  key: MonitoringAgents.KEY,
  toggled: true,
  takesValues: true,
  releases: [
    {
      name: 'cozy-victoria-metrics-operator',
      component: 'victoria-metrics-operator',
      targetNamespace: 'cozy-victoria-metrics-operator',
      releaseName: 'cozy-victoria-metrics-operator',
      // cert-manager's key: its module imports this one.
      dependsOn: (c) => ['cilium', ...(c.has('certManager') ? ['cert-manager-crds'] : [])],
    },
    {
      name: 'vertical-pod-autoscaler-crds',
      component: 'vertical-pod-autoscaler-crds',
      targetNamespace: 'cozy-vertical-pod-autoscaler-crds',
      noTimeout: true,
    },
    {
      name: 'monitoring-agents',
      component: 'monitoring-agents',
      targetNamespace: 'cozy-monitoring',
      releaseName: 'cozy-monitoring-agents',
      dependsOn: () => ['cozy-victoria-metrics-operator', 'vertical-pod-autoscaler-crds', 'prometheus-operator-crds', 'metrics-server'],
      // Endpoints as the reference gives them; the key layout of the agents' sub-chart is not reproduced exactly.
      values: (c) => {
        const mon = `${c.monitoringNamespace}.svc.${c.clusterDomain}`;
        return {
          'vmagent': {
            externalLabels: { cluster: c.release, tenant: c.namespace },
            remoteWrite: { url: `http://vminsert-shortterm.${mon}:8480/insert/0/prometheus` },
          },
          'fluent-bit': { output: { host: `vlinsert-generic.${mon}`, port: 9481 } },
        };
      },
    },
  ],
  fromManifest: ({ values }) => new MonitoringAgents({ valuesOverride: values }),
  typedProps: () => ({}),
};
