import { App, Duration, JsonPatch, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import * as h from '../../src';
import { misplacedKeyTarget } from '../../src/model/addons/chart-keys';
import { INGRESS_NGINX_ADDON } from '../../src/model/addons/ingress-nginx';
import { cpuToMillis, formatCpu, formatDuration, formatSize, parseCpu, parseDuration, parseSize } from '../../src/model/quantity';
import { readManifest } from '../../src/tenant/from-manifest';
import { renderTenantSpec } from '../../src/tenant/tenant-spec';

// Each renderer of the library has a reader: `fromManifest` and `import` read what the renderers write.
// Rendering, then reading, must give back the input.

describe('quantities and durations: the reader gives back what the renderer wrote', () => {
  test('sizes in whole kibibytes, up to a pebibyte', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (kib) => {
      expect(parseSize(formatSize(Size.kibibytes(kib)))?.toKibibytes()).toBe(kib);
    }));
  });

  test('CPU amounts in millicores', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 512_000 }), (millis) => {
      const back = parseCpu(formatCpu(Cpu.millis(millis)));
      expect(back && cpuToMillis(back)).toBe(millis);
    }));
  });

  test('durations in whole seconds, as Go durations', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 30 * 86_400 }), (seconds) => {
      expect(parseDuration(formatDuration(Duration.seconds(seconds)))?.toSeconds()).toBe(seconds);
    }));
  });
});

/** Keys of chart values, among them names every JavaScript object has, which are keys like any other here. */
const valueKey = fc.oneof(fc.stringMatching(/^[a-z][a-zA-Z0-9-]{0,8}$/), fc.constantFrom('constructor', 'toString'));
const chartValues = fc.dictionary(valueKey, fc.oneof(
  fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(),
  fc.dictionary(valueKey, fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean()), { maxKeys: 3 }),
), { minKeys: 1, maxKeys: 4 });

const line = h.PlatformLine.V1_6;

/** Add-ons with values under the key their charts read, and typed settings the reader maps back. */
const addonArb: fc.Arbitrary<h.Addon[]> = fc.record({
  cilium: fc.option(chartValues, { nil: undefined }),
  certManager: fc.option(chartValues, { nil: undefined }),
  ingress: fc.option(fc.record({
    hosts: fc.uniqueArray(fc.constantFrom('a.example.org', 'b.example.org', '*.apps.example.org'), { maxLength: 2 }),
    loadBalancer: fc.boolean(),
    values: fc.option(chartValues, { nil: undefined }),
  }), { nil: undefined }),
  flux: fc.option(fc.record({
    branch: fc.option(fc.constantFrom('main', 'prod', 'release/1'), { nil: undefined }),
    path: fc.option(fc.constantFrom('./', './clusters/prod'), { nil: undefined }),
    interval: fc.option(fc.integer({ min: 1, max: 7200 }).map(Duration.seconds), { nil: undefined }),
    pullSecret: fc.option(fc.constant('git-auth'), { nil: undefined }),
  }), { nil: undefined }),
  gatewayApi: fc.boolean(),
}).map((a) => {
  const out: h.Addon[] = [];
  if (a.cilium) out.push(new h.Cilium({ valuesOverride: { cilium: a.cilium } }));
  if (a.certManager) out.push(new h.CertManager({ valuesOverride: { 'cert-manager': a.certManager } }));
  if (a.ingress) {
    out.push(new h.IngressNginx({
      exposeMethod: a.ingress.loadBalancer ? h.ExposeMethod.LOAD_BALANCER : undefined,
      hosts: a.ingress.loadBalancer ? undefined : a.ingress.hosts,
      valuesOverride: a.ingress.values && { 'ingress-nginx': a.ingress.values },
    }));
  }
  if (a.flux) out.push(new h.Flux({ bootstrap: { url: 'https://git.example.com/fleet.git', ...a.flux } }));
  if (a.gatewayApi) out.push(new h.GatewayApi());
  return out;
});

function clusterWith(addons: h.Addon[]): h.HikubeCluster {
  return new h.HikubeCluster(new App(), 'c', { platformLine: line, addons });
}

function documentOf(spec: Record<string, any>): any {
  return { apiVersion: 'apps.cozystack.io/v1alpha1', kind: 'Kubernetes', metadata: { name: 'c' }, spec };
}

describe('add-ons: reading a rendered spec gives back the add-ons', () => {
  test('values, typed settings and the Flux bootstrap render the same after reading', () => {
    fc.assert(fc.property(addonArb, (addons) => {
      const rendered = renderTenantSpec(clusterWith(addons));
      const reading = readManifest(documentOf(rendered), { platformLine: line });
      expect(reading.notes.filter((n) => n.kind !== 'line')).toEqual([]);
      expect(renderTenantSpec(clusterWith(reading.props.addons ?? []))).toEqual(rendered);
      // The typed settings come back typed, not as values.
      const flux = addons.find((a): a is h.Flux => a instanceof h.Flux);
      const read = reading.props.addons?.find((a): a is h.Flux => a instanceof h.Flux);
      expect(read?.bootstrap?.url).toBe(flux?.bootstrap?.url);
    }), { numRuns: 60 });
  });

  test('a key beside the chart key: reading applies the repair check proposes, and nothing else', () => {
    const misplaced = valueKey.filter((k) => misplacedKeyTarget(INGRESS_NGINX_ADDON, k) !== undefined);
    fc.assert(fc.property(misplaced, chartValues, fc.option(chartValues, { nil: undefined }), (key, moved, placed) => {
      const values = { [key]: moved, ...(placed ? { 'ingress-nginx': placed } : {}) };
      const spec = { nodeGroups: {}, addons: { ingressNginx: { enabled: true, valuesOverride: values } } };
      const reading = readManifest(documentOf(spec), { platformLine: line });
      const repairs = reading.notes.filter((n) => n.rule === 'HK-VALUES-MISPLACED');
      expect(repairs).toHaveLength(1);
      const expected = JsonPatch.apply(documentOf(spec), ...repairs[0].repair!.operations.map((op) =>
        op.op === 'move' ? JsonPatch.move(op.from!, op.path) : op.op === 'remove' ? JsonPatch.remove(op.path) : JsonPatch.add(op.path, op.value)));
      expect(renderTenantSpec(clusterWith(reading.props.addons ?? [])).addons).toEqual(expected.spec.addons);
    }), { numRuns: 60 });
  });
});
