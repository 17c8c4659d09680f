import { Addon, AddonContext, AddonFindings, AddonValuesOptions } from './addon';
import type { AddonDescriptor } from './descriptor';
import { GatewayApi } from './gateway-api';
import { IngressNginx } from './ingress-nginx';
import { checkProps } from '../guard';
import { mergeValues } from '../merge';
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
    super(Ouroboros.KEY, OUROBOROS_ADDON.toggled, checkProps('Ouroboros', undefined, 'OuroborosProps', props).valuesOverride);
  }

  /** @internal */
  public get _descriptor(): AddonDescriptor {
    return OUROBOROS_ADDON;
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

/** Ouroboros's release: CoreDNS import mode, with Gateway API routes when the cluster has them. */
export const OUROBOROS_ADDON: AddonDescriptor<Ouroboros> = {
  key: Ouroboros.KEY,
  toggled: true,
  takesValues: true,
  chart: { charts: 'Ouroboros', keys: ['ouroboros'] },
  releases: [{
    name: 'ouroboros',
    component: 'ouroboros',
    targetNamespace: 'cozy-ouroboros',
    dependsOn: (c) => ['cilium', 'coredns', 'ingress-nginx', ...(c.has(GatewayApi.KEY) ? ['gateway-api-crds'] : [])],
    values: (c) => mergeValues({
      ouroboros: { controller: { mode: 'coredns-import', gatewayApi: { enabled: c.has(GatewayApi.KEY) }, clusterDomain: 'cluster.local' } },
    }, c.override(Ouroboros.KEY)),
  }],
  fromManifest: ({ values }) => new Ouroboros({ valuesOverride: values }),
  typedProps: () => ({}),
};
