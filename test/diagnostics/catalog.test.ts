import * as fs from 'fs';
import * as path from 'path';
import { App, Size } from 'cdk8s';
import { pageWithRules, RULES_PAGE } from '../../scripts/rules-table';
import { CertManager, HikubeCluster, InstanceType, KubernetesVersion, NodeGroupOptions, NodeGroupSpec, NodeRole, PlatformLine } from '../../src';
import { isRuleCode, RULES } from '../../src/diagnostics/rules';
import { HikubeValidationError, ValidationProblem } from '../../src/errors';

const ROOT = path.join(__dirname, '../..');

function problemsOf(app: App): ValidationProblem[] {
  try {
    app.synthYaml();
  } catch (e) {
    expect(e).toBeInstanceOf(HikubeValidationError);
    return (e as HikubeValidationError).problems;
  }
  return [];
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'imports' ? [] : sources(p);
    return d.name.endsWith('.ts') ? [p] : [];
  });
}

describe('the rule catalog', () => {
  test('the rules table of the documentation is the one generated from the catalog', () => {
    const page = fs.readFileSync(path.join(ROOT, RULES_PAGE), 'utf8');
    expect(pageWithRules(page)).toEqual(page);
  });

  test('every rule code the sources name is in the catalog, and every catalog rule is reported somewhere', () => {
    const catalogFile = path.join(ROOT, 'src/diagnostics/rules.ts');
    const used = new Set<string>();
    for (const file of sources(path.join(ROOT, 'src')).filter((f) => f !== catalogFile)) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/'(HK-[A-Z0-9-]+)'/g)) used.add(m[1]);
    }
    expect([...used].filter((c) => !isRuleCode(c))).toEqual([]);
    expect(Object.keys(RULES).filter((c) => !used.has(c))).toEqual([]);
  });

  test('every rule has a summary, and a check severity only where it differs', () => {
    for (const [code, rule] of Object.entries(RULES)) {
      expect(code).toMatch(/^HK-[A-Z0-9]+(-[A-Z0-9]+)*$/);
      expect(rule.summary.length).toBeGreaterThan(10);
      if ('checkSeverity' in rule) expect(rule.checkSeverity).not.toEqual(rule.severity);
    }
  });
});

describe('structured problems', () => {
  test('a problem carries its code, severity, field and value from the point of detection', () => {
    const app = new App();
    new HikubeCluster(app, 'c', { tenantNamespace: 'tenant-a', nodeGroups: { web: NodeGroupSpec.of({ minReplicas: 5, maxReplicas: 2, roles: [NodeRole.INGRESS_NGINX] }) } });
    const [p] = problemsOf(app);
    expect(p).toEqual({
      rule: 'HK-REPLICAS',
      severity: 'error',
      path: 'c',
      field: 'nodeGroups.web.minReplicas',
      value: 5,
      message: expect.stringMatching(/^nodeGroups\.web\.minReplicas: 5 is not valid; /),
      detail: expect.stringMatching(/^5 is not valid; must not exceed maxReplicas \(2\)$/),
    });
  });

  test('strict mode escalates the repairs fromManifest recorded at construction, with their code and repair', () => {
    const manifest = {
      apiVersion: 'apps.cozystack.io/v1alpha1',
      kind: 'Kubernetes',
      metadata: { name: 'demo', namespace: 'tenant-a' },
      spec: { version: 'v1.30.0', nodeGroups: { md0: { minReplicas: 1, maxReplicas: 3, instanceType: 'u1.large', resources: {}, roles: ['ingress-nginx'] } } },
    };
    const lax = new App();
    HikubeCluster.fromManifest(lax, 'demo', manifest, { platformLine: PlatformLine.V1_3 });
    expect(problemsOf(lax)).toEqual([]);

    const strict = new App();
    strict.node.setContext('hikube:strict', true);
    HikubeCluster.fromManifest(strict, 'demo', manifest, { platformLine: PlatformLine.V1_3 });
    const escalated = problemsOf(strict).find((p) => p.rule === 'HK-VERSION-PATCH');
    expect(escalated).toMatchObject({
      severity: 'error',
      field: 'spec.version',
      repair: { description: 'write version: v1.30', operations: [{ op: 'replace', path: '/spec/version', value: 'v1.30' }] },
    });
  });

  test('two apps in one process keep their problems and warnings apart', () => {
    const bad = new App();
    new HikubeCluster(bad, 'bad', { tenantNamespace: 'tenant-a', nodeGroups: { web: NodeGroupSpec.of({ minReplicas: 5, maxReplicas: 2, roles: [NodeRole.INGRESS_NGINX] }) } });
    const good = new App();
    const ok = new HikubeCluster(good, 'ok', {
      tenantNamespace: 'tenant-a', nodeGroups: { web: NodeGroupSpec.of({ instanceType: InstanceType.of('x9.custom'), roles: [NodeRole.INGRESS_NGINX] }) },
    });
    expect(problemsOf(bad).map((p) => p.rule)).toEqual(['HK-REPLICAS']);
    expect(problemsOf(good)).toEqual([]);
    expect(ok.warnings.join('\n')).toMatch(/x9\.custom is not in this library's catalog/);
    // The warning of one app does not become an error of the other in strict mode.
    const strictOther = new App();
    strictOther.node.setContext('hikube:strict', true);
    new HikubeCluster(strictOther, 'other', { tenantNamespace: 'tenant-a', nodeGroups: { md0: NodeGroupSpec.of({ roles: [NodeRole.INGRESS_NGINX] }) } });
    expect(problemsOf(strictOther)).toEqual([]);
  });
});

describe('change checks against what is deployed', () => {
  const deployedApp = new App();
  const before = new HikubeCluster(deployedApp, 'prod', {
    tenantNamespace: 'tenant-a',
    platformLine: PlatformLine.V1_3,
    version: KubernetesVersion.V1_32,
    nodeGroups: {
      md0: NodeGroupSpec.of({ minReplicas: 0, maxReplicas: 0 }),
      web: NodeGroupSpec.of({ instanceType: InstanceType.S1_LARGE, minReplicas: 2, maxReplicas: 4, roles: [NodeRole.INGRESS_NGINX], diskSize: Size.gibibytes(50) }),
      batch: NodeGroupSpec.of({ minReplicas: 1, maxReplicas: 3 }),
    },
  });

  /** Node groups from their options, as the map of a cluster's props holds them. */
  const specs = (groups: Record<string, NodeGroupOptions>) => Object.fromEntries(Object.entries(groups).map(([name, g]) => [name, NodeGroupSpec.of(g)]));

  function next(groups: Record<string, NodeGroupOptions>): ValidationProblem[] {
    const app = new App();
    new HikubeCluster(app, 'prod', {
      tenantNamespace: 'tenant-a', platformLine: PlatformLine.V1_3, version: KubernetesVersion.V1_33, nodeGroups: specs(groups), deployed: { cluster: before },
    });
    return problemsOf(app);
  }

  const same = {
    md0: { minReplicas: 0, maxReplicas: 0 },
    web: { instanceType: InstanceType.S1_LARGE, minReplicas: 2, maxReplicas: 4, roles: [NodeRole.INGRESS_NGINX], diskSize: Size.gibibytes(50) },
    batch: { minReplicas: 1, maxReplicas: 3 },
  };

  test('the same groups one minor later pass', () => {
    expect(next(same)).toEqual([]);
  });

  test('a worker disk that shrinks is refused', () => {
    const problems = next({ ...same, web: { ...same.web, diskSize: Size.gibibytes(40) } });
    expect(problems.find((p) => p.rule === 'HK-DISK-SHRINK')).toMatchObject({ field: 'nodeGroups.web.ephemeralStorage', severity: 'error' });
  });

  test('removing a group that still runs nodes is refused; scaled to 0 first, it may go', () => {
    const { batch: _, ...withoutBatch } = same;
    expect(next(withoutBatch).map((p) => p.rule)).toContain('HK-GROUP-REMOVED');
    const scaledApp = new App();
    const scaled = new HikubeCluster(scaledApp, 'prod', {
      tenantNamespace: 'tenant-a', platformLine: PlatformLine.V1_3, version: KubernetesVersion.V1_33, nodeGroups: specs({ ...same, batch: { minReplicas: 0, maxReplicas: 0 } }),
    });
    const app = new App();
    new HikubeCluster(app, 'prod', { tenantNamespace: 'tenant-a', platformLine: PlatformLine.V1_3, version: KubernetesVersion.V1_33, nodeGroups: specs(withoutBatch), deployed: { cluster: scaled } });
    expect(problemsOf(app)).toEqual([]);
  });

  test('a change of instance type is warned: it replaces every node of the group', () => {
    const app = new App();
    const cluster = new HikubeCluster(app, 'prod', {
      tenantNamespace: 'tenant-a',
      platformLine: PlatformLine.V1_3,
      version: KubernetesVersion.V1_33,
      nodeGroups: specs({ ...same, web: { ...same.web, instanceType: InstanceType.S1_XLARGE } }),
      deployed: { cluster: before },
    });
    expect(problemsOf(app)).toEqual([]);
    expect(cluster.warnings).toEqual(['[prod] nodeGroups.web: changing instanceType replaces every node of the group, one after the other']);
  });

  test('skipping a minor version is refused with the deployed cluster\'s version', () => {
    const app = new App();
    new HikubeCluster(app, 'prod', {
      tenantNamespace: 'tenant-a',
      platformLine: PlatformLine.V1_3,
      version: KubernetesVersion.V1_33,
      nodeGroups: specs(same),
      deployed: { cluster: new HikubeCluster(new App(), 'old', { tenantNamespace: 'tenant-a', platformLine: PlatformLine.V1_3, version: KubernetesVersion.V1_31, nodeGroups: specs(same) }) },
    });
    expect(problemsOf(app).map((p) => p.rule)).toEqual(['HK-UPGRADE']);
  });

  test('a storage class other than the deployed cluster\'s is refused; the same one passes', () => {
    const deployedOnFast = new HikubeCluster(new App(), 'old', { tenantNamespace: 'tenant-a', platformLine: PlatformLine.V1_3, version: KubernetesVersion.V1_33, storageClass: 'fast', nodeGroups: specs(same) });
    for (const [storageClass, rules] of [[undefined, ['HK-STORAGE-CLASS']], ['fast', []]] as const) {
      const app = new App();
      new HikubeCluster(app, 'prod', {
        tenantNamespace: 'tenant-a', platformLine: PlatformLine.V1_3, version: KubernetesVersion.V1_33, storageClass, nodeGroups: specs(same), deployed: { cluster: deployedOnFast },
      });
      expect(problemsOf(app).map((p) => p.rule)).toEqual(rules);
    }
  });

  test('an add-on the deployed cluster has and this one lacks is warned: the platform uninstalls it', () => {
    const withCertManager = new HikubeCluster(new App(), 'old', {
      tenantNamespace: 'tenant-a', platformLine: PlatformLine.V1_3, version: KubernetesVersion.V1_33, nodeGroups: specs(same), addons: [new CertManager()],
    });
    const app = new App();
    const cluster = new HikubeCluster(app, 'prod', {
      tenantNamespace: 'tenant-a', platformLine: PlatformLine.V1_3, version: KubernetesVersion.V1_33, nodeGroups: specs(same), deployed: { cluster: withCertManager },
    });
    expect(problemsOf(app)).toEqual([]);
    expect(cluster.warnings).toEqual(['[prod] addons.certManager: removed; the platform uninstalls it from the cluster, with what it manages']);
  });
});
