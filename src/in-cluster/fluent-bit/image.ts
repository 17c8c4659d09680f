import { checkArgs } from '../../model/guard';

/**
 * The FluentBit container image. The library's configuration, property table and probes follow the
 * version of `DEFAULT`; other versions are the caller's responsibility.
 */
export class FluentBitImage {
  /** FluentBit 4.0.3 from the project's registry. */
  public static readonly V4_0_3 = new FluentBitImage('cr.fluentbit.io/fluent/fluent-bit', '4.0.3');

  /** The version the library is written and tested against: FluentBit 4.0.3. */
  public static readonly DEFAULT = FluentBitImage.V4_0_3;

  /**
   * Another image or version, e.g. a mirror in your registry. The YAML configuration needs FluentBit 2.0
   * or later; the property checks follow the 4.0 manual.
   * @param repository the image repository
   * @param tag the image tag
   */
  public static of(repository: string, tag: string): FluentBitImage {
    checkArgs('FluentBitImage.of', 'FluentBitImage', 'of', [repository, tag]);
    return new FluentBitImage(repository, tag);
  }

  private constructor(
    /** Image repository. */
    public readonly repository: string,
    /** Image tag. */
    public readonly tag: string) {}

  /** `repository:tag`. */
  public get image(): string {
    return `${this.repository}:${this.tag}`;
  }
}
