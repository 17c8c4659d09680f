import { Addon, AddonValuesOptions } from './addon';

/** Options for Velero. */
export interface VeleroProps extends AddonValuesOptions {}

/** Velero backups and restores in the tenant cluster (`addons.velero`). */
export class Velero extends Addon {
  /** Spec key of this add-on. */
  public static readonly KEY = 'velero';

  /**
   * @param props the add-on's settings; `valuesOverride` is deep-merged over the platform's values
   */
  public constructor(props: VeleroProps = {}) {
    super(Velero.KEY, true, props.valuesOverride);
  }
}
