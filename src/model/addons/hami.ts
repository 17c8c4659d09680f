import { Addon, AddonContext, AddonFindings, AddonValuesOptions } from './addon';
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
    super(Hami.KEY, true, checkProps('Hami', undefined, 'HamiProps', props).valuesOverride);
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
