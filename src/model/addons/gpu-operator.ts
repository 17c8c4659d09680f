import { Addon, AddonContext, AddonFindings, AddonValuesOptions } from './addon';
import { checkProps } from '../guard';
import { finding } from '../validation';

/** Options for the NVIDIA GPU operator. */
export interface GpuOperatorProps extends AddonValuesOptions {}

/** The NVIDIA GPU operator (`addons.gpuOperator`): drivers and the `nvidia.com/gpu` resource on GPU nodes. */
export class GpuOperator extends Addon {
  /** Spec key of this add-on. */
  public static readonly KEY = 'gpuOperator';

  /**
   * @param props the add-on's settings; `valuesOverride` is deep-merged over the platform's values
   */
  public constructor(props: GpuOperatorProps = {}) {
    super(GpuOperator.KEY, true, checkProps('GpuOperator', undefined, 'GpuOperatorProps', props).valuesOverride);
  }

  /** @internal */
  public _check(ctx: AddonContext): AddonFindings {
    const base = super._check(ctx);
    const warnings = ctx.effectiveGroups.some((g) => g.gpus.length > 0) ? [] :
      [finding('HK-ADDON-UNUSED', ctx.field, 'the GPU operator is enabled but no node group has GPUs')];
    return { errors: base.errors, warnings };
  }
}
