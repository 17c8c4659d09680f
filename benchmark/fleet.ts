/**
 * Fleet benchmark: N clusters in one app, each the shape of the bundled example (the Hikube tenant
 * resource, its Cluster API rendering and an in-cluster chart), every check on. For each size it runs one
 * process per way of synthesizing the same documents, so that peak memory is that of one run:
 *
 * - HikubeApp: the library's app, `synthYaml()`;
 * - App: cdk8s's own app, `synthYaml()`, on the same constructs;
 * - bare: the same documents as plain cdk8s ApiObjects, one chart per chart, through cdk8s's App;
 * - bare-hikube: the same plain ApiObjects through HikubeApp: the app without the library's model, checks and
 *   rendering, so that the difference from `hikube` is what the checks and the Cluster API rendering cost;
 * - YAML only: `Yaml.stringify` of the same documents (the YAML library and options cdk8s uses), the floor.
 *
 * Construction and synthesis are timed apart. Outputs are compared by SHA-256. cdk8s's App is quadratic:
 * its columns stop after the first size that takes over a minute.
 *
 * `npm run benchmark`; SIZES=250,1000 to change the sizes, WAYS=hikube,yaml to run only some ways,
 * LIMIT_SECONDS to change the minute.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { ApiObject, App, Chart, Duration, Size, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as h from '../src';
import { synthesizeDocuments } from '../src/synth/synthesis';

type Way = 'hikube' | 'cdk8s' | 'bare' | 'bare-hikube' | 'yaml';

interface Result {
  readonly constructMs: number;
  readonly synthMs: number;
  readonly hash: string;
  readonly bytes: number;
  readonly documents: number;
  /** Peak resident memory of the run, and what the process held before building anything (MiB). */
  readonly peakMiB: number;
  readonly baseMiB: number;
}

/** The generated S3 name of a bucket, as its credentials Secret gives it. */
const BACKUP_S3_BUCKET = 'bucket-3f9a7c2e-5b1d-4e8a-9c6f-2d4b8e1a7f05';

/** One cluster of the example's shape; names differ per cluster. */
function addCluster(app: App, i: number): void {
  const name = `c${i}`;
  const repo = 'https://git.example.com/platform/fleet.git';
  const cluster = new h.HikubeCluster(app, name, {
    tenantNamespace: `tenant-t${i % 50}`,
    platformLine: h.PlatformLine.V1_3,
    version: h.KubernetesVersion.V1_33,
    controlPlane: { replicas: 3, apiServer: { preset: h.ResourcesPreset.XLARGE } },
    nodeGroups: {
      md0: h.NodeGroupSpec.of({ minReplicas: 0, maxReplicas: 0 }),
      web: h.NodeGroupSpec.of({ instanceType: h.InstanceType.S1_LARGE, minReplicas: 3, maxReplicas: 9, roles: [h.NodeRole.INGRESS_NGINX], zones: h.Zone.all() }),
      compute: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_2XLARGE, minReplicas: 2, maxReplicas: 12, diskSize: Size.gibibytes(50), zones: h.Zone.all() }),
      gpu: h.NodeGroupSpec.of({ resources: { cpu: kplus.Cpu.units(16), memory: Size.gibibytes(64) }, maxReplicas: 2, gpus: [h.Gpu.NVIDIA_L40S] }),
    },
    addons: [
      new h.CertManager(),
      new h.IngressNginx({ hosts: [`shop.${name}.example.com`] }),
      new h.Flux({ bootstrap: { url: repo, branch: 'main', path: `./clusters/${name}`, interval: Duration.minutes(5) } }),
      new h.MonitoringAgents(),
      new h.GpuOperator(),
    ],
  });
  const backups = new h.Bucket(cluster, 'backups', { name: `${name}-backups`, users: { velero: h.BucketUser.of() } });
  cluster.addAddon(new h.Velero({
    backupLocation: { s3BucketName: BACKUP_S3_BUCKET, credentialsSecret: 'velero-bucket', bucketCredentials: backups.credentials('velero'), prefix: name },
  }));
  new h.ClusterApiRendering(app, `${name}-cluster-api`, {
    cluster,
    platform: { tenantHost: 'fleet.hikube.example', kubeadmWorkerImage: 'registry.example.com/ubuntu-container-disk:v1.33' },
  });
  const inside = new h.TenantClusterChart(app, `${name}-inside`, { cluster });
  const issuer = new h.LetsEncryptIssuer(inside, 'letsencrypt', { email: 'ops@acme-shop.ch' });
  const shop = new h.SecureNamespace(inside, 'shop', { admins: [h.AccessSubject.group('shop-admins')] });
  const data = new h.ReplicatedVolumeClaim(inside, 'shop-data', { namespace: shop.namespaceName, size: Size.gibibytes(20) });
  const web = new kplus.Deployment(inside, 'shop-web', {
    metadata: { namespace: shop.namespaceName },
    containers: [{
      image: 'nginxinc/nginx-unprivileged:1.27',
      portNumber: 8080,
      securityContext: h.PodSecurity.restrictedContainerContext(),
      volumeMounts: [{ path: '/usr/share/nginx/html', volume: kplus.Volume.fromPersistentVolumeClaim(inside, 'shop-data-volume', data.claim) }],
    }],
  });
  new h.ExposedService(inside, 'shop-site', { workload: web, port: 8080, host: `shop.${name}.example.com`, issuer });
  new h.BackupSchedule(inside, 'nightly', { namespaces: [shop.namespaceName] });
  new h.GitOpsSync(inside, 'fleet', { url: repo, path: `./clusters/${name}/inside` });
}

function fleet(app: App, clusters: number): App {
  const storage = new Chart(app, 'platform-storage');
  h.LinstorStorageClass.replicated(storage, 'replicated', { zoneAntiAffinity: true });
  h.LinstorStorageClass.local(storage, 'local');
  for (let i = 0; i < clusters; i++) addCluster(app, i);
  return app;
}

const gc = (globalThis as { gc?: () => void }).gc;

function timed<T>(fn: () => T): [number, T] {
  gc?.();
  const start = process.hrtime.bigint();
  const value = fn();
  return [Number(process.hrtime.bigint() - start) / 1e6, value];
}

/** The documents of the fleet per chart, rendered untimed for the ways that start from documents. */
function fleetDocuments(clusters: number): any[][] {
  return synthesizeDocuments(fleet(new h.HikubeApp({ printWarnings: false }), clusters));
}

function run(way: Way, clusters: number): Result {
  // One small app first, untimed: modules the library loads on first use are start-up, not a cost per cluster.
  fleet(new h.HikubeApp({ printWarnings: false }), 1).synthYaml();
  const baseMiB = process.memoryUsage().rss / 2 ** 20;
  let constructMs: number;
  let yaml: string;
  let synthMs: number;
  switch (way) {
    case 'hikube':
    case 'cdk8s': {
      const [ms, app] = timed(() => fleet(way === 'hikube' ? new h.HikubeApp({ printWarnings: false }) : new App(), clusters));
      constructMs = ms;
      [synthMs, yaml] = timed(() => app.synthYaml());
      break;
    }
    case 'bare':
    case 'bare-hikube': {
      const documents = fleetDocuments(clusters);
      const [ms, app] = timed(() => {
        const bare = way === 'bare' ? new App() : new h.HikubeApp({ printWarnings: false });
        documents.forEach((docs, c) => {
          const chart = new Chart(bare, `chart${c}`);
          docs.forEach((doc, k) => new ApiObject(chart, `o${k}`, doc));
        });
        return bare;
      });
      constructMs = ms;
      [synthMs, yaml] = timed(() => app.synthYaml());
      break;
    }
    case 'yaml': {
      const documents = fleetDocuments(clusters).flat();
      constructMs = 0;
      // What Yaml.stringify(...documents) does, without spreading hundreds of thousands of arguments.
      [synthMs, yaml] = timed(() => documents.map((doc) => Yaml.stringify(doc)).join('---\n'));
      break;
    }
  }
  return {
    constructMs,
    synthMs,
    hash: createHash('sha256').update(yaml).digest('hex'),
    bytes: Buffer.byteLength(yaml),
    documents: yaml.split(/^---$/m).length,
    peakMiB: process.resourceUsage().maxRSS / 1024,
    baseMiB,
  };
}

function child(way: Way, clusters: number): Result | string {
  const out = spawnSync(process.execPath, [...process.execArgv, __filename, way, String(clusters)], {
    encoding: 'utf-8', maxBuffer: 2 ** 20, env: process.env,
  });
  if (out.status !== 0) return `failed: ${(out.stderr || out.stdout).split('\n').filter((l) => /Error|^\s*\[/.test(l)).slice(0, 3).join(' | ')}`;
  return JSON.parse(out.stdout) as Result;
}

function main(): void {
  const sizes = (process.env.SIZES ?? '250,1000,4000').split(',').map(Number);
  const limitMs = Number(process.env.LIMIT_SECONDS ?? 60) * 1000;
  const ways = (process.env.WAYS ?? 'hikube,bare-hikube,cdk8s,bare,yaml').split(',') as Way[];
  const quadratic: Partial<Record<Way, number>> = {};
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const rows: string[][] = [];
  for (const clusters of sizes) {
    const results: Partial<Record<Way, Result | string>> = {};
    for (const way of ways) {
      const over = quadratic[way];
      results[way] = over !== undefined ? `skipped (over a minute at ${over})` : child(way, clusters);
      const r = results[way]!;
      console.error(`${clusters} ${way}: ${typeof r === 'string' ? r : `construction ${s(r.constructMs)}, synthesis ${s(r.synthMs)}, peak ${r.peakMiB.toFixed(0)} MiB`}`);
      if ((way === 'cdk8s' || way === 'bare') && typeof r !== 'string' && r.synthMs > limitMs) quadratic[way] = clusters;
    }
    const reference = results.yaml ?? results.hikube;
    for (const way of ways) {
      const r = results[way]!;
      if (typeof r === 'string') {
        rows.push([String(clusters), way, r, '', '', '', '', '']);
        continue;
      }
      const same = typeof reference !== 'object' ? 'n/a' : r.hash === reference.hash ? 'yes' : 'NO';
      rows.push([
        String(clusters), way, s(r.constructMs), s(r.synthMs), `${(r.synthMs / clusters).toFixed(2)} ms`,
        `${r.peakMiB.toFixed(0)} MiB`, `${((r.peakMiB - r.baseMiB) * 1024 / clusters).toFixed(0)} KiB`, same,
      ]);
    }
    if (typeof reference === 'object') {
      console.error(`${clusters} clusters: ${reference.documents} documents, ${(reference.bytes / 2 ** 20).toFixed(1)} MiB of YAML`);
    }
  }
  const header = ['clusters', 'way', 'construction', 'synthesis', 'per cluster', 'peak RSS', 'RSS per cluster', 'same SHA-256 as YAML only'];
  const table = [header, header.map(() => '---'), ...rows];
  for (const row of table) console.log(`| ${row.join(' | ')} |`);
}

if (process.argv.length === 4) {
  const result = run(process.argv[2] as Way, Number(process.argv[3]));
  process.stdout.write(JSON.stringify(result));
} else {
  main();
}
