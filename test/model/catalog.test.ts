import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as h from '../../src';
import { mergeValues, toPlainJson } from '../../src/model/merge';
import { formatCpu, formatDuration, formatSize } from '../../src/model/quantity';

describe('instance types', () => {
  test('the Hikube catalog: series ratios and sizes', () => {
    const byName = new Map(h.InstanceType.all().map((t) => [t.name, t]));
    expect(byName.get('s1.3large')).toMatchObject({ vcpus: 12 });
    expect(byName.get('s1.3large')!.memory!.toGibibytes()).toBe(24);
    for (const t of h.InstanceType.all()) {
      const ratio = t.memory!.toMebibytes() / 1024 / t.vcpus!;
      const series = t.name.split('.')[0];
      if (series === 's1') expect(ratio).toBe(2);
      if (series === 'm1') expect(ratio).toBe(8);
      if (series === 'u1' && t.vcpus! > 1) expect(ratio).toBe(4);
    }
    expect(h.InstanceType.all()).toHaveLength(23);
  });
  test('unknown names are allowed, with unknown size; of() returns catalog entries', () => {
    expect(h.InstanceType.of('u1.medium')).toBe(h.InstanceType.U1_MEDIUM);
    const unknown = h.InstanceType.of('cx1.large');
    expect(unknown.name).toBe('cx1.large');
    expect(unknown.vcpus).toBeUndefined();
    expect(unknown.memory).toBeUndefined();
    expect(h.InstanceType.custom('cx1.large', 2, Size.gibibytes(4)).vcpus).toBe(2);
  });
  test('preset names differ in size from instance types of the same name', () => {
    const preset = h.ResourcesPreset.of(h.PresetSeries.U1, h.PresetSize.MEDIUM);
    expect(preset.name).toBe('u1.medium');
    expect(preset.cpu.amount).toBe('2000m');
    expect(preset.memory.toGibibytes()).toBe(8);
    expect(h.InstanceType.U1_MEDIUM.vcpus).toBe(1);
    expect(h.InstanceType.U1_MEDIUM.memory!.toGibibytes()).toBe(4);
  });
});

describe('control-plane presets', () => {
  test('legacy sizes', () => {
    expect(h.ResourcesPreset.legacy().map((p) => `${p.name}=${p.cpu.amount}/${p.memory.toMebibytes()}Mi`)).toEqual([
      'nano=250m/128Mi', 'micro=500m/256Mi', 'small=1000m/512Mi', 'medium=1000m/1024Mi', 'large=2000m/2048Mi', 'xlarge=4000m/4096Mi', '2xlarge=8000m/8192Mi',
    ]);
  });
  test('series presets: 40 names, CPU by size, memory by series', () => {
    expect(h.ResourcesPreset.seriesPresets()).toHaveLength(40);
    const t1nano = h.ResourcesPreset.of(h.PresetSeries.T1, h.PresetSize.NANO);
    expect([t1nano.cpu.amount, t1nano.memory.toMebibytes()]).toEqual(['250m', 128]);
    const m14x = h.ResourcesPreset.of(h.PresetSeries.M1, h.PresetSize.XXXXLARGE);
    expect([m14x.name, m14x.cpu.amount, m14x.memory.toGibibytes()]).toEqual(['m1.4xlarge', '32000m', 256]);
  });
  test('lines accept the preset names of their schema', () => {
    expect(h.PlatformLine.V1_3.presetNames).toEqual(['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge']);
    expect(h.PlatformLine.V1_5.presetNames).toHaveLength(47);
    expect(h.PlatformLine.V1_5.apiServerPresetDefault.name).toBe('c1.medium');
    expect(h.PlatformLine.V1_3.componentPresetDefault).toBe(h.ResourcesPreset.MICRO);
    expect(h.ResourcesPreset.named('m1.4xlarge').memory.toGibibytes()).toBe(256);
    expect(() => h.ResourcesPreset.named('huge')).toThrow('ResourcesPreset: "huge" is not a preset');
  });
});

describe('platform lines', () => {
  test('versions and patches per line', () => {
    expect(h.PlatformLine.V0_41.supportedVersions.map(String)).toEqual(['v1.33', 'v1.32', 'v1.31', 'v1.30', 'v1.29', 'v1.28']);
    expect(h.PlatformLine.V1_6.supportedVersions.map(String)).toEqual(['v1.35', 'v1.34', 'v1.33', 'v1.32', 'v1.31']);
    expect(h.PlatformLine.V1_6.patchVersion(h.KubernetesVersion.V1_35)).toBe('v1.35.6');
    expect(h.PlatformLine.V1_3.patchVersion(h.KubernetesVersion.V1_35)).toBe('v1.35.1');
    expect(h.PlatformLine.V0_41.patchVersion(h.KubernetesVersion.V1_33)).toBe('v1.33.0');
    expect(h.PlatformLine.V1_6.patchVersion(h.KubernetesVersion.V1_30)).toBeUndefined();
  });
  test('add-ons and features per line', () => {
    expect(h.PlatformLine.MAIN.supportsAddon('fluxcd')).toBe(false);
    expect(h.PlatformLine.V1_6.supportsAddon('fluxcd')).toBe(true);
    expect(h.PlatformLine.V1_3.supportsAddon('hami')).toBe(false);
    expect(h.PlatformLine.firstWith(h.PlatformFeature.POD_CPU)).toBe(h.PlatformLine.MAIN);
    expect(h.PlatformLine.V1_5.workerBootstrap).toBe(h.WorkerBootstrap.KUBEADM);
    expect(h.PlatformLine.V1_6.workerBootstrap).toBe(h.WorkerBootstrap.TALOS);
    expect(h.PlatformLine.all().map((l) => l.implicitDefaultGroup)).toEqual([true, true, true, false, false]);
  });
});

describe('rendering of quantities', () => {
  test('sizes use the largest whole binary unit', () => {
    expect(formatSize(Size.gibibytes(20))).toBe('20Gi');
    expect(formatSize(Size.mebibytes(1536))).toBe('1536Mi');
    expect(formatSize(Size.tebibytes(1))).toBe('1Ti');
    expect(formatSize(Size.mebibytes(0.5))).toBe('512Ki');
  });
  test('CPU: whole cores plain, the rest in millicores', () => {
    expect(formatCpu(Cpu.units(4))).toBe('4');
    expect(formatCpu(Cpu.millis(4000))).toBe('4');
    expect(formatCpu(Cpu.millis(250))).toBe('250m');
    expect(formatCpu(Cpu.units(0.5))).toBe('500m');
  });
  test('durations as Go durations', () => {
    expect(formatDuration(Duration.minutes(90))).toBe('1h30m');
    expect(formatDuration(Duration.seconds(45))).toBe('45s');
    expect(formatDuration(Duration.hours(2))).toBe('2h');
  });
});

describe('values merge', () => {
  test('maps merge deeply, the override wins, lists are replaced', () => {
    const defaults = { a: { b: 1, c: [1, 2], d: { e: 'x' } }, f: true };
    const merged = mergeValues(defaults, { a: { c: [3], d: { g: 1 } }, f: false });
    expect(merged).toEqual({ a: { b: 1, c: [3], d: { e: 'x', g: 1 } }, f: false });
    expect(defaults).toEqual({ a: { b: 1, c: [1, 2], d: { e: 'x' } }, f: true });
  });
  test('plain JSON copies refuse what JSON cannot carry', () => {
    expect(toPlainJson({ a: [1, 'x', null, { b: false }] })).toEqual({ a: [1, 'x', null, { b: false }] });
    expect(toPlainJson({ a: new Date(0) })).toBeUndefined();
    expect(toPlainJson({ a: Infinity })).toBeUndefined();
    expect(toPlainJson([undefined])).toBeUndefined();
  });
});

describe('other catalog entries', () => {
  test('GPUs and roles', () => {
    expect(h.Gpu.NVIDIA_A100_80GB_PCIE.deviceName).toBe('nvidia.com/GA100_A100_PCIE_80GB');
    expect(h.Gpu.of('nvidia.com/X').deviceName).toBe('nvidia.com/X');
    expect(h.NodeRole.INGRESS_NGINX.labelKey).toBe('node-role.kubernetes.io/ingress-nginx');
  });
  test('ingress hosts routing, wildcards one label deep', () => {
    const ingress = new h.IngressNginx({ hosts: ['a.example.com', '*.apps.example.com'] });
    expect(ingress.routesHost('a.example.com')).toBe(true);
    expect(ingress.routesHost('x.apps.example.com')).toBe(true);
    expect(ingress.routesHost('y.x.apps.example.com')).toBe(false);
    expect(ingress.routesHost('b.example.com')).toBe(false);
    expect(new h.IngressNginx({ exposeMethod: h.ExposeMethod.LOAD_BALANCER }).routesHost('a.example.com')).toBe(false);
  });
});
