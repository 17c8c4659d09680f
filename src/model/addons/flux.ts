import { Duration } from 'cdk8s';
import { Addon, AddonContext, AddonFindings, AddonValuesOptions } from './addon';
import { parentOperations } from './chart-keys';
import type { AddonDescriptor } from './descriptor';
import type { Repair } from '../../diagnostics/problems';
import { isPlainHttpUrl, isSshUrl, plainHttpFinding } from '../git-source';
import { checkProps } from '../guard';
import { isPlainObject, pointerToken } from '../merge';
import { formatDuration, parseDuration } from '../quantity';
import { checkWholeSeconds, finding, GIT_URL, problem } from '../validation';

/** Where Flux in the tenant cluster syncs from once it is installed. */
export interface FluxBootstrapSource {
  /**
   * Git repository URL with its scheme (`https://`, or `ssh://` with `pullSecret`).
   *
   * Flux does not read `git@host:path`; an `http://` URL is warned, since anyone on the network path can
   * change what the cluster applies.
   */
  readonly url: string;

  /**
   * Branch to follow. Mutually exclusive with `tag`.
   * @default "main"
   */
  readonly branch?: string;

  /**
   * Tag to follow instead of a branch.
   * @default - follow `branch`
   */
  readonly tag?: string;

  /**
   * Path inside the repository holding the manifests (where this library's YAML is committed).
   * @default "./"
   */
  readonly path?: string;

  /**
   * How often Flux checks the source.
   * @default Duration.minutes(1)
   */
  readonly interval?: Duration;

  /**
   * Name of a Secret in the tenant cluster's Flux namespace with the credentials for the repository.
   * The secret is referenced, never written by this library. An `ssh://` URL needs one (keys `identity`
   * and `known_hosts`).
   * @default - public repository
   */
  readonly pullSecret?: string;
}

/** Options for Flux. */
export interface FluxProps extends AddonValuesOptions {
  /**
   * Bootstrap the tenant cluster from a Git repository.
   * @default - Flux is installed without a sync source
   */
  readonly bootstrap?: FluxBootstrapSource;
}

const REF_NAME = /^[A-Za-z0-9._/-]+$/;

/**
 * Flux in the tenant cluster (`addons.fluxcd`, platform lines up to v1.6; removed on main).
 *
 * The typed bootstrap becomes the Flux instance's `sync` values (`flux-instance.instance.sync`), the only
 * place the platform's chart reads a sync source. A `gitRepository` key in `valuesOverride`, as some
 * documentation shows, is read by nothing and is refused.
 */
export class Flux extends Addon {
  /** Spec key of this add-on. */
  public static readonly KEY = 'fluxcd';

  /** The bootstrap source, if any. */
  public readonly bootstrap?: FluxBootstrapSource;

  /**
   * @param props the add-on's settings; `valuesOverride` is deep-merged over the platform's values
   */
  public constructor(props: FluxProps = {}) {
    super(Flux.KEY, FLUX_ADDON.toggled, checkProps('Flux', undefined, 'FluxProps', props).valuesOverride);
    this.bootstrap = props.bootstrap;
  }

  /** @internal */
  public _typedValues(): Record<string, any> | undefined {
    const b = this.bootstrap;
    if (!b) return undefined;
    const ref = b.tag !== undefined ? `refs/tags/${b.tag}` : `refs/heads/${b.branch ?? 'main'}`;
    return {
      'flux-instance': {
        instance: {
          sync: {
            kind: 'GitRepository',
            url: b.url,
            ref,
            path: b.path ?? './',
            interval: formatDuration(b.interval ?? Duration.minutes(1)),
            ...(b.pullSecret !== undefined ? { pullSecret: b.pullSecret } : {}),
          },
        },
      },
    };
  }

  /** @internal */
  public get _descriptor(): AddonDescriptor {
    return FLUX_ADDON;
  }

  /** @internal */
  public _typedOptionAt(path: string): string {
    return `the typed option bootstrap (${path.replace('flux-instance.instance.sync.', '')})`;
  }

  /** @internal */
  public _check(ctx: AddonContext): AddonFindings {
    const base = super._check(ctx);
    const b = this.bootstrap;
    if (!b) return base;
    const field = `${ctx.field}.bootstrap`;
    if (typeof b.url !== 'string' || !GIT_URL.test(b.url)) {
      base.errors.push(problem('HK-FLUX', `${field}.url`, b.url, 'expected a Git URL with a scheme, such as https://git.example.com/org/repo.git or ssh://git@git.example.com/org/repo.git'));
    } else if (isSshUrl(b.url) && b.pullSecret === undefined) {
      base.errors.push(finding('HK-FLUX-SSH', `${field}.pullSecret`,
        'an ssh:// source needs a Secret with the private key (keys identity and known_hosts) in the tenant cluster\'s Flux namespace: ' +
        'without one Flux has no key to clone with and the sync never starts; name it in bootstrap.pullSecret', { value: null }));
    } else if (isPlainHttpUrl(b.url)) {
      base.warnings.push(plainHttpFinding('HK-FLUX-HTTP', `${field}.url`, b.url));
    }
    if (b.branch !== undefined && b.tag !== undefined) {
      base.errors.push(problem('HK-FLUX', `${field}.tag`, b.tag, 'set either branch or tag, not both'));
    }
    for (const [name, value] of [['branch', b.branch], ['tag', b.tag]] as const) {
      if (value !== undefined && !REF_NAME.test(value)) {
        base.errors.push(problem('HK-FLUX', `${field}.${name}`, value, 'expected a Git ref name (letters, digits, ".", "_", "-", "/")'));
      }
    }
    if (b.path !== undefined && (b.path.includes('..') || /\s/.test(b.path) || b.path.length === 0)) {
      base.errors.push(problem('HK-FLUX', `${field}.path`, b.path, 'expected a non-empty relative path without ".." or spaces'));
    }
    const interval = b.interval && checkWholeSeconds('HK-FLUX', `${field}.interval`, b.interval);
    if (interval) base.errors.push(interval);
    return base;
  }
}

const FLUX_SOURCE = 'flux-instance values.yaml (Add-on values §1)';

/** Flux's releases, where its chart reads values, and how a manifest's sync source becomes the typed bootstrap. */
export const FLUX_ADDON: AddonDescriptor<Flux> = {
  key: Flux.KEY,
  toggled: true,
  takesValues: true,
  chart: { charts: 'flux-instance', keys: ['flux-instance'] },
  unreadKeys: {
    gitRepository: 'no chart of the platform reads gitRepository; the Flux instance syncs from flux-instance.instance.sync, which the typed bootstrap option of Flux writes',
  },
  chartMaps: [
    { path: ['flux-instance'], keys: ['nameOverride', 'fullnameOverride', 'instance', 'commonAnnotations', 'commonLabels', 'healthcheck'], strict: false, source: FLUX_SOURCE },
    { path: ['flux-instance', 'instance'], keys: ['distribution', 'components', 'cluster', 'commonMetadata', 'storage', 'sharding', 'sync', 'kustomize'], strict: false, source: FLUX_SOURCE },
    { path: ['flux-instance', 'instance', 'sync'], keys: ['interval', 'kind', 'url', 'ref', 'path', 'pullSecret', 'name', 'provider'], strict: false, source: FLUX_SOURCE },
  ],
  unreadKeyRepair: gitRepositoryRepair,
  releases: [
    { name: 'fluxcd-operator', component: 'fluxcd-operator', targetNamespace: 'cozy-fluxcd', dependsOn: () => ['cilium'] },
    {
      name: 'fluxcd',
      component: 'fluxcd',
      targetNamespace: 'cozy-fluxcd',
      dependsOn: () => ['cilium', 'fluxcd-operator'],
      values: (c) => nonEmpty(c.override(Flux.KEY)),
    },
  ],
  fromManifest: ({ values }) => {
    const bootstrap = values && readBootstrap(values);
    return new Flux({ bootstrap, valuesOverride: values && nonEmpty(values) });
  },
  typedProps: (flux) => (flux.bootstrap ? { bootstrap: flux.bootstrap } : {}),
};

function nonEmpty(values: Record<string, any>): Record<string, any> | undefined {
  return Object.keys(values).length > 0 ? values : undefined;
}

/**
 * `gitRepository`, as Hikube's documentation writes it (`url` with `branch` or `tag`, and `path`), becomes
 * the sync values of the typed bootstrap; other shapes, or a sync already set, have no mechanical fix.
 */
function gitRepositoryRepair(key: string, values: Record<string, any>): Repair | undefined {
  if (key !== 'gitRepository') return undefined;
  const g = values.gitRepository;
  const fields = ['url', 'branch', 'tag', 'path'];
  if (!isPlainObject(g) || typeof g.url !== 'string' || !Object.keys(g).every((k) => fields.includes(k) && typeof g[k] === 'string')) return undefined;
  const sync = ['flux-instance', 'instance', 'sync'];
  const { ops, at, have } = parentOperations(`/spec/addons/${Flux.KEY}/valuesOverride`, values, sync);
  if (have?.sync !== undefined) return undefined;
  const typed = new Flux({ bootstrap: { url: g.url, branch: g.branch, tag: g.tag, path: g.path } })._typedValues()!;
  return {
    description: 'set the typed bootstrap instead: its values go to flux-instance.instance.sync, where the Flux instance reads its source',
    operations: [
      { op: 'remove', path: `/spec/addons/${Flux.KEY}/valuesOverride/${pointerToken(key)}` },
      ...ops,
      { op: 'add', path: `${at}/sync`, value: typed['flux-instance'].instance.sync },
    ],
  };
}

/**
 * The typed Flux bootstrap for sync values of the shape it writes, taken out of the values; undefined, with
 * the values untouched, for any other shape.
 */
function readBootstrap(values: Record<string, any>): FluxBootstrapSource | undefined {
  const instance = values['flux-instance']?.instance;
  const sync = instance?.sync;
  if (!isPlainObject(sync) || sync.kind !== 'GitRepository' || typeof sync.url !== 'string' || typeof sync.path !== 'string') return undefined;
  if (!Object.keys(sync).every((k) => ['kind', 'url', 'ref', 'path', 'interval', 'pullSecret'].includes(k))) return undefined;
  const ref = /^refs\/(heads|tags)\/(.+)$/.exec(String(sync.ref));
  const interval = parseDuration(sync.interval);
  if (!ref || !interval || (sync.pullSecret !== undefined && typeof sync.pullSecret !== 'string')) return undefined;
  // Defaults are left out, as code would leave them out.
  const bootstrap: FluxBootstrapSource = {
    url: sync.url,
    ...(ref[1] === 'tags' ? { tag: ref[2] } : ref[2] !== 'main' ? { branch: ref[2] } : {}),
    ...(sync.path !== './' ? { path: sync.path } : {}),
    ...(interval.toSeconds() !== 60 ? { interval } : {}),
    ...(sync.pullSecret !== undefined ? { pullSecret: sync.pullSecret } : {}),
  };
  // Only values the typed option accepts and writes back the same become it; the rest stay values.
  const flux = new Flux({ bootstrap });
  const written: Record<string, unknown> = flux._typedValues()!['flux-instance'].instance.sync;
  const same = Object.keys(written).length === Object.keys(sync).length && Object.keys(sync).every((k) => written[k] === sync[k]);
  if (!same || flux._check({ field: Flux.KEY, effectiveGroups: [], has: () => false }).errors.length > 0) return undefined;
  delete instance.sync;
  if (Object.keys(instance).length === 0) delete values['flux-instance'].instance;
  if (Object.keys(values['flux-instance']).length === 0) delete values['flux-instance'];
  return bootstrap;
}
