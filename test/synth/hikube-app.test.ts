import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, AppProps, Chart, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import { buildExample } from '../../examples/app';
import * as h from '../../src';

const OUTPUT_TYPES = [
  YamlOutputType.FILE_PER_APP,
  YamlOutputType.FILE_PER_CHART,
  YamlOutputType.FILE_PER_RESOURCE,
  YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
];

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hikube-app-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
let folders = 0;
const freshDir = () => path.join(scratch, `out${folders++}`);

/** Every file below a folder, by relative path. */
function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf-8');
    }
  };
  walk(dir);
  return out;
}

/**
 * Synthesizes the same app with cdk8s's App and with HikubeApp into fresh folders; returns both trees.
 * `App.synth()` never calls a chart's toJson() with one folder per chart, so objects a chart builds when it
 * renders are only there once something has rendered it: the reference renders through synthYaml() first.
 */
function synthBoth(build: (app: App) => void, props: AppProps): [Record<string, string>, Record<string, string>] {
  const reference = new App({ ...props, outdir: freshDir() });
  build(reference);
  if (props.yamlOutputType === YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE) reference.synthYaml();
  reference.synth();
  const fast = new h.HikubeApp({ printWarnings: false, ...props, outdir: freshDir() });
  build(fast);
  fast.synth();
  return [readTree(reference.outdir), readTree(fast.outdir)];
}

/** A small seeded generator, so that a failing fleet can be rebuilt from its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

function smallCluster(scope: Construct, id: string): [h.HikubeCluster, Chart, Chart] {
  const cluster = new h.HikubeCluster(scope, id, {
    tenantNamespace: 'tenant-fleet',
    platformLine: h.PlatformLine.V1_6,
    host: `${id}.example.com`,
    nodeGroups: { web: h.NodeGroupSpec.of({ instanceType: h.InstanceType.S1_LARGE, maxReplicas: 3, roles: [h.NodeRole.INGRESS_NGINX] }) },
    addons: [new h.CertManager(), new h.IngressNginx()],
  });
  const rendering = new h.ClusterApiRendering(scope, `${id}-cluster-api`, { cluster });
  const inside = new h.TenantClusterChart(scope, `${id}-inside`, { cluster });
  new h.LetsEncryptIssuer(inside, 'letsencrypt', { email: 'ops@acme-shop.ch', name: `letsencrypt-${id}` });
  return [cluster, rendering, inside];
}

/**
 * A fleet of charts with dependencies of every kind cdk8s resolves: chart on chart, object on object in the
 * same chart and across charts, a grouping construct on another chart, nested charts; some charts have ids
 * that look like array indices (which cdk8s orders first). Dependencies only point at charts of a lower
 * rank, so there are no cycles.
 */
function buildFleet(seed: number): (app: App) => void {
  return (app) => {
    const next = random(seed);
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
    const charts: Array<{ chart: Chart; rank: number; objects: ApiObject[] }> = [];
    const count = 6 + Math.floor(next() * 6);
    for (let i = 0; i < count; i++) {
      const rank = i;
      const id = next() < 0.3 ? String(Math.floor(next() * 30) + i * 100) : `chart-${i}`;
      if (next() < 0.15) {
        const [cluster, rendering, inside] = smallCluster(app, `c${i}`);
        charts.push({ chart: cluster, rank, objects: [] }, { chart: inside, rank: rank + 0.3, objects: [] }, { chart: rendering, rank: rank + 0.6, objects: [] });
        continue;
      }
      const chart = new Chart(app, id);
      const entry = { chart, rank, objects: [] as ApiObject[] };
      charts.push(entry);
      const group = new Construct(chart, 'group');
      for (let k = 0; k < 1 + Math.floor(next() * 5); k++) {
        const scope = next() < 0.4 ? group : chart;
        const object = new ApiObject(scope, `cm${k}`, { apiVersion: 'v1', kind: pick(['ConfigMap', 'Secret', 'Service']), data: { k: String(k) } });
        if (entry.objects.length > 0 && next() < 0.4) object.addDependency(pick(entry.objects));
        entry.objects.push(object);
      }
      if (next() < 0.4) {
        const nested = new Chart(chart, 'nested');
        const nestedEntry = { chart: nested, rank: rank - 0.5, objects: [] as ApiObject[] };
        charts.push(nestedEntry);
        for (let k = 0; k < 1 + Math.floor(next() * 3); k++) {
          nestedEntry.objects.push(new ApiObject(nested, `n${k}`, { apiVersion: 'v1', kind: 'ConfigMap' }));
        }
      }
      const lower = charts.filter((c) => c.rank < rank - 0.5);
      if (lower.length > 0) {
        const roll = next();
        const target = pick(lower);
        if (roll < 0.3) chart.addDependency(target.chart);
        else if (roll < 0.6 && target.objects.length > 0) pick(entry.objects).addDependency(pick(target.objects));
        else if (roll < 0.8) group.node.addDependency(target.chart);
      }
    }
  };
}

describe.each(OUTPUT_TYPES.map((t) => [YamlOutputType[t], t] as const))('%s', (_name, yamlOutputType) => {
  const perResource = yamlOutputType === YamlOutputType.FILE_PER_RESOURCE || yamlOutputType === YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE;
  test(perResource ? 'the example app is refused: cdk8s would write its two team namespaces\' policies to one file' : 'the example app gives the same files as cdk8s', () => {
    if (perResource) {
      const app = new h.HikubeApp({ printWarnings: false, outdir: freshDir(), yamlOutputType });
      buildExample(app);
      expect(() => app.synth()).toThrow('NetworkPolicy default-deny and the object at prod-inside/shop/DefaultDeny/Resource are both written to NetworkPolicy.default-deny');
      return;
    }
    const [reference, fast] = synthBoth((app) => buildExample(app), { yamlOutputType });
    expect(Object.keys(fast).length).toBeGreaterThan(0);
    expect(fast).toEqual(reference);
  });

  test.each([1, 2, 3, 4, 5, 6])('generated fleet %i gives the same files as cdk8s', (seed) => {
    const [reference, fast] = synthBoth(buildFleet(seed), { yamlOutputType, recordConstructMetadata: seed % 2 === 0 });
    expect(fast).toEqual(reference);
  });
});

test('the generated fleets have dependent charts, nested charts and index-like chart ids', () => {
  const seen = { numbered: false, nested: false, indexLike: false };
  for (let seed = 1; seed <= 6; seed++) {
    const app = new App();
    buildFleet(seed)(app);
    const charts = app.node.findAll().filter(Chart.isChart);
    seen.nested ||= charts.some((c) => Chart.isChart(c.node.scope));
    seen.indexLike ||= charts.some((c) => /^[0-9]+$/.test(c.node.id));
    seen.numbered ||= charts.some((c) => c.node.dependencies.length > 0);
  }
  expect(seen).toEqual({ numbered: true, nested: true, indexLike: true });
});

test('synthYaml gives the same string as cdk8s', () => {
  for (const build of [(app: App) => buildExample(app), buildFleet(3)]) {
    const reference = new App();
    build(reference);
    const fast = new h.HikubeApp({ printWarnings: false });
    build(fast);
    expect(fast.synthYaml()).toEqual(reference.synthYaml());
  }
});

test('HikubeApp.synthesize() synthesizes a plain App the same way', () => {
  const plain = new App({ outdir: freshDir() });
  buildExample(plain);
  h.HikubeApp.synthesize(plain);
  const fast = new h.HikubeApp({ printWarnings: false, outdir: freshDir() });
  buildExample(fast);
  fast.synth();
  expect(readTree(plain.outdir)).toEqual(readTree(fast.outdir));
});

test('a second synth gives the same bytes', () => {
  const app = new h.HikubeApp({ printWarnings: false, outdir: freshDir() });
  buildFleet(5)(app);
  buildExample(app);
  app.synth();
  const first = readTree(app.outdir);
  app.synth();
  expect(readTree(app.outdir)).toEqual(first);
  expect(app.synthYaml()).toEqual(app.synthYaml());
});

describe('a failing synth changes nothing', () => {
  function invalidApp(outdir: string): App {
    const app = new h.HikubeApp({ printWarnings: false, outdir, yamlOutputType: YamlOutputType.FILE_PER_RESOURCE });
    buildExample(app);
    const bad = new h.HikubeCluster(app, 'Bad_Name', { tenantNamespace: 'tenant-acme' });
    new h.ClusterApiRendering(app, 'bad-cluster-api', { cluster: bad, platform: { tenantHost: 'acme.example' } });
    const other = new Chart(app, 'other');
    const object = new ApiObject(other, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    object.node.addValidation({ validate: () => ['always refused'] });
    return app;
  }

  test('every problem of the app is reported in one error', () => {
    const app = invalidApp(freshDir());
    const error = captureError(() => app.synth());
    expect(error).toMatch(/Bad_Name\] metadata.name: "Bad_Name" is not valid/);
    expect(error).toMatch(/\[other\/cm\] always refused/);
    expect(() => app.synthYaml()).toThrow(/Bad_Name\] metadata.name/);
  });

  test('an existing output folder keeps its bytes and nothing is left next to it', () => {
    const outdir = freshDir();
    const good = new h.HikubeApp({ printWarnings: false, outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
    buildExample(good);
    good.synth();
    fs.writeFileSync(path.join(outdir, 'kustomization.yaml'), 'kept\n');
    const before = readTree(outdir);
    const siblings = fs.readdirSync(scratch).sort();
    expect(() => invalidApp(outdir).synth()).toThrow(/Validation failed/);
    expect(readTree(outdir)).toEqual(before);
    expect(fs.readdirSync(scratch).sort()).toEqual(siblings);
  });

  test('a missing output folder is not created', () => {
    const outdir = freshDir();
    expect(() => invalidApp(outdir).synth()).toThrow(/Validation failed/);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test('construct validations and the library checks all run, once each', () => {
    const app = new h.HikubeApp({ printWarnings: false, outdir: freshDir() });
    const cluster = new h.HikubeCluster(app, 'prod', { tenantNamespace: 'tenant-acme', version: h.KubernetesVersion.of('v1.20') });
    let runs = 0;
    cluster.resource.node.addValidation({ validate: () => { runs++; return ['custom problem']; } });
    const error = captureError(() => app.synth());
    expect(runs).toBe(1);
    expect(error).toMatch(/\[prod\] version: "v1.20" is not valid/);
    expect(error).toMatch(/\[prod\/Resource\] custom problem/);
  });
});

test('files already in the output folder that the synth does not produce are kept', () => {
  const outdir = freshDir();
  fs.mkdirSync(path.join(outdir, 'prod-inside'), { recursive: true });
  fs.writeFileSync(path.join(outdir, 'notes.txt'), 'mine\n');
  fs.writeFileSync(path.join(outdir, 'prod-inside', 'extra.yaml'), 'mine\n');
  const app = new h.HikubeApp({ printWarnings: false, outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  buildExample(app);
  app.synth();
  const tree = readTree(outdir);
  expect(tree['notes.txt']).toBe('mine\n');
  expect(tree[path.join('prod-inside', 'extra.yaml')]).toBe('mine\n');
  expect(Object.keys(tree)).toContain('prod-cluster-api.k8s.yaml');
});

describe('objects that would be written to the same file are refused', () => {
  function clashing(yamlOutputType: YamlOutputType): App {
    const app = new h.HikubeApp({ printWarnings: false, outdir: freshDir(), yamlOutputType });
    const a = new Chart(app, 'a');
    new ApiObject(a, 'first', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } });
    new ApiObject(a, 'second', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } });
    return app;
  }

  test.each([YamlOutputType.FILE_PER_RESOURCE, YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE])('%s', (yamlOutputType) => {
    const app = clashing(yamlOutputType);
    expect(() => app.synth()).toThrow(/ConfigMap\.settings\.k8s\.yaml would be written twice, by a\/first and by a\/second/);
    expect(fs.existsSync(app.outdir)).toBe(false);
  });

  test('across charts, with one file per resource', () => {
    const app = new h.HikubeApp({ printWarnings: false, outdir: freshDir(), yamlOutputType: YamlOutputType.FILE_PER_RESOURCE });
    new ApiObject(new Chart(app, 'a'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    new ApiObject(new Chart(app, 'b'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    expect(() => app.synth()).toThrow(/by a\/cm and by b\/cm/);
  });

  test('one file per chart keeps them both', () => {
    const app = clashing(YamlOutputType.FILE_PER_CHART);
    app.synth();
    expect(fs.readFileSync(path.join(app.outdir, 'a.k8s.yaml'), 'utf-8').match(/name: settings/g)).toHaveLength(2);
  });
});

test('a chart that overrides toJson() is rendered through it', () => {
  class Custom extends Chart {
    public override toJson(): any[] {
      return [...super.toJson(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'added' } }];
    }
  }
  const build = (app: App) => {
    const custom = new Custom(app, 'custom');
    new ApiObject(custom, 'own', { apiVersion: 'v1', kind: 'Secret' });
    new ApiObject(new Chart(app, 'plain'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
  };
  for (const yamlOutputType of OUTPUT_TYPES) {
    const [reference, fast] = synthBoth(build, { yamlOutputType });
    expect(fast).toEqual(reference);
  }
});

test('a dependency cycle is refused', () => {
  const app = new h.HikubeApp({ printWarnings: false });
  const a = new Chart(app, 'a');
  const b = new Chart(app, 'b');
  a.addDependency(b);
  b.addDependency(a);
  expect(() => app.synthYaml()).toThrow(/Dependency cycle detected: /);
});

function captureError(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    return String(e);
  }
  throw new Error('expected an error');
}
