import { Addon, AddonContext, AddonFindings, AddonValuesOptions } from './addon';
import { MonitoringAgents } from './monitoring-agents';
import { checkProps } from '../guard';
import { finding } from '../validation';

/** Values for an add-on the platform always installs. */
export interface AlwaysOnAddonProps extends AddonValuesOptions {}

/** Cilium, the tenant cluster's CNI (`addons.cilium`). Always installed; this sets its values. */
export class Cilium extends Addon {
  /** Spec key of this add-on. */
  public static readonly KEY = 'cilium';

  /**
   * @param props the add-on's settings; `valuesOverride` is deep-merged over the platform's values
   */
  public constructor(props: AlwaysOnAddonProps = {}) {
    super(Cilium.KEY, false, checkProps('Cilium', undefined, 'AlwaysOnAddonProps', props).valuesOverride);
  }
}

/** CoreDNS in the tenant cluster (`addons.coredns`). Always installed; this sets its values. */
export class CoreDns extends Addon {
  /** Spec key of this add-on. */
  public static readonly KEY = 'coredns';

  /**
   * @param props the add-on's settings; `valuesOverride` is deep-merged over the platform's values
   */
  public constructor(props: AlwaysOnAddonProps = {}) {
    super(CoreDns.KEY, false, checkProps('CoreDns', undefined, 'AlwaysOnAddonProps', props).valuesOverride);
  }
}

/**
 * Vertical Pod Autoscaler values (`addons.verticalPodAutoscaler`). The platform installs VPA together with
 * the monitoring agents; these values apply then.
 */
export class VerticalPodAutoscaler extends Addon {
  /** Spec key of this add-on. */
  public static readonly KEY = 'verticalPodAutoscaler';

  /**
   * @param props the add-on's settings; `valuesOverride` is deep-merged over the platform's values
   */
  public constructor(props: AlwaysOnAddonProps = {}) {
    super(VerticalPodAutoscaler.KEY, false, checkProps('VerticalPodAutoscaler', undefined, 'AlwaysOnAddonProps', props).valuesOverride);
  }

  /** @internal */
  public _check(ctx: AddonContext): AddonFindings {
    const base = super._check(ctx);
    if (this.valuesOverride !== undefined && !ctx.has(MonitoringAgents.KEY)) {
      base.warnings.push(finding('HK-VALUES-IGNORED', `${ctx.field}.valuesOverride`, 'ignored, the platform installs the Vertical Pod Autoscaler only with the monitoring agents; add MonitoringAgents'));
    }
    return base;
  }
}
