import { KubernetesVersion } from './kubernetes-version';
import { problem, type Finding } from './validation';

/** Talos worker image settings (platform v1.6+). */
export interface TalosOptions {
  /**
   * Talos release of the workers, e.g. `v1.13.6`.
   * @default - the platform's pinned release
   */
  readonly version?: string;
  /**
   * Base URL of the Talos Image Factory serving the worker disk image, without trailing slash.
   * @default - the public factory
   */
  readonly imageFactoryUrl?: string;
  /**
   * OCI repository prefix of the Talos installer image, without trailing slash.
   * @default - the public factory's installer
   */
  readonly installerRepository?: string;
  /**
   * Image Factory schematic ID (64 hex characters).
   * @default - the platform's schematic
   */
  readonly schematicId?: string;
  /**
   * Talos `machine.registries.mirrors` for workers: upstream host to `{ endpoints: [...] }` (platform main).
   * @default - no mirrors
   */
  readonly registryMirrors?: { [host: string]: any };
}

/** What the platform uses for each Talos setting a cluster (or a node pool) leaves unset. @internal */
export const TALOS_DEFAULTS = {
  imageFactoryUrl: 'https://factory.talos.dev',
  installerRepository: 'factory.talos.dev/installer',
  schematicId: 'ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515',
  version: 'v1.13.6',
} as const;

/** Kubernetes minors each Talos minor supports, as the platform checks them. */
const TALOS_KUBERNETES: Record<string, [number, number]> = { 1.13: [31, 36] };

/** Spec fragment for `talos`. @internal */
export function renderTalos(t: TalosOptions): Record<string, any> {
  return {
    ...(t.imageFactoryUrl !== undefined ? { imageFactoryURL: t.imageFactoryUrl } : {}),
    ...(t.installerRepository !== undefined ? { installerRepository: t.installerRepository } : {}),
    ...(t.schematicId !== undefined ? { schematicID: t.schematicId } : {}),
    ...(t.version !== undefined ? { version: t.version } : {}),
    ...(t.registryMirrors !== undefined ? { registryMirrors: t.registryMirrors } : {}),
  };
}

/** Checks Talos settings against the cluster's Kubernetes version. @internal */
export function checkTalos(t: TalosOptions, version: KubernetesVersion): Finding[] {
  const errors: Finding[] = [];
  if (t.version !== undefined) {
    const m = /^v(\d+)\.(\d+)\.(\d+)$/.exec(t.version);
    const range = m ? TALOS_KUBERNETES[`${m[1]}.${m[2]}`] : undefined;
    if (!m) {
      errors.push(problem('HK-TALOS', 'talos.version', t.version, 'expected a Talos release such as "v1.13.6"'));
    } else if (!range) {
      errors.push(problem('HK-TALOS', 'talos.version', t.version, `the platform supports Talos ${Object.keys(TALOS_KUBERNETES).map((k) => `v${k}`).join(', ')}`));
    } else if (version.minor < range[0] || version.minor > range[1]) {
      errors.push(problem('HK-TALOS', 'talos.version', t.version, `Talos v${m[1]}.${m[2]} runs Kubernetes v1.${range[0]} to v1.${range[1]}, not ${version}`));
    }
  }
  for (const [name, value] of [['imageFactoryUrl', t.imageFactoryUrl], ['installerRepository', t.installerRepository]] as const) {
    if (value !== undefined && (value.length === 0 || value.endsWith('/') || /\s/.test(value))) {
      errors.push(problem('HK-TALOS', `talos.${name}`, value, 'expected a non-empty value without spaces or trailing slash'));
    }
  }
  if (t.imageFactoryUrl !== undefined && !/^https?:\/\//.test(t.imageFactoryUrl)) {
    errors.push(problem('HK-TALOS', 'talos.imageFactoryURL', t.imageFactoryUrl, 'expected an http(s) URL'));
  }
  if (t.schematicId !== undefined && !/^[0-9a-f]{64}$/.test(t.schematicId)) {
    errors.push(problem('HK-TALOS', 'talos.schematicID', t.schematicId, 'expected 64 lower-case hex characters'));
  }
  return errors;
}
