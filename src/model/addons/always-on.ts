import { Addon, AddonContext, AddonFindings, AddonValuesOptions } from './addon';
import { valueAtPath } from './chart-values';
import type { AddonDescriptor } from './descriptor';
import { GatewayApi } from './gateway-api';
import { MonitoringAgents } from './monitoring-agents';
import { checkProps, nearest } from '../guard';
import { isPlainObject, mergeValues } from '../merge';
import { type Finding, finding, problem } from '../validation';

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
    super(Cilium.KEY, CILIUM_ADDON.toggled, checkProps('Cilium', undefined, 'AlwaysOnAddonProps', props).valuesOverride);
  }

  /** @internal */
  public get _descriptor(): AddonDescriptor {
    return CILIUM_ADDON;
  }
}

/** Cilium's encryption modes; the chart's own default is IPsec, which needs a key Secret the platform never creates. */
const CILIUM_ENCRYPTION_TYPES = ['wireguard', 'ipsec'];

/** @internal */
export const CILIUM_ADDON: AddonDescriptor<Cilium> = {
  key: Cilium.KEY,
  toggled: false,
  takesValues: true,
  chart: { charts: 'cilium', keys: ['cilium'] },
  shapeFindings: ciliumShapes,
  releases: [{
    name: 'cilium',
    component: 'cilium',
    targetNamespace: 'cozy-cilium',
    network: true,
    retries: true,
    dependsOn: (c) => (c.has(GatewayApi.KEY) ? ['gateway-api-crds'] : []),
    values: (c) => mergeValues({
      cilium: {
        k8sServiceHost: c.serviceHost,
        k8sServicePort: 6443,
        routingMode: 'tunnel',
        MTU: 1350,
        enableIPv4Masquerade: true,
        ipv4NativeRoutingCIDR: '',
        ...(c.has(GatewayApi.KEY) ? { gatewayAPI: { enabled: true, enableAlpn: true }, envoy: { enabled: true } } : {}),
      },
    }, c.override(Cilium.KEY)),
  }],
  fromManifest: ({ values }) => new Cilium({ valuesOverride: values }),
  typedProps: () => ({}),
};

function ciliumShapes(field: string, values: Record<string, any>): Finding[] {
  const encryption = valueAtPath(values, ['cilium', 'encryption']);
  if (!isPlainObject(encryption) || encryption.enabled !== true) return [];
  const type = encryption.type;
  const f = `${field}.valuesOverride.cilium.encryption.type`;
  if (type === undefined) {
    return [finding('HK-VALUES-SHAPE', f, 'missing: without it Cilium takes its default ipsec, which needs a key Secret (cilium-ipsec-keys in kube-system) '
      + 'the platform does not create and the agents do not start without; set type: wireguard (keys made by Cilium), or ipsec with that Secret')];
  }
  if (typeof type !== 'string' || !CILIUM_ENCRYPTION_TYPES.includes(type)) {
    const guess = typeof type === 'string' ? nearest(type, CILIUM_ENCRYPTION_TYPES) : undefined;
    return [problem('HK-VALUES-SHAPE', f, type, `Cilium encrypts with ${CILIUM_ENCRYPTION_TYPES.join(' or ')}${guess ? `; did you mean ${guess}?` : ''}`)];
  }
  return [];
}

/** CoreDNS in the tenant cluster (`addons.coredns`). Always installed; this sets its values. */
export class CoreDns extends Addon {
  /** Spec key of this add-on. */
  public static readonly KEY = 'coredns';

  /**
   * @param props the add-on's settings; `valuesOverride` is deep-merged over the platform's values
   */
  public constructor(props: AlwaysOnAddonProps = {}) {
    super(CoreDns.KEY, COREDNS_ADDON.toggled, checkProps('CoreDns', undefined, 'AlwaysOnAddonProps', props).valuesOverride);
  }

  /** @internal */
  public get _descriptor(): AddonDescriptor {
    return COREDNS_ADDON;
  }
}

/** @internal */
export const COREDNS_ADDON: AddonDescriptor<CoreDns> = {
  key: CoreDns.KEY,
  toggled: false,
  takesValues: true,
  chart: { charts: 'coredns', keys: ['coredns'] },
  releases: [{
    name: 'coredns',
    component: 'coredns',
    targetNamespace: 'kube-system',
    network: true,
    dependsOn: () => ['cilium'],
    noCreateNamespace: true,
    values: (c) => mergeValues({ coredns: { service: { clusterIP: '10.95.0.10' } } }, c.override(CoreDns.KEY)),
  }],
  fromManifest: ({ values }) => new CoreDns({ valuesOverride: values }),
  typedProps: () => ({}),
};

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
    super(VerticalPodAutoscaler.KEY, VERTICAL_POD_AUTOSCALER_ADDON.toggled,
      checkProps('VerticalPodAutoscaler', undefined, 'AlwaysOnAddonProps', props).valuesOverride);
  }

  /** @internal */
  public get _descriptor(): AddonDescriptor {
    return VERTICAL_POD_AUTOSCALER_ADDON;
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

/** @internal */
export const VERTICAL_POD_AUTOSCALER_ADDON: AddonDescriptor<VerticalPodAutoscaler> = {
  key: VerticalPodAutoscaler.KEY,
  toggled: false,
  takesValues: true,
  chart: { charts: 'vertical-pod-autoscaler', keys: ['vertical-pod-autoscaler'] },
  releases: [{
    name: 'vertical-pod-autoscaler',
    component: 'vertical-pod-autoscaler',
    targetNamespace: 'cozy-vertical-pod-autoscaler',
    // VPA has no switch of its own: the platform installs it with the monitoring agents.
    when: (c) => c.has(MonitoringAgents.KEY),
    dependsOn: () => ['monitoring-agents'],
    // The recommender's layout follows the reference; the exact keys live in the platform's sub-chart.
    values: (c) => mergeValues({
      'vertical-pod-autoscaler': {
        recommender: {
          extraArgs: { 'prometheus-address': `http://vmselect-shortterm.${c.monitoringNamespace}.svc.${c.clusterDomain}:8481/select/0/prometheus/` },
          resources: { limits: { memory: '1600Mi' }, requests: { memory: '1600Mi' } },
        },
      },
    }, c.override(VerticalPodAutoscaler.KEY)),
  }],
  fromManifest: ({ values }) => new VerticalPodAutoscaler({ valuesOverride: values }),
  typedProps: () => ({}),
};
