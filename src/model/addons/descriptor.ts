/**
 * What the library knows of one add-on, in one object: each add-on's file exports its descriptor next to
 * its class. The reader of manifests, the add-on release renderer, the chart checks and the `import`
 * writer read descriptors and hold no case of their own for any add-on. Internal to the library.
 */
import type { Addon } from './addon';
import type { Repair } from '../../diagnostics/problems';
import type { Finding } from '../validation';

/** Top-level `valuesOverride` keys an add-on's charts read. */
export interface ChartKeys {
  /** The add-on as its charts are named, for messages. */
  readonly charts: string;
  /** Keys read on every line; the first is where misplaced values belong. */
  readonly keys: readonly string[];
  /** Keys read only on the lines listed (by line name). */
  readonly lineKeys?: Readonly<Record<string, readonly string[]>>;
}

/** The keys a chart reads in one map of its values. */
export interface ChartMap {
  /** The map, as keys from the top of `valuesOverride`. */
  readonly path: readonly string[];
  /** Every key the chart reads there. */
  readonly keys: readonly string[];
  /**
   * The chart's values schema refuses any other key (`additionalProperties: false`), so a stray key fails
   * the install instead of being ignored.
   */
  readonly strict: boolean;
  /** Where the list comes from, for messages. */
  readonly source: string;
}

/**
 * What an add-on release's gate, dependencies and values see of the cluster. The Cluster API rendering
 * builds it; the model defines it, so that an add-on's file holds its releases without importing a later layer.
 */
export interface AddonReleaseContext {
  /** `kubernetes-<cluster>`: the cluster's Helm release, prefix of every add-on release. */
  readonly release: string;
  /** The tenant namespace the releases live in. */
  readonly namespace: string;
  /** Host of the cluster's API server Service in the management cluster (`<release>.<namespace>.svc`). */
  readonly serviceHost: string;
  /** Namespace of the tenant's monitoring. */
  readonly monitoringNamespace: string;
  /** Cluster domain of the management cluster. */
  readonly clusterDomain: string;
  /** Whether the cluster configures the add-on with this key. */
  has(key: string): boolean;
  /** The add-on configured under a key, if any. */
  addon(key: string): Addon | undefined;
  /** What an add-on passes the platform in `valuesOverride` (typed options included); empty without the add-on. */
  override(key: string): Record<string, any>;
}

/** One Flux `HelmRelease` the platform creates in layer 2 for a tenant cluster. */
export interface AddonRelease<C extends AddonReleaseContext = AddonReleaseContext> {
  /** Suffix of the release name `kubernetes-<cluster>-<suffix>`. */
  readonly name: string;
  /** Artifact component: `cozystack-kubernetes-application-kubevirt-kubernetes-<component>`. */
  readonly component: string;
  readonly targetNamespace: string;
  /** Helm release name inside the tenant cluster when it differs from the HelmRelease name. */
  readonly releaseName?: string;
  /**
   * Rendered only when this returns true. Without it: when the cluster has the add-on, or always for an
   * add-on the platform always installs (and for the platform's own releases).
   */
  readonly when?: (c: C) => boolean;
  /** Suffixes of the releases it waits for; those not rendered are left out. Without it: none. */
  readonly dependsOn?: (c: C) => string[];
  /** The release's values: the platform's, with the add-on's `valuesOverride` merged over them. */
  readonly values?: (c: C) => Record<string, any> | undefined;
  readonly noTimeout?: boolean;
  readonly noCreateNamespace?: boolean;
  /** Retries failed installs and upgrades on lines with the retry strategy. */
  readonly retries?: boolean;
  /**
   * The release also reads the add-on's `valuesOverride`, when it has one, from a Secret the platform
   * writes (`<release>-values-override`, key `values`).
   */
  readonly overrideSecret?: boolean;
  /**
   * Part of the cluster network: written before the platform's own releases (storage, metrics), which wait
   * for it. The other add-on releases follow them.
   */
  readonly network?: boolean;
}

/**
 * An add-on's fragment of a manifest (`spec.addons.<key>`) as the reader hands it to the add-on: `raw` holds
 * the fields besides `enabled` and `valuesOverride`, `values` the non-empty `valuesOverride` (repaired).
 * The add-on takes out of both what it reads; what remains of `raw` is carried over untyped.
 */
export interface AddonFragment {
  readonly raw: Record<string, any>;
  readonly values?: Record<string, any>;
}

/** A member of a public enum, which code names by the enum (`ExposeMethod.LOAD_BALANCER`). */
export class EnumMember {
  public constructor(
    /** The enum's exported name. */
    public readonly enumName: string,
    /** The enum object, member name to value. */
    public readonly members: Readonly<Record<string, string>>,
    /** The member's value. */
    public readonly value: string) {}
}

/**
 * One add-on: its key, its chart keys, its releases, how a manifest maps back to it and what code writes to
 * build it. `A` is the add-on's class.
 */
export interface AddonDescriptor<A extends Addon = Addon> {
  /** Key under `spec.addons`. */
  readonly key: string;
  /** Whether the add-on has an `enabled` switch; the platform always installs the others, which take values only. */
  readonly toggled: boolean;
  /** Whether the spec has a `valuesOverride` for the add-on. */
  readonly takesValues: boolean;
  /** Where its charts read `valuesOverride`; without it, override keys are not checked. */
  readonly chart?: ChartKeys;
  /** Top-level override keys no chart reads that have a reason of their own, with that reason. */
  readonly unreadKeys?: Readonly<Record<string, string>>;
  /**
   * Maps inside the chart keys whose keys the platform's reference lists. Maps it does not list stay
   * unchecked: a key the library does not know there may well be one the chart reads.
   */
  readonly chartMaps?: readonly ChartMap[];
  /** The releases it contributes to layer 2, in the platform's order. */
  readonly releases: readonly AddonRelease[];
  /** Values of the user's `valuesOverride` in a shape the charts refuse or misread. */
  shapeFindings?(field: string, values: Record<string, any>): Finding[];
  /**
   * The add-on's own fix of an override key its charts do not read, before the generic one (a key beside the
   * chart key moves under it).
   */
  unreadKeyRepair?(key: string, values: Record<string, any>): Repair | undefined;
  /** The reader: the add-on an enabled (or, for an always-installed add-on, valued) fragment describes. */
  fromManifest(fragment: AddonFragment): A;
  /**
   * The typed props, besides `valuesOverride`, code passes the constructor to build an add-on the reader
   * gave, as the `import` command writes them; defaults left out.
   */
  typedProps(addon: A): Record<string, unknown>;
}

/** Takes a field out of an object, returning its value. */
export function take(obj: Record<string, any>, key: string): any {
  const v = obj[key];
  delete obj[key];
  return v;
}
