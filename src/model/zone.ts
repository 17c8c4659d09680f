import { checkArgs } from './guard';

/**
 * A Hikube availability zone (datacenter), as the platform labels its nodes with
 * `topology.kubernetes.io/zone`. Under 5 ms apart.
 *
 * Zones can be pinned only in the Cluster API rendering; the Hikube tenant API has no field for them.
 */
export class Zone {
  /** Geneva. */
  public static readonly GENEVA = new Zone('geneva');
  /** Lucerne. */
  public static readonly LUCERNE = new Zone('lucerne');
  /** Gland. */
  public static readonly GLAND = new Zone('gland');

  /** The three Hikube datacenters. */
  public static all(): Zone[] {
    return [this.GENEVA, this.LUCERNE, this.GLAND];
  }

  /**
   * Splits a node group's bounds over zones, preserving both totals: each zone gets the integer share,
   * and the remainder goes one by one to the zones in the order given. Since the first zones get the
   * remainders of both bounds, every zone keeps `min <= max`.
   *
   * @param zones the zones, in the order the remainder is handed out
   * @param minReplicas the group's total minimum
   * @param maxReplicas the group's total maximum
   */
  public static split(zones: Zone[], minReplicas: number, maxReplicas: number): ZoneShare[] {
    checkArgs('Zone.split', 'Zone', 'split', [zones, minReplicas, maxReplicas]);
    const n = zones.length;
    const share = (total: number, i: number) => Math.floor(total / n) + (i < total % n ? 1 : 0);
    return zones.map((zone, i) => ZoneShare._of(zone, share(minReplicas, i), share(maxReplicas, i)));
  }

  /**
   * A zone by its `topology.kubernetes.io/zone` label value, for self-hosted platforms.
   *
   * @param name the zone label value
   */
  public static of(name: string): Zone {
    checkArgs('Zone.of', 'Zone', 'of', [name]);
    return new Zone(name);
  }

  /**
   * @param name the `topology.kubernetes.io/zone` label value
   */
  private constructor(public readonly name: string) {}
}

/**
 * One zone's share of a node group, as `Zone.split()` returns them. A class rather than a struct: no
 * struct sits in a list or a map of the library's API (see `NodeGroupSpec`).
 */
export class ZoneShare {
  /** @internal */
  public static _of(zone: Zone, minReplicas: number, maxReplicas: number): ZoneShare {
    return new ZoneShare(zone, minReplicas, maxReplicas);
  }

  private constructor(
    /** The zone. */
    public readonly zone: Zone,
    /** Lower autoscaler bound in this zone. */
    public readonly minReplicas: number,
    /** Upper autoscaler bound in this zone. */
    public readonly maxReplicas: number) {}
}

