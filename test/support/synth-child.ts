/**
 * A synth in a process of its own, for the fault tests: it builds an app from a description and writes it
 * with `synthesizeFiles`. The tests kill it after a given step (`HIKUBE_SYNTH_KILL_AFTER`) or at a random
 * time, and build the same apps in their own process to know what each generation writes.
 */
import * as fs from 'fs';
import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import { synthesizeFiles } from '../../src/synth/synthesis';

export interface ChartSpec {
  readonly id: string;
  readonly docs: any[];
}

export interface SynthSpec {
  readonly outdir: string;
  readonly yamlOutputType: YamlOutputType;
  /** Written into every document, so that a file tells which synth wrote it. */
  readonly generation: string;
  /** A JSON file with the charts (`ChartSpec[]`). */
  readonly charts: string;
  /** Ids of charts this generation leaves out. */
  readonly without?: string[];
}

export const GENERATION_ANNOTATION = 'test.hikube/generation';

export function buildApp(spec: SynthSpec, charts: ChartSpec[] = JSON.parse(fs.readFileSync(spec.charts, 'utf8'))): App {
  const app = new App({ outdir: spec.outdir, yamlOutputType: spec.yamlOutputType });
  for (const { id, docs } of charts) {
    if (spec.without?.includes(id)) continue;
    const chart = new Chart(app, id);
    docs.forEach((doc, i) => {
      const metadata = { ...doc.metadata, annotations: { ...doc.metadata?.annotations, [GENERATION_ANNOTATION]: spec.generation } };
      new ApiObject(chart, `o${i}`, { ...doc, metadata });
    });
  }
  return app;
}

if (require.main === module) {
  const app = buildApp(JSON.parse(process.argv[2]));
  // The parent times random kills from here, once the process has started and built the app.
  process.stdout.write('synth\n');
  const start = Date.now();
  synthesizeFiles(app);
  process.stdout.write(`done ${Date.now() - start}\n`);
}
