import { Addon } from './addon';
import type { AddonDescriptor } from './descriptor';
import type { PlatformLine } from '../platform-line';

/**
 * The Gateway API bundle each platform line installs with `addons.gatewayAPI` (experimental channel), and
 * whether it keeps the definitions when the add-on is turned off: up to v1.6 Helm deletes them, and with
 * them every Gateway and route of the cluster; main marks them `helm.sh/resource-policy: keep`.
 * Gateway, HTTPRoute and GRPCRoute are served as `v1` by both bundles.
 */
const BUNDLES: { readonly [line: string]: { readonly version: string; readonly keptOnRemoval: boolean } } = {
  'v0.41': { version: 'v1.2.0', keptOnRemoval: false },
  'v1.3': { version: 'v1.2.0', keptOnRemoval: false },
  'v1.5': { version: 'v1.5.1', keptOnRemoval: false },
  'v1.6': { version: 'v1.5.1', keptOnRemoval: false },
  'main': { version: 'v1.5.1', keptOnRemoval: true },
};

/** Gateway API CRDs in the tenant cluster (`addons.gatewayAPI`); also turns on Cilium's Gateway API support. */
export class GatewayApi extends Addon {
  /** Spec key of this add-on. */
  public static readonly KEY = 'gatewayAPI';

  /** The Gateway API bundle a platform line installs. @internal */
  public static _bundle(line: PlatformLine): string {
    return BUNDLES[line.name].version;
  }

  /** Whether turning the add-on off on a line deletes the definitions, and with them every Gateway and route. @internal */
  public static _removalDeletesRoutes(line: PlatformLine): boolean {
    return !BUNDLES[line.name].keptOnRemoval;
  }

  public constructor() {
    super(GatewayApi.KEY, GATEWAY_API_ADDON.toggled);
  }

  /** @internal */
  public get _descriptor(): AddonDescriptor {
    return GATEWAY_API_ADDON;
  }
}

/** The Gateway API definitions: a switch without values. */
export const GATEWAY_API_ADDON: AddonDescriptor<GatewayApi> = {
  key: GatewayApi.KEY,
  toggled: true,
  takesValues: false,
  releases: [{ name: 'gateway-api-crds', component: 'gateway-api-crds', targetNamespace: 'kube-system', noCreateNamespace: true }],
  fromManifest: () => new GatewayApi(),
  typedProps: () => ({}),
};
