import { Addon, AddonContext, AddonFindings, AddonValuesOptions } from './addon';
import { GatewayApi } from './gateway-api';
import { IngressNginx } from './ingress-nginx';
import { checkProps } from '../guard';
import { finding } from '../validation';

/** Options for Ouroboros. */
export interface OuroborosProps extends AddonValuesOptions {}

/**
 * Ouroboros (`addons.ouroboros`, platform v1.4+): resolves the cluster's own ingress host names to the
 * in-cluster controller. Requires ingress-nginx; its Gateway API mode requires the Gateway API add-on.
 */
export class Ouroboros extends Addon {
  /** Spec key of this add-on. */
  public static readonly KEY = 'ouroboros';

  /**
   * @param props the add-on's settings; `valuesOverride` is deep-merged over the platform's values
   */
  public constructor(props: OuroborosProps = {}) {
    super(Ouroboros.KEY, true, checkProps('Ouroboros', undefined, 'OuroborosProps', props).valuesOverride);
  }

  /** @internal */
  public _check(ctx: AddonContext): AddonFindings {
    const base = super._check(ctx);
    if (!ctx.has(IngressNginx.KEY)) {
      base.errors.push(finding('HK-ADDON', ctx.field, 'Ouroboros requires ingress-nginx; add IngressNginx to the cluster\'s add-ons'));
    }
    const gatewayOverride = this.valuesOverride?.ouroboros?.controller?.gatewayApi?.enabled;
    if (gatewayOverride === true && !ctx.has(GatewayApi.KEY)) {
      base.errors.push(finding('HK-ADDON', `${ctx.field}.valuesOverride.ouroboros.controller.gatewayApi.enabled`, 'true requires the Gateway API add-on; add GatewayApi to the cluster\'s add-ons'));
    }
    return base;
  }
}
