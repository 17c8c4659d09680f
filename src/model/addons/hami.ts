import { Addon, AddonContext, AddonFindings, AddonValuesOptions } from './addon';
import type { AddonDescriptor } from './descriptor';
import { GpuOperator } from './gpu-operator';
import { checkProps } from '../guard';
import { finding } from '../validation';

/** Options for HAMi. */
export interface HamiProps extends AddonValuesOptions {}

/** HAMi GPU sharing (`addons.hami`, platform v1.4+). Requires the GPU operator. */
export class Hami extends Addon {
  /** Spec key of this add-on. */
  public static readonly KEY = 'hami';

  /**
   * @param props the add-on's settings; `valuesOverride` is deep-merged over the platform's values
   */
  public constructor(props: HamiProps = {}) {
    super(Hami.KEY, HAMI_ADDON.toggled, checkProps('Hami', undefined, 'HamiProps', props).valuesOverride);
  }

  /** @internal */
  public get _descriptor(): AddonDescriptor {
    return HAMI_ADDON;
  }

  /** @internal */
  public _check(ctx: AddonContext): AddonFindings {
    const base = super._check(ctx);
    if (!ctx.has(GpuOperator.KEY)) {
      base.errors.push(finding('HK-ADDON', ctx.field, 'HAMi requires the GPU operator; add GpuOperator to the cluster\'s add-ons'));
    }
    return base;
  }
}

/** HAMi's release, which takes the override as it is. */
export const HAMI_ADDON: AddonDescriptor<Hami> = {
  key: Hami.KEY,
  toggled: true,
  takesValues: true,
  chart: { charts: 'HAMi', keys: ['hami'] },
  releases: [{
    name: 'hami',
    component: 'hami',
    targetNamespace: 'cozy-hami',
    dependsOn: () => ['cilium', 'gpu-operator'],
    values: (c) => {
      const values = c.override(Hami.KEY);
      return Object.keys(values).length > 0 ? values : undefined;
    },
  }],
  fromManifest: ({ values }) => new Hami({ valuesOverride: values }),
  typedProps: () => ({}),
};
