import { checkArgs } from './guard';

/**
 * A Kubernetes minor version as the platform accepts it: `v1.<minor>`, never a patch.
 *
 * Which minors a cluster may run depends on the platform line; the cluster checks that at synth.
 */
export class KubernetesVersion {
  /** Kubernetes `v1.28`. */
  public static readonly V1_28 = new KubernetesVersion(28);
  /** Kubernetes `v1.29`. */
  public static readonly V1_29 = new KubernetesVersion(29);
  /** Kubernetes `v1.30`. */
  public static readonly V1_30 = new KubernetesVersion(30);
  /** Kubernetes `v1.31`. */
  public static readonly V1_31 = new KubernetesVersion(31);
  /** Kubernetes `v1.32`. */
  public static readonly V1_32 = new KubernetesVersion(32);
  /** Kubernetes `v1.33`. */
  public static readonly V1_33 = new KubernetesVersion(33);
  /** Kubernetes `v1.34`. */
  public static readonly V1_34 = new KubernetesVersion(34);
  /** Kubernetes `v1.35`. */
  public static readonly V1_35 = new KubernetesVersion(35);

  /**
   * A version from its string form, for minors this library has no constant for yet.
   *
   * Accepts `v1.35` or `1.35`. Patch versions (`v1.30.0`) are rejected: the platform picks the patch.
   *
   * @param version `v1.<minor>` or `1.<minor>`
   */
  public static of(version: string): KubernetesVersion {
    checkArgs('KubernetesVersion.of', 'KubernetesVersion', 'of', [version]);
    const match = /^v?1\.(0|[1-9][0-9]*)$/.exec(version);
    if (!match) {
      const patch = /^v?1\.(0|[1-9][0-9]*)\.[0-9]+$/.exec(version);
      const hint = patch ? `; the platform chooses the patch, write "v1.${patch[1]}"` : '';
      throw new Error(`KubernetesVersion: ${JSON.stringify(version)} is not a minor version of the form "v1.<minor>"${hint}`);
    }
    return new KubernetesVersion(Number(match[1]));
  }

  /** The minor number (35 for `v1.35`). */
  public readonly minor: number;

  private constructor(minor: number) {
    this.minor = minor;
  }

  /** The form the platform reads, e.g. `v1.35`. */
  public toString(): string {
    return `v1.${this.minor}`;
  }
}
