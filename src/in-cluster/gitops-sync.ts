import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { TenantClusterChart } from './tenant-cluster-chart';
import type * as sourceModule from '../imports/flux-gitrepository-source.toolkit.fluxcd.io';
import type * as kustomizeModule from '../imports/flux-kustomization-kustomize.toolkit.fluxcd.io';
import { Flux } from '../model/addons/flux';
import { gitSourceKey, isPlainHttpUrl, isSshUrl, plainHttpFinding } from '../model/git-source';
import { checkProps } from '../model/guard';
import { lazyModule } from '../model/lazy-module';
import { urlCredentials } from '../model/plain-secrets';
import { formatDuration } from '../model/quantity';
import { addChecks, checkBranch, checkSubdomain, checkWholeSeconds, DNS1123_SUBDOMAIN, finding, GIT_URL, perRun, problem, warn, type Finding } from '../model/validation';
import type { HikubeCluster } from '../tenant/hikube-cluster';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fluxSource = lazyModule<typeof sourceModule>(() => require('../imports/flux-gitrepository-source.toolkit.fluxcd.io'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fluxKustomize = lazyModule<typeof kustomizeModule>(() => require('../imports/flux-kustomization-kustomize.toolkit.fluxcd.io'));

/** Properties of a GitOps sync. */
export interface GitOpsSyncProps {
  /**
   * Repository URL (`https://`, or `ssh://` with `secretName`).
   *
   * An `http://` URL is warned: anyone on the network path can change what the cluster applies.
   */
  readonly url: string;
  /**
   * Path in the repository where the synthesized YAML is committed.
   * @default "./"
   */
  readonly path?: string;
  /**
   * Branch to follow.
   * @default "main"
   */
  readonly branch?: string;
  /**
   * How often Flux fetches and applies.
   * @default Duration.minutes(1)
   */
  readonly interval?: Duration;
  /**
   * Delete objects removed from Git.
   * @default true
   */
  readonly prune?: boolean;
  /**
   * Name of a Secret in Flux's namespace with the repository credentials (referenced, never written here).
   * @default - a public repository
   */
  readonly secretName?: string;
  /**
   * Name of the GitRepository and Kustomization.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * URL query keys whose value only looks like a credential: written as given. Credentials in the URL
   * (a password, a token as user name, keys such as `token`) are refused (`HK-SECRET-IN-URL`); put them in
   * the Secret named by `secretName`.
   * @default - none
   */
  readonly notSecrets?: string[];
}

/**
 * Points Flux inside the cluster at the Git path where this library's YAML is committed: a Flux
 * `GitRepository` and a `Kustomization` (source.toolkit.fluxcd.io/v1, kustomize.toolkit.fluxcd.io/v1).
 * Needs the Flux add-on.
 */
export class GitOpsSync extends Construct {
  /** The repository and path this sync applies, as one key. @internal */
  public readonly _sourceKey: string;
  /** The chart it is in. @internal */
  public readonly _chart: TenantClusterChart;

  /**
   * @param scope the construct this one is added to
   * @param id its id, unique within the scope
   * @param props the Git repository, the path in it and the sync interval
   */
  public constructor(scope: Construct, id: string, props: GitOpsSyncProps) {
    super(scope, id);
    checkProps(this, undefined, 'GitOpsSyncProps', props);
    // What is checked at synth is what was rendered here, whatever the caller changes in its object later.
    props = { ...props, ...(props.notSecrets ? { notSecrets: [...props.notSecrets] } : {}) };
    const chart = TenantClusterChart.enclosing(this);
    this._chart = chart;
    this._sourceKey = gitSourceKey(props.url, props.path);
    const name = props.name ?? id;
    const interval = props.interval ?? Duration.minutes(1);
    const namespace = chart.fluxNamespace;
    const source = new fluxSource.GitRepository(this, 'Source', {
      metadata: { name, namespace },
      spec: {
        url: props.url,
        ref: { branch: props.branch ?? 'main' },
        interval: formatDuration(interval),
        ...(props.secretName ? { secretRef: { name: props.secretName } } : {}),
      },
    });
    new fluxKustomize.Kustomization(this, 'Kustomization', {
      metadata: { name, namespace },
      spec: {
        sourceRef: { kind: fluxKustomize.KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: source.name },
        path: props.path ?? './',
        interval: formatDuration(interval),
        prune: props.prune ?? true,
      },
    });
    addChecks(this, () => {
      const errors: Finding[] = [];
      const missing = chart._missingAddon(Flux.KEY, 'Flux', 'a GitOps sync');
      if (missing) errors.push(missing);
      if (!GIT_URL.test(props.url)) errors.push(problem('HK-GITOPS', 'url', props.url, 'expected an https:// or ssh:// Git URL'));
      else errors.push(...urlSecretProblems(props.url, props.notSecrets), ...this.sourceProblems(props));
      if (props.path !== undefined && (props.path.includes('..') || props.path.length === 0)) errors.push(problem('HK-GITOPS', 'path', props.path, 'expected a relative path inside the repository'));
      const intervalProblem = checkWholeSeconds('HK-GITOPS', 'interval', interval);
      if (intervalProblem) errors.push(intervalProblem);
      if (!DNS1123_SUBDOMAIN.test(name)) errors.push(problem('HK-GITOPS', 'metadata.name', name, 'expected a lower-case DNS subdomain; set name when the construct id is not one'));
      const branchProblem = props.branch !== undefined ? checkBranch('HK-GITOPS', 'branch', props.branch) : undefined;
      if (branchProblem) errors.push(branchProblem);
      const secretProblem = props.secretName !== undefined ? checkSubdomain('HK-GITOPS', 'secretName', props.secretName, 'a Secret name') : undefined;
      if (secretProblem) errors.push(secretProblem);
      return errors;
    });
  }

  /**
   * A source Flux cannot fetch or should not trust, and a path another sync of the cluster (or its Flux
   * bootstrap) already applies: two Kustomizations of one path apply and prune the same objects, each
   * undoing the other's inventory.
   */
  private sourceProblems(props: GitOpsSyncProps): Finding[] {
    const errors: Finding[] = [];
    if (isSshUrl(props.url) && props.secretName === undefined) {
      errors.push(finding('HK-GITOPS-SSH', 'secretName',
        'an ssh:// source needs a Secret with the private key (keys identity and known_hosts) in Flux\'s namespace: without one Flux has no key to clone with and the sync never starts; ' +
        'name it in secretName, or use an https:// URL for a public repository', { value: null }));
    }
    if (isPlainHttpUrl(props.url)) warn(this, plainHttpFinding('HK-GITOPS-HTTP', 'url', props.url));
    const cluster = this._chart.cluster;
    const flux = cluster.findAddon(Flux.KEY);
    const bootstrap = flux instanceof Flux ? flux.bootstrap : undefined;
    const where = `path ${props.path ?? './'} of ${props.url}`;
    if (typeof bootstrap?.url === 'string' && gitSourceKey(bootstrap.url, bootstrap.path) === this._sourceKey) {
      errors.push(finding('HK-GITOPS-OWNER', 'path', `the Flux bootstrap of cluster ${cluster.clusterName} already applies ${where}, so two Kustomizations apply and prune the same objects; drop this sync or point it at another path`, { value: props.path ?? './' }));
      return errors;
    }
    const first = perRun(this, FIRST_SYNCS, firstSyncsOfApp).get(cluster)?.get(this._sourceKey);
    if (first && first !== this) {
      errors.push(finding('HK-GITOPS-OWNER', 'path', `GitOpsSync ${first.node.path} already applies ${where} to cluster ${cluster.clusterName}, so two Kustomizations apply and prune the same objects; keep one sync per path`, { value: props.path ?? './' }));
    }
    return errors;
  }
}

const FIRST_SYNCS = Symbol('cdk8s-hikube.firstSyncs');

/** The first sync of each repository path, per cluster: one walk of the app per check run. */
function firstSyncsOfApp(root: IConstruct): Map<HikubeCluster, Map<string, GitOpsSync>> {
  const out = new Map<HikubeCluster, Map<string, GitOpsSync>>();
  for (const c of root.node.findAll()) {
    if (!(c instanceof GitOpsSync)) continue;
    let paths = out.get(c._chart.cluster);
    if (!paths) out.set(c._chart.cluster, paths = new Map());
    if (!paths.has(c._sourceKey)) paths.set(c._sourceKey, c);
  }
  return out;
}

/** Credentials in a Git URL, which the GitRepository would store in plain text. */
function urlSecretProblems(url: string, notSecrets: string[] | undefined): Finding[] {
  const found = urlCredentials(url, notSecrets);
  if (found.found.length === 0) return [];
  return [finding('HK-SECRET-IN-URL', 'url', `the URL carries ${found.found.join(' and ')}, which the GitRepository would store in plain text; ` +
    'put the credentials in a Secret in Flux\'s namespace (keys username and password, or bearerToken) and name it in secretName ' +
    '(if a query value only looks like a secret, list its key in notSecrets)', { value: found.masked })];
}
