import { App, Testing } from 'cdk8s';
import * as h from '../../src';
import { HikubeValidationError, ValidationProblem } from '../../src/errors';
import { warningProblems } from '../../src/model/validation';

const FLEET = 'https://git.acme.example/fleet.git';

function cluster(app: App, id = 'prod', bootstrap?: h.FluxBootstrapSource): h.HikubeCluster {
  return new h.HikubeCluster(app, id, { tenantNamespace: 'tenant-acme', platformLine: h.PlatformLine.V1_6, addons: [new h.Flux({ bootstrap })] });
}

/** The errors of a synth, or its warnings when it succeeds. */
function problems(app: App): { errors: ValidationProblem[]; warnings: ValidationProblem[] } {
  try {
    app.synthYaml();
  } catch (e) {
    if (e instanceof HikubeValidationError) return { errors: e.problems.filter((p) => p.severity === 'error'), warnings: [] };
    throw e;
  }
  return { errors: [], warnings: warningProblems(app) };
}

describe('GitOps sources Flux can fetch', () => {
  test('an ssh:// sync without a secret is refused, naming secretName', () => {
    const app = Testing.app();
    new h.GitOpsSync(new h.TenantClusterChart(app, 'inside', { cluster: cluster(app) }), 'apps', { url: 'ssh://git@git.acme.example/fleet.git' });
    const { errors } = problems(app);
    expect(errors.map((p) => [p.rule, p.field, p.path])).toEqual([['HK-GITOPS-SSH', 'secretName', 'inside/apps']]);
  });

  test('an ssh:// bootstrap without a pull secret is refused; with one it passes', () => {
    const app = Testing.app();
    cluster(app, 'prod', { url: 'ssh://git@git.acme.example/fleet.git' });
    expect(problems(app).errors.map((p) => [p.rule, p.field])).toEqual([['HK-FLUX-SSH', 'addons.fluxcd.bootstrap.pullSecret']]);
    const ok = Testing.app();
    cluster(ok, 'prod', { url: 'ssh://git@git.acme.example/fleet.git', pullSecret: 'fleet-key' });
    expect(problems(ok)).toEqual({ errors: [], warnings: [] });
  });

  test('plain-HTTP sources are warned, in the cluster and in the chart', () => {
    const app = Testing.app();
    const inside = new h.TenantClusterChart(app, 'inside', { cluster: cluster(app, 'prod', { url: 'http://git.acme.example/fleet.git', path: 'clusters/prod' }) });
    new h.GitOpsSync(inside, 'apps', { url: 'http://git.acme.example/apps.git' });
    expect(problems(app).warnings.map((p) => [p.rule, p.path]).sort()).toEqual([['HK-FLUX-HTTP', 'prod'], ['HK-GITOPS-HTTP', 'inside/apps']]);
  });
});

describe('one owner per Git path', () => {
  test('the second sync of a repository and path in a cluster is refused, whatever the spelling', () => {
    const app = Testing.app();
    const inside = new h.TenantClusterChart(app, 'inside', { cluster: cluster(app) });
    new h.GitOpsSync(inside, 'apps', { url: FLEET, path: 'apps' });
    new h.GitOpsSync(inside, 'again', { url: 'https://GIT.acme.example/fleet/', path: './apps/', branch: 'next' });
    const { errors } = problems(app);
    expect(errors.map((p) => [p.rule, p.path])).toEqual([['HK-GITOPS-OWNER', 'inside/again']]);
    expect(errors[0].message).toContain('GitOpsSync inside/apps already applies');
  });

  test('a sync of the path the Flux bootstrap applies is refused', () => {
    const app = Testing.app();
    const inside = new h.TenantClusterChart(app, 'inside', { cluster: cluster(app, 'prod', { url: FLEET, path: 'clusters/prod' }) });
    new h.GitOpsSync(inside, 'self', { url: FLEET, path: 'clusters/prod' });
    expect(problems(app).errors.map((p) => p.rule)).toEqual(['HK-GITOPS-OWNER']);
  });

  test('the same path in two clusters, or other paths in one, are fine', () => {
    const app = Testing.app();
    for (const id of ['prod', 'staging']) {
      const inside = new h.TenantClusterChart(app, `${id}-inside`, { cluster: cluster(app, id) });
      new h.GitOpsSync(inside, 'apps', { url: FLEET, path: 'apps' });
      new h.GitOpsSync(inside, 'infra', { url: FLEET, path: 'infra' });
    }
    expect(problems(app)).toEqual({ errors: [], warnings: [] });
  });

  test('two clusters bootstrapped from one path are warned once, on the second', () => {
    const app = Testing.app();
    cluster(app, 'prod', { url: FLEET, path: 'clusters' });
    cluster(app, 'staging', { url: FLEET, path: 'clusters/' });
    cluster(app, 'dev', { url: FLEET, path: 'clusters/dev' });
    const { warnings } = problems(app);
    expect(warnings.map((p) => [p.rule, p.path])).toEqual([['HK-FLUX-SHARED', 'staging']]);
    expect(warnings[0].message).toContain('cluster prod (prod) is already bootstrapped');
  });
});
