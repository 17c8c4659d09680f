import { Addon, AddonValuesOptions } from './addon';

/** Options for cert-manager. */
export interface CertManagerProps extends AddonValuesOptions {}

/** cert-manager in the tenant cluster (`addons.certManager`): needed for certificate issuers on day 2. */
export class CertManager extends Addon {
  /** Spec key of this add-on. */
  public static readonly KEY = 'certManager';

  /**
   * @param props the add-on's settings; `valuesOverride` is deep-merged over the platform's values
   */
  public constructor(props: CertManagerProps = {}) {
    super(CertManager.KEY, true, props.valuesOverride);
  }
}
