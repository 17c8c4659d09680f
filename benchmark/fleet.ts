/**
 * Fleet benchmark: synthesizes CLUSTERS clusters (5 node groups, every add-on of the line) through the
 * typed constructs with all checks on, then the same documents as bare cdk8s ApiObjects, in one process.
 * Prints both times, their ratio and peak memory. Run with `npm run benchmark` (CLUSTERS=... to change).
 */
import { ApiObject, App, Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as YAML from 'yaml';
import * as h from '../src';

const CLUSTERS = Number(process.env.CLUSTERS ?? 500);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const line = h.PlatformLine.V1_5;

function fleetApp(): App {
  const app = new App({ outdir: 'benchmark.out' });
  for (let i = 0; i < CLUSTERS; i++) {
    new h.HikubeCluster(app, `c${i}`, {
      tenantNamespace: `tenant-t${i % 50}`,
      platformLine: line,
      version: h.KubernetesVersion.V1_33,
      host: `c${i}.example.com`,
      controlPlane: { replicas: 3, apiServer: { preset: h.ResourcesPreset.of(h.PresetSeries.C1, h.PresetSize.LARGE) } },
      nodeGroups: {
        md0: { minReplicas: 0, maxReplicas: 0 },
        web: { instanceType: h.InstanceType.S1_LARGE, minReplicas: 2, maxReplicas: 6, roles: [h.NodeRole.INGRESS_NGINX] },
        compute: { instanceType: h.InstanceType.U1_2XLARGE, maxReplicas: 20, diskSize: Size.gibibytes(50), kubelet: { systemReservedMemory: Size.mebibytes(512) } },
        memory: { instanceType: h.InstanceType.M1_XLARGE, maxReplicas: 4, storageClass: 'local' },
        gpu: { resources: { cpu: Cpu.units(16), memory: Size.gibibytes(64) }, maxReplicas: 2, gpus: [h.Gpu.NVIDIA_L40S] },
      },
      addons: [
        new h.CertManager(), new h.IngressNginx({ hosts: [`app${i}.example.com`] }), new h.MonitoringAgents(),
        new h.Flux({ bootstrap: { url: 'https://git.example.com/fleet.git', path: `./clusters/c${i}` } }),
        new h.GpuOperator(), new h.Hami(), new h.Velero(), new h.GatewayApi(), new h.Ouroboros(),
        new h.Cilium({ valuesOverride: { cilium: { hubble: { enabled: true } } } }), new h.CoreDns(), new h.VerticalPodAutoscaler(),
      ],
    });
  }
  return app;
}

function bareApp(docs: any[]): App {
  const app = new App({ outdir: 'benchmark.out' });
  docs.forEach((doc, i) => {
    new ApiObject(new Chart(app, `c${i}`), 'Resource', doc);
  });
  return app;
}

function timed(fn: () => string): [number, string] {
  const start = process.hrtime.bigint();
  const out = fn();
  return [Number(process.hrtime.bigint() - start) / 1e6, out];
}

const gc = (globalThis as any).gc as (() => void) | undefined;
let typedBest = Infinity;
let bareBest = Infinity;
let yaml = '';
for (let round = 0; round < ROUNDS; round++) {
  gc?.();
  const [typedMs, typedYaml] = timed(() => fleetApp().synthYaml());
  const docs = YAML.parseAllDocuments(typedYaml).map((d) => d.toJSON());
  gc?.();
  const [bareMs, bareYaml] = timed(() => bareApp(docs).synthYaml());
  if (bareYaml !== typedYaml) throw new Error('bare ApiObjects did not produce the same YAML');
  typedBest = Math.min(typedBest, typedMs);
  bareBest = Math.min(bareBest, bareMs);
  yaml = typedYaml;
}

const mib = (kib: number) => (kib / 1024).toFixed(0);
console.log(`clusters: ${CLUSTERS} (5 node groups, 12 add-ons each, line ${line.name}), ${yaml.length} bytes of YAML, best of ${ROUNDS}`);
console.log(`typed constructs with validation: ${typedBest.toFixed(0)} ms`);
console.log(`bare ApiObjects:                  ${bareBest.toFixed(0)} ms`);
console.log(`ratio:                            ${(typedBest / bareBest).toFixed(2)}`);
console.log(`peak RSS:                         ${mib(process.resourceUsage().maxRSS)} MiB`);
