import { Addon, AddonContext, AddonFindings, AddonValuesOptions } from './addon';
import type { AddonDescriptor } from './descriptor';
import { checkProps } from '../guard';
import { mergeValues } from '../merge';
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
    super(GpuOperator.KEY, GPU_OPERATOR_ADDON.toggled, checkProps('GpuOperator', undefined, 'GpuOperatorProps', props).valuesOverride);
  }

  /** @internal */
  public get _descriptor(): AddonDescriptor {
    return GPU_OPERATOR_ADDON;
  }

  /** @internal */
  public _check(ctx: AddonContext): AddonFindings {
    const base = super._check(ctx);
    const warnings = ctx.effectiveGroups.some((g) => g.gpus.length > 0) ? [] :
      [finding('HK-ADDON-UNUSED', ctx.field, 'the GPU operator is enabled but no node group has GPUs')];
    return { errors: base.errors, warnings };
  }
}

/** The GPU operator's release and the keys its charts read. */
export const GPU_OPERATOR_ADDON: AddonDescriptor<GpuOperator> = {
  key: GpuOperator.KEY,
  toggled: true,
  takesValues: true,
  // From v1.6 the wrapper chart creates the kernel module ConfigMap itself.
  chart: { charts: 'gpu-operator', keys: ['gpu-operator'], lineKeys: { 'v1.6': ['kernelModuleConfig'], 'main': ['kernelModuleConfig'] } },
  releases: [{
    name: 'gpu-operator',
    component: 'gpu-operator',
    targetNamespace: 'cozy-gpu-operator',
    dependsOn: () => ['cilium'],
    values: (c) => mergeValues({
      'kernelModuleConfig': { create: true },
      'gpu-operator': {
        driver: { kernelModuleConfig: { name: 'nvidia-kernel-module-params' } },
        // HAMi's key: its class imports this one. HAMi brings its own device plugin.
        ...(c.has('hami') ? { devicePlugin: { enabled: false } } : {}),
      },
    }, c.override(GpuOperator.KEY)),
  }],
  fromManifest: ({ values }) => new GpuOperator({ valuesOverride: values }),
  typedProps: () => ({}),
};
