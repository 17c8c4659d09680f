import { VELERO_ADDON } from './velero';
import type { AddonDescriptor } from '../model/addons/descriptor';
import { PlatformLine } from '../model/platform-line';

/**
 * Descriptors of the add-ons whose class lives in this layer, which the line table names by key. A map given
 * here, not a registration by the add-on's module: loading a module changes no table.
 */
const TENANT_ADDONS: readonly AddonDescriptor[] = [VELERO_ADDON];

let table: readonly AddonDescriptor[] | undefined;

/** Every add-on's descriptor, in the platform's order: the line table's, with this layer's filled in. @internal */
export function addonDescriptors(): readonly AddonDescriptor[] {
  return table ??= PlatformLine._addonTable().map((entry) => {
    if (typeof entry !== 'string') return entry;
    const descriptor = TENANT_ADDONS.find((d) => d.key === entry);
    if (!descriptor) throw new Error(`add-on ${entry}: the line table names it, and no layer gives its descriptor`);
    return descriptor;
  });
}

/** The descriptor of the add-on with a spec key, if the library models it. @internal */
export function addonDescriptor(key: string): AddonDescriptor | undefined {
  return addonDescriptors().find((d) => d.key === key);
}
