import { Addon } from './addon';

/** Gateway API CRDs in the tenant cluster (`addons.gatewayAPI`); also turns on Cilium's Gateway API support. */
export class GatewayApi extends Addon {
  /** Spec key of this add-on. */
  public static readonly KEY = 'gatewayAPI';

  public constructor() {
    super(GatewayApi.KEY, true);
  }
}
