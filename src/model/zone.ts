import { checkArgs, nearest } from './guard';
import { invalid } from './validation';

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
   * A Hikube zone by name (`geneva`, `lucerne`, `gland`). Any other name is refused with the nearest
   * zone, since a node group or pod pinned to a zone no node has never schedules; a self-hosted platform
   * with zones of its own names them with `Zone.selfHosted()`.
   *
   * @param name the zone label value
   */
  public static of(name: string): Zone {
    checkArgs('Zone.of', 'Zone', 'of', [name]);
    const known = Zone.all().find((z) => z.name === name);
    if (known) return known;
    const guess = nearest(name, Zone.all().map((z) => z.name));
    throw invalid('HK-ZONE', 'Zone.of', 'name', name,
      `Hikube has the zones ${Zone.all().map((z) => z.name).join(', ')}${guess ? `; did you mean ${guess}?` : ''} (on a self-hosted platform with zones of its own, use Zone.selfHosted(${JSON.stringify(name)}))`);
  }

  /**
   * A zone of a self-hosted platform, by its `topology.kubernetes.io/zone` label value: not checked against
   * Hikube's zones (the node group check still requires a lower-case DNS label). On Hikube, use `Zone.of()`
   * or the constants.
   *
   * @param name the zone label value
   */
  public static selfHosted(name: string): Zone {
    checkArgs('Zone.selfHosted', 'Zone', 'selfHosted', [name]);
    return new Zone(name);
  }

  /** Whether a zone label value names one of Hikube's zones. @internal */
  public static _isHikube(name: string): boolean {
    return Zone.all().some((z) => z.name === name);
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

