import { Size } from 'cdk8s';
import type { Cpu } from 'cdk8s-plus-28';
import { checkArgs } from './guard';
import { cpuClass } from './quantity';

/** Series of the instance-type-like control-plane presets (platform v1.4+): memory per CPU. */
export enum PresetSeries {
  /** 0.5 GiB per CPU. */
  T1 = 't1',
  /** 1 GiB per CPU. */
  C1 = 'c1',
  /** 2 GiB per CPU. */
  S1 = 's1',
  /** 4 GiB per CPU. */
  U1 = 'u1',
  /** 8 GiB per CPU. */
  M1 = 'm1',
}

/** Sizes of the instance-type-like control-plane presets: the CPU limit. */
export enum PresetSize {
  /** 250m CPU. */
  NANO = 'nano',
  /** 500m CPU. */
  MICRO = 'micro',
  /** 1 CPU. */
  SMALL = 'small',
  /** 2 CPU. */
  MEDIUM = 'medium',
  /** 4 CPU. */
  LARGE = 'large',
  /** 8 CPU. */
  XLARGE = 'xlarge',
  /** 16 CPU. */
  XXLARGE = '2xlarge',
  /** 32 CPU. */
  XXXXLARGE = '4xlarge',
}

const SERIES_GIB_PER_CPU: Record<PresetSeries, number> = { t1: 0.5, c1: 1, s1: 2, u1: 4, m1: 8 };
const SIZE_MILLICPU: Record<PresetSize, number> = {
  'nano': 250, 'micro': 500, 'small': 1000, 'medium': 2000, 'large': 4000, 'xlarge': 8000, '2xlarge': 16000, '4xlarge': 32000,
};

/** Every preset by name, built at the first lookup (the class constants exist only once the class is defined). */
let presetsByName: Map<string, ResourcesPreset> | undefined;

/**
 * A control-plane sizing preset (`controlPlane.<component>.resourcesPreset`). Values are limits.
 *
 * The legacy names exist on every platform line; the `<series>.<size>` names from v1.5 of this library's
 * profiles (platform v1.4) on. The cluster checks the preset against its platform line at synth.
 */
export class ResourcesPreset {
  /** 250m CPU, 128Mi. */
  public static readonly NANO = new ResourcesPreset('nano', 250, 128);
  /** 500m CPU, 256Mi. */
  public static readonly MICRO = new ResourcesPreset('micro', 500, 256);
  /** 1 CPU, 512Mi. */
  public static readonly SMALL = new ResourcesPreset('small', 1000, 512);
  /** 1 CPU, 1Gi. */
  public static readonly MEDIUM = new ResourcesPreset('medium', 1000, 1024);
  /** 2 CPU, 2Gi. */
  public static readonly LARGE = new ResourcesPreset('large', 2000, 2048);
  /** 4 CPU, 4Gi. */
  public static readonly XLARGE = new ResourcesPreset('xlarge', 4000, 4096);
  /** 8 CPU, 8Gi. */
  public static readonly XXLARGE = new ResourcesPreset('2xlarge', 8000, 8192);

  /**
   * An instance-type-like preset, e.g. `ResourcesPreset.of(PresetSeries.C1, PresetSize.MEDIUM)` is `c1.medium` (2 CPU, 2Gi).
   *
   * @param series the instance-type series
   * @param size the size within the series
   */
  public static of(series: PresetSeries, size: PresetSize): ResourcesPreset {
    checkArgs('ResourcesPreset.of', 'ResourcesPreset', 'of', [series, size], { PresetSeries, PresetSize });
    const millis = SIZE_MILLICPU[size];
    return new ResourcesPreset(`${series}.${size}`, millis, (millis / 1000) * SERIES_GIB_PER_CPU[series] * 1024);
  }

  /**
   * A preset by the name the platform reads (`large`, `c1.medium`, ...).
   *
   * @param name the preset name
   */
  public static named(name: string): ResourcesPreset {
    checkArgs('ResourcesPreset.named', 'ResourcesPreset', 'named', [name]);
    presetsByName ??= new Map([...this.legacy(), ...this.seriesPresets()].map((p) => [p.name, p]));
    const found = presetsByName.get(name);
    if (!found) throw new Error(`ResourcesPreset: ${JSON.stringify(name)} is not a preset; use a legacy name or "<series>.<size>"`);
    return found;
  }

  /** The legacy names, valid on every platform line. */
  public static legacy(): ResourcesPreset[] {
    return [this.NANO, this.MICRO, this.SMALL, this.MEDIUM, this.LARGE, this.XLARGE, this.XXLARGE];
  }

  /** Every `<series>.<size>` preset. */
  public static seriesPresets(): ResourcesPreset[] {
    const out: ResourcesPreset[] = [];
    for (const series of Object.values(PresetSeries)) {
      for (const size of Object.values(PresetSize)) out.push(this.of(series, size));
    }
    return out;
  }

  private constructor(
    /** The name the platform reads. */
    public readonly name: string,
    private readonly millicpu: number,
    private readonly mebibytes: number) {}

  /** CPU limit of the preset. */
  public get cpu(): Cpu {
    return cpuClass().millis(this.millicpu);
  }

  /** Memory limit of the preset. */
  public get memory(): Size {
    return Size.mebibytes(this.mebibytes);
  }
}
