import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Names, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import type * as outputFolderModule from './output-folder';
import { stringifyDocument } from './yaml-writer';
import { finding, HikubeValidationError, placed, problem, ValidationProblem } from '../diagnostics/problems';
import { lazyModule } from '../model/lazy-module';
import { withinSynth } from '../model/validation';

// Writing files is needed only by a synth to a folder, not by loading the library or by synthYaml().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const output = lazyModule<typeof outputFolderModule>(() => require('./output-folder'));

/*
 * Each synthesis runs inside `withinSynth`: its output takes what the checks rendered, and when it ends,
 * written or failed (a validation of another construct, a folder that cannot be written), the renderings
 * it did not take are dropped, so a change made after a failed synth is in the next rendering.
 */

/** Writes the app's files into its `outdir`; nothing there changes unless the whole synthesis succeeds. */
export function synthesizeFiles(app: App): void {
  withinSynth(app, () => {
    const synthesis = prepare(app, outputProblems(app));
    output.replaceFolder(app.outdir, (dir) => writeOutput(app, synthesis, dir));
  });
}

/** File names are chart or resource names followed by the extension, which must keep them in the output folder. */
function outputProblems(app: App): ValidationProblem[] {
  const ext = app.outputFileExtension;
  if (!/[\\/]/.test(ext)) return [];
  return [placed(app.node.path || app.constructor.name,
    problem('HK-OUTPUT-NAME', 'outputFileExtension', ext, 'a file extension cannot contain "/" or "\\", which would put files outside the output folder'))];
}

/** The documents of every chart, charts in `app.charts` order, each in cdk8s's object order. */
export function synthesizeDocuments(app: App): any[][] {
  return withinSynth(app, () => {
    const synthesis = prepare(app);
    return synthesis.charts.map((chart) => documentsOf(synthesis, chart));
  });
}

/** The app as one YAML string, what `App.synthYaml()` gives. */
export function synthesizeYaml(app: App): string {
  return withinSynth(app, () => {
    const synthesis = prepare(app);
    // Chart by chart, so that only one chart's documents are held besides the YAML.
    const parts: string[] = [];
    for (const chart of synthesis.charts) {
      for (const doc of documentsOf(synthesis, chart)) parts.push(stringifyDocument(doc));
    }
    return parts.join('---\n');
  });
}

/** The construct tree of an app, indexed once: constructs in pre-order, with their subtrees and charts. */
interface Synthesis {
  /** Every construct in pre-order (what `node.findAll()` gives). */
  readonly all: IConstruct[];
  /** Position of each construct in `all`. */
  readonly position: Map<IConstruct, number>;
  /** End (exclusive) of each construct's subtree in `all`. */
  readonly subtreeEnd: number[];
  /** Closest chart of each construct (itself for a chart), what `Chart.of()` answers. */
  readonly chartOf: Array<Chart | undefined>;
  /** Dependency targets of each construct inside the app, without repeats, in the order cdk8s adds edges. */
  readonly edges: number[][];
  /** Charts in the order of `app.charts`. */
  readonly charts: Chart[];
  /** Whether charts depend on each other (which numbers chart files and folders). */
  readonly hasDependantCharts: boolean;
  /** Documents of the charts whose own `toJson()` renders them. */
  readonly rendered: Map<Chart, any[]>;
}

function prepare(app: App, problems: ValidationProblem[] = []): Synthesis {
  // Every construct validation once, the library's checks among them; they may render objects, so the
  // tree is read again afterwards.
  for (const c of app.node.findAll()) {
    try {
      for (const message of c.node.validate()) problems.push(placed(c.node.path, finding('HK-CONSTRUCT', '', message)));
    } catch (e) {
      if (!(e instanceof HikubeValidationError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length > 0) throw new HikubeValidationError(problems);
  const all = app.node.findAll();
  const rendered = new Map<Chart, any[]>();
  for (const chart of all.filter(Chart.isChart)) {
    if (chart.toJson !== Chart.prototype.toJson) rendered.set(chart, Object.values(chart.toJson()));
  }

  const position = new Map<IConstruct, number>();
  all.forEach((c, i) => position.set(c, i));
  const subtreeEnd = new Array<number>(all.length);
  const chartOf = new Array<Chart | undefined>(all.length);
  for (let i = all.length - 1; i >= 0; i--) {
    const children = all[i].node.children;
    subtreeEnd[i] = children.length === 0 ? i + 1 : subtreeEnd[position.get(children[children.length - 1])!];
  }
  all.forEach((c, i) => {
    const scope = c.node.scope;
    chartOf[i] = Chart.isChart(c) ? c : scope === undefined ? undefined : chartOf[position.get(scope)!];
  });

  const hasDependantCharts = resolveDependencies(all, position, subtreeEnd, chartOf);
  const edges = all.map((c) => {
    const targets = new Set<number>();
    for (const dep of c.node.dependencies) {
      const j = position.get(dep);
      if (j !== undefined) targets.add(j);
    }
    return [...targets];
  });
  const order = topology(all, edges, 0, all.length);
  const ordered = order.map((i) => all[i]).filter(Chart.isChart);
  return { all, position, subtreeEnd, chartOf, edges, hasDependantCharts, rendered, charts: ordered };
}

/**
 * Adds the dependencies cdk8s infers before it renders (a chart depends on its nested charts; a construct
 * dependency across charts makes the charts depend on each other; API objects under a dependant construct
 * depend on those under its target), in cdk8s's order, each dependency visited once.
 */
function resolveDependencies(all: IConstruct[], position: Map<IConstruct, number>, subtreeEnd: number[], chartOf: Array<Chart | undefined>): boolean {
  let hasDependantCharts = false;
  for (const chart of all.filter(Chart.isChart)) {
    for (const child of chart.node.children.filter(Chart.isChart)) {
      chart.node.addDependency(child);
      hasDependantCharts = true;
    }
  }
  const closestChart = (c: IConstruct): Chart => {
    const i = position.get(c);
    const chart = i === undefined ? Chart.of(c) : chartOf[i];
    if (chart === undefined) throw new Error(`[${c.node.path}] has a dependency but is not in a chart`);
    return chart;
  };
  const dependencies = () => all.flatMap((source) => source.node.dependencies.map((target) => ({ source, target })));
  for (const { source, target } of dependencies()) {
    const sourceChart = closestChart(source);
    const targetChart = closestChart(target);
    if (sourceChart !== targetChart) {
      sourceChart.node.addDependency(targetChart);
      hasDependantCharts = true;
    }
  }

  const ownObjects = new Map<IConstruct, ApiObject[]>();
  const objectsBelow = (c: IConstruct): ApiObject[] => {
    let objects = ownObjects.get(c);
    if (objects === undefined) {
      const chart = closestChart(c);
      const i = position.get(c);
      const subtree = i === undefined ? c.node.findAll() : all.slice(i, subtreeEnd[i]);
      objects = subtree.filter((x): x is ApiObject => ApiObject.isApiObject(x) && closestChart(x) === chart);
      ownObjects.set(c, objects);
    }
    return objects;
  };
  for (const { source, target } of dependencies()) {
    for (const to of objectsBelow(target)) {
      for (const from of objectsBelow(source)) {
        if (from !== to) from.node.addDependency(to);
      }
    }
  }
  return hasDependantCharts;
}

/**
 * Orders the constructs `all[start..end)` the way cdk8s's `DependencyGraph` does: depth-first from the
 * constructs nothing in the range depends on, dependencies before dependants. The graph keys vertices by
 * path in a plain object, so top-level constructs named like array indices come first, in numeric order.
 */
function topology(all: IConstruct[], edges: number[][], start: number, end: number): number[] {
  const inRange = (j: number) => j >= start && j < end;
  const hasInbound = new Uint8Array(end - start);
  for (let i = start; i < end; i++) {
    for (const j of edges[i]) if (inRange(j) && j !== i) hasInbound[j - start] = 1;
  }
  const indexLike = (i: number) => {
    const node = all[i].node;
    return node.scope !== undefined && node.scope.node.scope === undefined && /^(0|[1-9][0-9]*)$/.test(node.id) && Number(node.id) < 2 ** 32 - 1;
  };
  const roots: number[] = [];
  for (let i = start; i < end; i++) if (!hasInbound[i - start] && indexLike(i)) roots.push(i);
  roots.sort((a, b) => Number(all[a].node.id) - Number(all[b].node.id));
  for (let i = start; i < end; i++) if (!hasInbound[i - start] && !indexLike(i)) roots.push(i);

  const DONE = 2;
  const ACTIVE = 1;
  const state = new Uint8Array(end - start);
  const order: number[] = [];
  const stack: number[] = [];
  const visit = (i: number): void => {
    if (state[i - start] === DONE) return;
    if (state[i - start] === ACTIVE) {
      const cycle = [...stack.slice(stack.indexOf(i)), i].map((k) => all[k].node.path);
      throw new Error(`Dependency cycle detected: ${cycle.join(' => ')}`);
    }
    state[i - start] = ACTIVE;
    stack.push(i);
    for (const j of edges[i]) if (inRange(j) && j !== i) visit(j);
    stack.pop();
    state[i - start] = DONE;
    order.push(i);
  };
  roots.forEach(visit);
  // Constructs that only a cycle reaches have a dependant, so no root leads to them.
  for (let i = start; i < end; i++) visit(i);
  return order;
}

/** The API objects a chart renders, in cdk8s's order: its own objects, not those of nested charts. */
function objectsOf(synthesis: Synthesis, chart: Chart): ApiObject[] {
  const i = synthesis.position.get(chart)!;
  return topology(synthesis.all, synthesis.edges, i, synthesis.subtreeEnd[i])
    .filter((k) => synthesis.chartOf[k] === chart)
    .map((k) => synthesis.all[k])
    .filter(ApiObject.isApiObject);
}

function documentsOf(synthesis: Synthesis, chart: Chart): any[] {
  return synthesis.rendered.get(chart) ?? objectsOf(synthesis, chart).map((o) => o.toJson());
}

/** A document with the construct path that produced it, to name both sides of a file name clash. */
interface Named {
  readonly doc: any;
  readonly path: string;
}

function namedDocumentsOf(synthesis: Synthesis, chart: Chart): Named[] {
  if (synthesis.rendered.has(chart)) return synthesis.rendered.get(chart)!.map((doc) => ({ doc, path: chart.node.path }));
  return objectsOf(synthesis, chart).map((o) => ({ doc: o.toJson(), path: o.node.path }));
}

function resourceFileName(kind: unknown, name: unknown): string {
  return `${kind}.${name}`.replace(/[^0-9a-zA-Z-_.]/g, '');
}

/** Writes files of one folder, refusing a second document for a file name already written. */
class FileSet {
  private readonly written = new Map<string, string>();

  /**
   * @param dir where the files go
   * @param folder the folder's name in the output, for messages
   */
  public constructor(private readonly dir: string, private readonly folder = '') {}

  public write(name: string, path_: string, docs: any[]): void {
    const earlier = this.written.get(name);
    if (earlier !== undefined) {
      throw new Error(`${path.join(this.folder, name)} would be written twice, by ${earlier} and by ${path_}; `
        + 'with one file per resource, give objects of the same kind different names');
    }
    this.written.set(name, path_);
    output.writeFile(path.join(this.dir, name), docs.map((doc) => stringifyDocument(doc)).join('---\n'));
  }
}

function chartNamer(numbered: boolean): (chart: Chart) => string {
  let index = 0;
  return (chart) => numbered ? `${(index++).toString().padStart(4, '0')}-${Names.toDnsLabel(chart)}` : Names.toDnsLabel(chart);
}

function writeOutput(app: App, synthesis: Synthesis, dir: string): void {
  const ext = app.outputFileExtension;
  const charts = synthesis.charts;
  switch (app.yamlOutputType) {
    case YamlOutputType.FILE_PER_APP: {
      if (charts.length === 0) break;
      // One document at a time, so the whole app's YAML is never held in memory at once.
      const fd = fs.openSync(path.join(dir, `app${ext}`), 'w');
      try {
        let first = true;
        for (const chart of charts) {
          for (const doc of documentsOf(synthesis, chart)) {
            fs.writeSync(fd, (first ? '' : '---\n') + stringifyDocument(doc), null, 'utf8');
            output.faultPoint();
            first = false;
          }
        }
      } finally {
        fs.closeSync(fd);
      }
      break;
    }
    case YamlOutputType.FILE_PER_CHART: {
      const files = new FileSet(dir);
      const name = chartNamer(synthesis.hasDependantCharts);
      for (const chart of charts) files.write(name(chart) + ext, chart.node.path, documentsOf(synthesis, chart));
      break;
    }
    case YamlOutputType.FILE_PER_RESOURCE: {
      const files = new FileSet(dir);
      for (const chart of charts) {
        for (const { doc, path: p } of namedDocumentsOf(synthesis, chart)) {
          if (doc !== undefined) files.write(resourceFileName(doc.kind, doc.metadata.name) + ext, p, [doc]);
        }
      }
      break;
    }
    case YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE: {
      const name = chartNamer(synthesis.hasDependantCharts);
      for (const chart of charts) {
        const folder = name(chart);
        output.makeFolder(path.join(dir, folder));
        const files = new FileSet(path.join(dir, folder), folder);
        for (const o of objectsOf(synthesis, chart)) {
          files.write(resourceFileName(o.kind, o.metadata.name) + ext, o.node.path, [o.toJson()]);
        }
      }
      break;
    }
  }
  // cdk8s keeps this setting private; it is read to honour it the same way.
  if ((app as unknown as { recordConstructMetadata: boolean }).recordConstructMetadata) {
    const resources: Record<string, { path: string }> = {};
    for (const chart of charts) {
      for (const o of objectsOf(synthesis, chart)) resources[o.name] = { path: o.node.path };
    }
    output.writeFile(path.join(dir, 'construct-metadata.json'), JSON.stringify({ version: '1.0.0', resources }));
  }
}
