import { Addon, AddonValuesOptions } from './addon';

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
    super(Cilium.KEY, false, props.valuesOverride);
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
    super(CoreDns.KEY, false, props.valuesOverride);
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
    super(VerticalPodAutoscaler.KEY, false, props.valuesOverride);
  }
}
