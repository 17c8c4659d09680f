import { App, AppProps } from 'cdk8s';
import type * as synthesisModule from './synthesis';
import { problemLine } from '../diagnostics/problems';
import { checkArgs } from '../model/guard';
import { lazyModule } from '../model/lazy-module';
import { warningProblems } from '../model/validation';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const synthesis = lazyModule<typeof synthesisModule>(() => require('./synthesis'));

/** Options of a `HikubeApp`: those of a cdk8s `App`, and whether it prints the library's warnings. */
export interface HikubeAppProps extends AppProps {
  /**
   * Print the library's warnings to standard error when the app synthesizes, one line each
   * (`warning HK-INSTANCE-TYPE: [prod] nodeGroups.web.instanceType: ...`), each once per app. Set it to
   * `false` where the warnings are read some other way, such as `HikubeCluster.warnings`.
   *
   * @default true
   */
  readonly printWarnings?: boolean;
}

/**
 * A cdk8s `App` whose synthesis costs the same per chart however large the app grows.
 *
 * cdk8s's own `App` renders every chart through `Chart.toJson()`, which resolves the dependencies and
 * runs the validations of the whole app again for each chart, so an app of many charts synthesizes in
 * quadratic time. `HikubeApp` does that work once for the app and writes the same bytes, file names and
 * folders as `App` for every `YamlOutputType`:
 *
 * - every construct's validations and the library's checks run once, and all problems are reported in one
 *   error before any file is written;
 * - chart and object dependencies are resolved as cdk8s resolves them, charts and objects come out in
 *   cdk8s's order;
 * - the new tree is written next to `outdir` and swapped in with two renames once it is complete, so
 *   `outdir` holds the whole previous tree or the whole new one, also when the synth fails or is killed (the
 *   next synth finishes a swap that a killed one began); files in `outdir` that this synth does not write are
 *   kept, as `App` keeps them; a second synth into the same folder is refused while one runs;
 * - two objects that would be written to the same file (same kind and name with one file per resource)
 *   are an error naming both, where `App` would silently keep only the last.
 *
 * After a synth that succeeds it prints the library's warnings to standard error (see `printWarnings`);
 * the library's constructs themselves never print.
 *
 * A chart class that overrides `toJson()` (other than this library's charts) is rendered through its own
 * `toJson()`, at cdk8s's per-chart cost.
 */
export class HikubeApp extends App {
  /**
   * Synthesizes any cdk8s app (one built as a plain `App`, for instance) the way `HikubeApp.synth()` does,
   * into the app's `outdir` with its output type, file extension and metadata setting.
   *
   * @param app the app to synthesize
   */
  public static synthesize(app: App): void {
    checkArgs('HikubeApp.synthesize', 'HikubeApp', 'synthesize', [app]);
    synthesis.synthesizeFiles(app);
  }

  /**
   * Synthesizes any cdk8s app into one YAML string, the same as `app.synthYaml()` gives.
   *
   * @param app the app to synthesize
   * @returns every document of every chart, in chart and dependency order
   */
  public static synthesizeYaml(app: App): string {
    checkArgs('HikubeApp.synthesizeYaml', 'HikubeApp', 'synthesizeYaml', [app]);
    return synthesis.synthesizeYaml(app);
  }

  private readonly printWarnings: boolean;
  /** Warning lines already printed, so a second synth prints only new ones. */
  private readonly printed = new Set<string>();

  /**
   * Defines an app.
   *
   * @param props the options of a cdk8s `App`, and whether warnings are printed
   */
  public constructor(props: HikubeAppProps = {}) {
    checkArgs('HikubeApp', 'HikubeApp', undefined, [props]);
    const { printWarnings, ...appProps } = props;
    super(appProps);
    this.printWarnings = printWarnings ?? true;
  }

  /** Synthesizes all manifests to the output directory, in time linear in the size of the app. */
  public override synth(): void {
    HikubeApp.synthesize(this);
    this.reportWarnings();
  }

  /**
   * Synthesizes the app into a YAML string, in time linear in the size of the app.
   *
   * @returns every document of every chart, in chart and dependency order
   */
  public override synthYaml(): string {
    const yaml = HikubeApp.synthesizeYaml(this);
    this.reportWarnings();
    return yaml;
  }

  /** Prints the warnings not printed yet; a failed synth throws before, and its error lists the problems. */
  private reportWarnings(): void {
    if (!this.printWarnings) return;
    for (const p of warningProblems(this)) {
      const line = `warning ${p.rule}: ${problemLine(p)}\n`;
      if (this.printed.has(line)) continue;
      this.printed.add(line);
      process.stderr.write(line);
    }
  }
}
