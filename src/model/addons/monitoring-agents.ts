import { Addon, AddonContext, AddonFindings, AddonValuesOptions } from './addon';
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
    super(MonitoringAgents.KEY, true, checkProps('MonitoringAgents', undefined, 'MonitoringAgentsProps', props).valuesOverride);
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
