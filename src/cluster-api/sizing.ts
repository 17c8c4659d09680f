import { ComponentSizing } from '../model/control-plane';
import { cpuToMillis, sizeToMebibytes } from '../model/quantity';
import { ResourcesPreset } from '../model/resources-preset';

/** Ephemeral storage every preset grants (platform v1.4+ presets and legacy aliases alike). */
const EPHEMERAL_STORAGE_MIB = 2048;
/** The platform's CPU allocation ratio: requests are a tenth of limits. */
const CPU_ALLOCATION_RATIO = 10;
/** Ephemeral storage requests are a fortieth of limits. */
const EPHEMERAL_STORAGE_RATIO = 40;

/** Container resources as the platform sizes a control-plane component from a preset and explicit limits. */
export interface SanitizedResources {
  readonly limits: Record<string, string>;
  readonly requests: Record<string, string>;
}

/**
 * The platform's sizing rule: the preset's limits, overridden by explicit cpu or memory; requests derived
 * from the limits (cpu / 10, memory equal, ephemeral storage / 40).
 */
export function sanitizeResources(sizing: ComponentSizing | undefined, defaultPreset: ResourcesPreset): SanitizedResources {
  const preset = sizing?.preset ?? defaultPreset;
  const millicpu = sizing?.cpu ? cpuToMillis(sizing.cpu) : cpuToMillis(preset.cpu);
  const mebibytes = sizing?.memory ? sizeToMebibytes(sizing.memory) : sizeToMebibytes(preset.memory);
  return {
    limits: { 'cpu': `${millicpu}m`, 'memory': `${mebibytes}Mi`, 'ephemeral-storage': `${EPHEMERAL_STORAGE_MIB}Mi` },
    requests: {
      'cpu': `${Math.round(millicpu / CPU_ALLOCATION_RATIO)}m`,
      'memory': `${mebibytes}Mi`,
      'ephemeral-storage': `${Math.round((EPHEMERAL_STORAGE_MIB * 1024 * 1024) / EPHEMERAL_STORAGE_RATIO)}`,
    },
  };
}
