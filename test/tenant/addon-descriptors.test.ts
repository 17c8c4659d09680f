import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import * as ts from 'typescript';
import * as h from '../../src';
import { writeProgram } from '../../src/cli/import';
import { type AddonDescriptor, EnumMember } from '../../src/model/addons/descriptor';
import { addonDescriptor, addonDescriptors } from '../../src/tenant/addon-table';
import { readManifest } from '../../src/tenant/from-manifest';
import { renderTenantSpec } from '../../src/tenant/tenant-spec';
import { find, renderCapi } from '../support/cluster-api';

// One descriptor per add-on: the reader of manifests, the release renderer, the chart checks and `import`
// read the descriptors and hold no case of their own, so that adding an add-on touches its own file and the
// line table (docs/development.md, "Adding an add-on").

const ROOT = path.join(__dirname, '..', '..');
const source = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const descriptors = addonDescriptors();

/** The add-on classes the package exports, by name. */
const addonClasses = Object.entries(h).filter((e): e is [string, new (props?: any) => h.Addon] =>
  typeof e[1] === 'function' && e[1].prototype instanceof h.Addon);

/** Every source file of the library, relative to the root. */
function sources(dir = 'src'): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return rel === 'src/imports' ? [] : sources(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

describe('the add-on table', () => {
  test('lists every add-on the lines offer, once, and nothing else', () => {
    const keys = descriptors.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual([...new Set(h.PlatformLine.all().flatMap((l) => l.addons))].sort());
  });

  test('has a descriptor for every add-on class the package exports, the one its instances carry', () => {
    expect(addonClasses.map(([name]) => name).sort()).toEqual(['CertManager', 'Cilium', 'CoreDns', 'Flux', 'GatewayApi', 'GpuOperator', 'Hami',
      'IngressNginx', 'MonitoringAgents', 'Ouroboros', 'Velero', 'VerticalPodAutoscaler']);
    for (const [name, cls] of addonClasses) {
      const addon = new cls();
      expect([name, addon._descriptor]).toEqual([name, addonDescriptor(addon.key)]);
      expect(addon._descriptor).toBe(addonDescriptor(addon.key));
      expect([name, 'enabled' in addon._render()]).toEqual([name, addon._descriptor!.toggled]);
    }
    expect(addonClasses).toHaveLength(descriptors.length);
  });

  test('release names are unique', () => {
    const names = descriptors.flatMap((d) => d.releases.map((r) => r.name));
    expect(new Set(names).size).toBe(names.length);
  });

  test('an unknown key has no descriptor, whatever every JavaScript object has', () => {
    for (const key of ['constructor', 'toString', '__proto__', 'certmanager', 'kubeovn']) expect(addonDescriptor(key)).toBeUndefined();
  });
});

describe('adding an add-on touches its own file and the line table', () => {
  /** The modules that hold an add-on class (`extends Addon`). */
  const addonModules = sources().filter((f) => /\bclass \w+ extends Addon\b/.test(source(f)));
  /** Keys that are not also the name of a release: a literal of one in a consumer is a case of its own. */
  const releaseNames = new Set(descriptors.flatMap((d) => d.releases.map((r) => r.name)));
  const bareKeys = descriptors.map((d) => d.key).filter((k) => !releaseNames.has(k));
  const consumers = ['src/tenant/from-manifest.ts', 'src/cluster-api/addon-releases.ts', 'src/cli/import.ts', 'src/model/addons/addon.ts',
    'src/model/addons/chart-keys.ts', 'src/model/addons/chart-values.ts', 'src/model/addons/descriptor.ts'];

  test('the add-on modules are the ones of the table', () => {
    expect(addonModules).toEqual(['src/model/addons/always-on.ts', 'src/model/addons/cert-manager.ts', 'src/model/addons/flux.ts',
      'src/model/addons/gateway-api.ts', 'src/model/addons/gpu-operator.ts', 'src/model/addons/hami.ts', 'src/model/addons/ingress-nginx.ts',
      'src/model/addons/monitoring-agents.ts', 'src/model/addons/ouroboros.ts', 'src/tenant/velero.ts']);
  });

  /** The modules a file imports, its identifiers and its string literals, from its syntax (comments left out). */
  function syntaxOf(file: string): { imports: string[]; identifiers: Set<string>; strings: Set<string> } {
    const imports: string[] = [];
    const identifiers = new Set<string>();
    const strings = new Set<string>();
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
        const spec = node.moduleSpecifier;
        if (spec && ts.isStringLiteral(spec) && spec.text.startsWith('.')) imports.push(`${path.posix.join(path.posix.dirname(file), spec.text)}.ts`);
      } else if (ts.isIdentifier(node)) {
        identifiers.add(node.text);
      } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        strings.add(node.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(ts.createSourceFile(file, source(file), ts.ScriptTarget.Latest, true));
    return { imports, identifiers, strings };
  }

  test.each(consumers)('%s imports no add-on module and names no add-on class or key', (file) => {
    const { imports, identifiers, strings } = syntaxOf(file);
    expect(imports.filter((i) => addonModules.includes(i))).toEqual([]);
    expect(addonClasses.map(([name]) => name).filter((name) => identifiers.has(name))).toEqual([]);
    expect(bareKeys.filter((key) => strings.has(key))).toEqual([]);
  });

  test('the check of consumers finds a case of their own', () => {
    // The add-on modules themselves hold what the consumers may not: the check sees it there.
    const { imports, identifiers, strings } = syntaxOf('src/model/addons/ouroboros.ts');
    expect(imports).toContain('src/model/addons/ingress-nginx.ts');
    expect(identifiers.has('IngressNginx')).toBe(true);
    expect(syntaxOf('src/model/addons/monitoring-agents.ts').strings.has('certManager')).toBe(true);
    expect(strings.has('coredns-import')).toBe(true);
  });

  test('each descriptor is named by its own file and by one table: the line table, or the tenant\'s for an add-on of that layer', () => {
    const tables = ['src/model/platform-line.ts', 'src/tenant/addon-table.ts'];
    for (const file of addonModules) {
      for (const [, name] of source(file).matchAll(/export const (\w+_ADDON)\b/g)) {
        const users = sources().filter((f) => new RegExp(`\\b${name}\\b`).test(source(f)));
        expect([name, users.filter((f) => f !== file)]).toEqual([name, [file.startsWith('src/model/') ? tables[0] : tables[1]]]);
      }
    }
  });

  test('the package exports the model\'s add-ons through the line table; the index names only add-ons of later layers', () => {
    expect(syntaxOf('src/index.ts').imports.filter((f) => addonModules.includes(f))).toEqual(['src/tenant/velero.ts']);
    const lineTable = source('src/model/platform-line.ts');
    for (const file of addonModules.filter((f) => f.startsWith('src/model/'))) {
      expect([file, new RegExp(`^export \\{[^}]*\\} from '\\./addons/${path.basename(file, '.ts')}';$`, 'm').test(lineTable)]).toEqual([file, true]);
    }
  });
});

// ---- Round trip: each add-on's renderer (`_render`) and reader (its descriptor's `fromManifest`) ----------

/** Keys of chart values, among them names every JavaScript object has, which are keys like any other here. */
const valueKey = fc.oneof(fc.stringMatching(/^[a-z][a-zA-Z0-9-]{0,8}$/), fc.constantFrom('constructor', 'toString'));
const leaf = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean());
const chartMap = fc.dictionary(valueKey, fc.oneof(leaf, fc.dictionary(valueKey, leaf, { maxKeys: 3 })), { maxKeys: 4 });

/**
 * A valuesOverride at the keys the add-on's charts read on a line (any key for an add-on without chart
 * keys); never empty for an add-on the platform always installs, which is only modeled with values.
 */
function valuesArb(d: AddonDescriptor, line: h.PlatformLine): fc.Arbitrary<Record<string, any> | undefined> {
  const keys = d.chart ? [...d.chart.keys, ...(d.chart.lineKeys?.[line.name] ?? [])] : undefined;
  const values = keys ? fc.dictionary(fc.constantFrom(...keys), chartMap, { minKeys: 1, maxKeys: keys.length }) : fc.dictionary(valueKey, chartMap, { minKeys: 1, maxKeys: 3 });
  return d.toggled ? fc.option(values, { nil: undefined }) : values;
}

const seconds = fc.integer({ min: 1, max: 7200 }).map(Duration.seconds);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

/** Add-ons of each key with generated typed settings and values; every descriptor of the table needs one. */
const GENERATORS: Record<string, (values: Record<string, any> | undefined) => fc.Arbitrary<h.Addon>> = {
  cilium: (valuesOverride) => fc.constant(new h.Cilium({ valuesOverride })),
  coredns: (valuesOverride) => fc.constant(new h.CoreDns({ valuesOverride })),
  verticalPodAutoscaler: (valuesOverride) => fc.constant(new h.VerticalPodAutoscaler({ valuesOverride })),
  gatewayAPI: () => fc.constant(new h.GatewayApi()),
  certManager: (valuesOverride) => fc.record({ serviceMonitor: maybe(fc.boolean()), interval: maybe(seconds) }).map(({ serviceMonitor, interval }) =>
    new h.CertManager({ serviceMonitor, serviceMonitorInterval: serviceMonitor ? interval : undefined, valuesOverride })),
  ingressNginx: (valuesOverride) => fc.record({
    exposeMethod: maybe(fc.constantFrom(...Object.values(h.ExposeMethod))),
    hosts: fc.uniqueArray(fc.constantFrom('a.example.org', 'b.example.org', '*.apps.example.org'), { maxLength: 3 }),
    replicas: maybe(fc.integer({ min: 1, max: 5 })),
    cpu: maybe(fc.integer({ min: 1, max: 4000 }).map(Cpu.millis)),
    memory: maybe(fc.integer({ min: 1, max: 4096 }).map(Size.mebibytes)),
    pinToIngressNodes: maybe(fc.boolean()),
  }).map(({ exposeMethod, hosts, replicas, cpu, memory, pinToIngressNodes }) => new h.IngressNginx({
    exposeMethod,
    hosts: exposeMethod === h.ExposeMethod.LOAD_BALANCER ? undefined : hosts,
    replicas,
    resources: cpu || memory ? { ...(cpu ? { cpu: { request: cpu } } : {}), ...(memory ? { memory: { limit: memory } } : {}) } : undefined,
    pinToIngressNodes,
    valuesOverride,
  })),
  fluxcd: (valuesOverride) => maybe(fc.record({
    ref: fc.oneof(fc.record({ branch: maybe(fc.constantFrom('main', 'prod', 'release/1')) }), fc.record({ tag: fc.constantFrom('v1.0.0', 'stable') })),
    path: maybe(fc.constantFrom('./', './clusters/prod')),
    interval: maybe(seconds),
    ssh: fc.boolean(),
  })).map((b) => new h.Flux({
    bootstrap: b && {
      url: b.ssh ? 'ssh://git@git.example.com/org/fleet.git' : 'https://git.example.com/org/fleet.git',
      ...b.ref,
      path: b.path,
      interval: b.interval,
      pullSecret: b.ssh ? 'fleet-git' : undefined,
    },
    valuesOverride,
  })),
  gpuOperator: (valuesOverride) => fc.constant(new h.GpuOperator({ valuesOverride })),
  hami: (valuesOverride) => fc.constant(new h.Hami({ valuesOverride })),
  monitoringAgents: (valuesOverride) => fc.constant(new h.MonitoringAgents({ valuesOverride })),
  ouroboros: (valuesOverride) => fc.constant(new h.Ouroboros({ valuesOverride })),
  velero: (valuesOverride) => maybe(fc.record({
    prefix: maybe(fc.constantFrom('clusters/prod', 'x')),
    name: maybe(fc.constantFrom('default', 'offsite')),
    region: maybe(fc.constant('eu-west-1')),
  })).map((l) => new h.Velero({
    backupLocation: l && { s3BucketName: 'bucket-0b9f8e2c-1d3a-4c5b-9e6f-7a8b9c0d1e2f', credentialsSecret: 'velero-s3', ...l },
    valuesOverride,
  })),
};

function addonArb(d: AddonDescriptor, line: h.PlatformLine): fc.Arbitrary<h.Addon> {
  return valuesArb(d, line).chain((values) => GENERATORS[d.key](values));
}

/** The newest line that offers an add-on. */
const lineOf = (d: AddonDescriptor) => [...h.PlatformLine.all()].reverse().find((l) => l.supportsAddon(d.key))!;

/** The typed props as code passes them: enum members by value. */
function codeProps(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v instanceof EnumMember ? v.value : v]));
}

describe('each add-on: the reader gives back what the renderer wrote', () => {
  test('every descriptor has a generator', () => {
    expect(Object.keys(GENERATORS).sort()).toEqual(descriptors.map((d) => d.key).sort());
  });

  test.each(descriptors.map((d) => [d.key, d] as const))('%s', (_, d) => {
    fc.assert(fc.property(addonArb(d, lineOf(d)), (addon) => {
      const rendered = addon._render();
      const { enabled, valuesOverride, ...raw } = JSON.parse(JSON.stringify(rendered));
      expect(enabled).toBe(d.toggled ? true : undefined);
      const read = d.fromManifest({ raw, values: valuesOverride });
      // Every field the renderer wrote is read: none is left to carry over.
      expect(raw).toEqual({});
      expect(read).toBeInstanceOf(addon.constructor);
      expect(read._render()).toEqual(rendered);
      // The constructor call `import` writes builds the same add-on.
      const cls = read.constructor as new (props?: any) => h.Addon;
      const values = (read as unknown as { valuesOverride?: Record<string, any> }).valuesOverride;
      expect(new cls({ ...codeProps(d.typedProps(read)), ...(values ? { valuesOverride: values } : {}) })._render()).toEqual(rendered);
    }), { numRuns: 40 });
  });

  test('the Flux bootstrap comes back typed, as code would write it', () => {
    fc.assert(fc.property(GENERATORS.fluxcd(undefined).filter((f) => (f as h.Flux).bootstrap !== undefined), (flux) => {
      const { valuesOverride } = JSON.parse(JSON.stringify(flux._render()));
      const read = addonDescriptor(h.Flux.KEY)!.fromManifest({ raw: {}, values: valuesOverride }) as h.Flux;
      expect(read.bootstrap).toBeDefined();
      expect((read as unknown as { valuesOverride?: unknown }).valuesOverride).toBeUndefined();
      expect(new h.Flux({ bootstrap: read.bootstrap })._typedValues()).toEqual((flux as h.Flux)._typedValues());
    }), { numRuns: 40 });
  });

  test('an ingress exposed through a load balancer comes back with its method as the enum member code names', () => {
    const d = addonDescriptor(h.IngressNginx.KEY)!;
    const read = d.fromManifest({ raw: { exposeMethod: 'LoadBalancer' } });
    expect(d.typedProps(read)).toEqual({ exposeMethod: new EnumMember('ExposeMethod', h.ExposeMethod, 'LoadBalancer') });
  });
});

function documentOf(spec: Record<string, any>): any {
  return { apiVersion: 'apps.cozystack.io/v1alpha1', kind: 'Kubernetes', metadata: { name: 'c' }, spec };
}

describe('every add-on a line offers, through the whole document', () => {
  const lineAndAddons = fc.constantFrom(...h.PlatformLine.all()).chain((line) =>
    fc.subarray(descriptors.filter((d) => line.supportsAddon(d.key))).chain((ds) =>
      fc.tuple(fc.constant(line), ds.length > 0 ? fc.tuple(...ds.map((d) => addonArb(d, line))) : fc.constant([] as h.Addon[]))));

  test('reading a rendered spec gives add-ons that render the same, with nothing carried over or repaired', () => {
    fc.assert(fc.property(lineAndAddons, ([line, addons]) => {
      const rendered = renderTenantSpec(new h.HikubeCluster(new App(), 'c', { platformLine: line, addons }));
      const reading = readManifest(documentOf(rendered), { platformLine: line });
      expect(reading.notes.filter((n) => n.path.startsWith('spec.addons'))).toEqual([]);
      expect(reading.leftover.addons).toBeUndefined();
      const again = renderTenantSpec(new h.HikubeCluster(new App(), 'c', { platformLine: line, addons: reading.props.addons }));
      expect(again.addons).toEqual(rendered.addons);
    }), { numRuns: 60 });
  });

  test('import writes each add-on as its class, with the typed props its descriptor names', () => {
    for (const d of descriptors) {
      const line = lineOf(d);
      for (const addon of fc.sample(addonArb(d, line), { numRuns: 5, seed: 7 })) {
        const doc = documentOf(renderTenantSpec(new h.HikubeCluster(new App(), 'c', { platformLine: line, addons: [addon] })));
        const reading = readManifest(doc, { platformLine: line });
        const program = writeProgram([{ source: 'test', id: 'c', reading, patches: [] }], 'typescript');
        expect([d.key, program]).toEqual([d.key, expect.stringContaining(`new ${addon.constructor.name}(`)]);
        for (const key of Object.keys(d.typedProps(reading.props.addons![0]))) expect([d.key, program]).toEqual([d.key, expect.stringContaining(`${key}: `)]);
      }
    }
  });
});

describe('the release renderer renders every add-on\'s releases', () => {
  const ingressGroup = { web: h.NodeGroupSpec.of({ roles: [h.NodeRole.INGRESS_NGINX], minReplicas: 1 }) };

  test.each(h.PlatformLine.all().map((l) => [l.name, l] as const))('on %s: the cluster network and the platform\'s own without add-ons, every release with them all', (_, line) => {
    const names = (addons: h.Addon[]) => renderCapi((app) => new h.HikubeCluster(app, 'c', { tenantNamespace: 'tenant-a', platformLine: line, nodeGroups: ingressGroup, addons }))
      .filter((d) => d.kind === 'HelmRelease').map((d) => d.metadata.name as string);
    const network = descriptors.flatMap((d) => d.releases.filter((r) => r.network).map((r) => `kubernetes-c-${r.name}`));
    const base = ['vsnap-crd', 'csi', 'prometheus-operator-crds', 'metrics-server'].map((n) => `kubernetes-c-${n}`);
    expect(names([])).toEqual([...network, ...base]);
    const offered = descriptors.filter((d) => line.supportsAddon(d.key));
    const all = names(offered.map((d) => d.fromManifest({ raw: {} })));
    const others = offered.flatMap((d) => d.releases.filter((r) => !r.network).map((r) => `kubernetes-c-${r.name}`));
    expect(all).toEqual([...network, ...base, ...others]);
  });

  test('on main with every add-on, the releases in the platform\'s order, written out', () => {
    const offered = descriptors.filter((d) => h.PlatformLine.MAIN.supportsAddon(d.key));
    const docs = renderCapi((app) => new h.HikubeCluster(app, 'c', {
      tenantNamespace: 'tenant-a', platformLine: h.PlatformLine.MAIN, nodeGroups: ingressGroup, addons: offered.map((d) => d.fromManifest({ raw: {} })),
    }));
    expect(docs.filter((d) => d.kind === 'HelmRelease').map((d) => String(d.metadata.name).replace(/^kubernetes-c-/, ''))).toEqual([
      'cilium', 'coredns', 'vsnap-crd', 'csi', 'prometheus-operator-crds', 'metrics-server', 'gateway-api-crds', 'cert-manager-crds', 'cert-manager',
      'ingress-nginx', 'gpu-operator', 'hami', 'cozy-victoria-metrics-operator', 'vertical-pod-autoscaler-crds', 'monitoring-agents',
      'vertical-pod-autoscaler', 'velero', 'ouroboros',
    ]);
  });

  test('a release reading the add-on\'s override from a Secret names it after itself', () => {
    const docs = renderCapi((app) => new h.HikubeCluster(app, 'c', { tenantNamespace: 'tenant-a', addons: [new h.CertManager({ valuesOverride: { crds: { keep: true } } })] }));
    expect(find(docs, 'HelmRelease', 'kubernetes-c-cert-manager-crds').spec.valuesFrom).toEqual([{ kind: 'Secret', name: 'kubernetes-c-cert-manager-crds-values-override', valuesKey: 'values' }]);
    const without = renderCapi((app) => new h.HikubeCluster(app, 'c', { tenantNamespace: 'tenant-a', addons: [new h.CertManager()] }));
    expect(find(without, 'HelmRelease', 'kubernetes-c-cert-manager-crds').spec.valuesFrom).toBeUndefined();
  });
});
