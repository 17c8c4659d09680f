import { analyse } from './analyse';
import { Args, Io, lineOption } from './args';
import { isClusterDocument, kindProblem, loadDocuments, UsageError } from './documents';
import { NodeGroup } from '../model/node-group';
import { cpuToMillis, sizeToMebibytes } from '../model/quantity';
import { HikubeCluster } from '../tenant/hikube-cluster';

export const PLAN_HELP = `Usage: cdk8s-hikube plan FILE|DIR ... [--line L] [--json]

What each cluster costs in resources, from the instance catalog: per node group (the platform's implicit
md0 included) and in total, vCPU, memory, GPUs and disk at min and at max replicas; the control plane's
footprint (preset limits); the add-ons. Unknown instance types are listed as unknown, not guessed.

  --line L    platform line; detected per document when not given
  --json      print the plan as JSON

Exit code: 0 when every document was read, 1 when one could not be, 2 on usage errors.`;

/** Resources of one size of a group, or of a total; undefined figures are unknown. */
export interface Footprint {
  readonly vcpu?: number;
  readonly memoryGib?: number;
  readonly gpus: number;
  readonly diskGib: number;
}

export interface GroupPlan {
  readonly name: string;
  readonly implicit: boolean;
  readonly instanceType: string;
  readonly sizedBy: 'instanceType' | 'resources';
  readonly known: boolean;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly perNode: Footprint;
  readonly atMin: Footprint;
  readonly atMax: Footprint;
}

export interface ClusterPlan {
  readonly file: string;
  readonly name: string;
  readonly line: string;
  readonly groups: GroupPlan[];
  readonly unknownInstanceTypes: string[];
  readonly workers: { readonly atMin: Footprint; readonly atMax: Footprint };
  readonly controlPlane: {
    readonly replicas: number;
    readonly vcpu: number;
    readonly memoryGib: number;
    readonly components: Array<{ name: string; preset?: string; vcpu: number; memoryGib: number }>;
  };
  readonly addons: string[];
}

const round = (n: number) => Math.round(n * 1000) / 1000;

function times(f: Footprint, n: number): Footprint {
  return {
    vcpu: f.vcpu === undefined ? undefined : round(f.vcpu * n),
    memoryGib: f.memoryGib === undefined ? undefined : round(f.memoryGib * n),
    gpus: f.gpus * n,
    diskGib: round(f.diskGib * n),
  };
}

function sum(fs: Footprint[]): Footprint {
  const add = (k: 'vcpu' | 'memoryGib') => (fs.some((f) => f[k] === undefined) ? undefined : round(fs.reduce((s, f) => s + f[k]!, 0)));
  return { vcpu: add('vcpu'), memoryGib: add('memoryGib'), gpus: fs.reduce((s, f) => s + f.gpus, 0), diskGib: round(fs.reduce((s, f) => s + f.diskGib, 0)) };
}

function groupPlan(cluster: HikubeCluster, g: NodeGroup): GroupPlan {
  const perNode: Footprint = {
    vcpu: g.cpuMillis === undefined ? undefined : g.cpuMillis / 1000,
    memoryGib: g.memoryMebibytes === undefined ? undefined : round(g.memoryMebibytes / 1024),
    gpus: g.gpus.length,
    diskGib: round(sizeToMebibytes(g.diskSize) / 1024),
  };
  return {
    name: g.name,
    implicit: !cluster.nodeGroups.some((d) => d.name === g.name),
    instanceType: g.instanceType.name,
    sizedBy: g.sizedByResources ? 'resources' : 'instanceType',
    known: perNode.vcpu !== undefined && perNode.memoryGib !== undefined,
    minReplicas: g.minReplicas,
    maxReplicas: g.maxReplicas,
    perNode,
    atMin: times(perNode, g.minReplicas),
    atMax: times(perNode, g.maxReplicas),
  };
}

/** The resource plan of a cluster, from the model. */
export function planCluster(file: string, cluster: HikubeCluster): ClusterPlan {
  const groups = cluster.effectiveNodeGroups.map((g) => groupPlan(cluster, g));
  const line = cluster.platformLine;
  const cp = cluster.controlPlane.options;
  const replicas = cp.replicas ?? 2;
  const components = (['apiServer', 'controllerManager', 'scheduler', 'konnectivity'] as const).map((name) => {
    const sizing = cp[name];
    const preset = sizing?.preset ?? (name === 'apiServer' ? line.apiServerPresetDefault : line.componentPresetDefault);
    return {
      name,
      preset: sizing?.cpu && sizing?.memory ? undefined : preset.name,
      vcpu: round(cpuToMillis(sizing?.cpu ?? preset.cpu) / 1000),
      memoryGib: round(sizeToMebibytes(sizing?.memory ?? preset.memory) / 1024),
    };
  });
  return {
    file,
    name: cluster.clusterName,
    line: line.name,
    groups,
    unknownInstanceTypes: [...new Set(groups.filter((g) => !g.known).map((g) => g.instanceType))],
    workers: { atMin: sum(groups.map((g) => g.atMin)), atMax: sum(groups.map((g) => g.atMax)) },
    controlPlane: {
      replicas,
      vcpu: round(replicas * components.reduce((s, c) => s + c.vcpu, 0)),
      memoryGib: round(replicas * components.reduce((s, c) => s + c.memoryGib, 0)),
      components,
    },
    addons: cluster.addons.map((a) => a.key),
  };
}

const show = (n: number | undefined) => (n === undefined ? '?' : String(n));

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd());
}

/** The plan as text: one table per cluster. */
export function formatPlan(p: ClusterPlan): string[] {
  const fp = (f: Footprint) => [show(f.vcpu), show(f.memoryGib), String(f.gpus), String(f.diskGib)];
  const rows = [['group', 'instance type', 'replicas', 'vCPU min', 'GiB min', 'GPU min', 'disk GiB min', 'vCPU max', 'GiB max', 'GPU max', 'disk GiB max']];
  for (const g of p.groups) {
    const type = `${g.sizedBy === 'resources' ? '(resources)' : g.instanceType}${g.known ? '' : ' (unknown)'}`;
    rows.push([`${g.name}${g.implicit ? ' (implicit)' : ''}`, type, `${g.minReplicas}-${g.maxReplicas}`, ...fp(g.atMin), ...fp(g.atMax)]);
  }
  rows.push(['total workers', '', '', ...fp(p.workers.atMin), ...fp(p.workers.atMax)]);
  const out = [`${p.file}: cluster ${p.name} (platform line ${p.line})`, ...table(rows).map((r) => `  ${r}`)];
  if (p.unknownInstanceTypes.length > 0) out.push(`  unknown instance types (not counted): ${p.unknownInstanceTypes.join(', ')}`);
  const parts = p.controlPlane.components.map((c) => `${c.name} ${c.preset ?? 'explicit'} ${c.vcpu} vCPU/${c.memoryGib} GiB`);
  out.push(`  control plane: ${p.controlPlane.replicas} replicas x (${parts.join(', ')}) = ${p.controlPlane.vcpu} vCPU, ${p.controlPlane.memoryGib} GiB (limits)`);
  out.push(`  add-ons: ${p.addons.length > 0 ? p.addons.join(', ') : 'none'}`);
  return out;
}

/** `plan`: resources of every cluster in the files. */
export function plan(args: Args, io: Io): number {
  if (args.positional.length === 0) throw new UsageError('plan: name at least one file or folder');
  const line = lineOption(args);
  const plans: ClusterPlan[] = [];
  let failed = 0;
  for (const doc of loadDocuments(args.positional)) {
    const wrongKind = kindProblem(doc.value);
    if (wrongKind) {
      failed++;
      io.err(`${doc.file}:${doc.lineOf(wrongKind.path)}: ${wrongKind.rule} ${wrongKind.path}: ${wrongKind.message}`);
      continue;
    }
    if (!isClusterDocument(doc.value)) continue;
    const a = analyse(doc, line);
    if (!a.cluster) {
      failed++;
      io.err(`${doc.file}:${doc.line}: cluster ${a.name} could not be read: ${a.findings.map((f) => f.message).join('; ')}`);
      continue;
    }
    plans.push(planCluster(doc.file, a.cluster));
  }
  if (args.options.json) io.out(JSON.stringify(plans, undefined, 2));
  else io.out(plans.flatMap(formatPlan).join('\n'));
  return failed > 0 ? 1 : 0;
}
