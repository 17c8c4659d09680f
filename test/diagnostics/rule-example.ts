import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, AppProps } from 'cdk8s';
import { main } from '../../src/cli/main';
import { RuleCode } from '../../src/diagnostics/rules';
import { HikubeValidationError } from '../../src/errors';
import { warningProblems } from '../../src/model/validation';
import { HikubeApp } from '../../src/synth/hikube-app';

/**
 * A rule of the catalog shown twice: an input that must report the rule, and its nearest valid neighbour,
 * which must not. Each side returns the codes it reported; `test/diagnostics/rule-examples.test.ts` runs
 * every example of every file under `examples/` and fails on a catalog rule without one.
 */
export interface RuleExample {
  readonly rule: RuleCode;
  /** What the example shows, for the test's name. */
  readonly title: string;
  readonly failing: () => string[];
  readonly valid: () => string[];
}

/** Codes of the errors and warnings an app reports at synth (strict off); a plain cdk8s `App` unless another is given. */
export function libraryCodes(build: (app: App) => void, app: App = new App()): string[] {
  try {
    build(app);
    app.synthYaml();
  } catch (e) {
    if (e instanceof HikubeValidationError) return e.problems.map((p) => p.rule);
    throw e;
  }
  return warningProblems(app).map((w) => w.rule);
}

/** Codes a `HikubeApp` reports when it writes its files (into a temporary folder). */
export function fileCodes(build: (app: App) => void, props: AppProps = {}): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rule-example-'));
  const app = new HikubeApp({ ...props, outdir: path.join(dir, 'dist') });
  try {
    build(app);
    app.synth();
  } catch (e) {
    if (e instanceof HikubeValidationError) return e.problems.map((p) => p.rule);
    throw e;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return warningProblems(app).map((w) => w.rule);
}

/** Codes `cdk8s-hikube check --json` reports for a YAML text. */
export function checkCodes(yaml: string, ...options: string[]): string[] {
  const out: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rule-example-'));
  const file = path.join(dir, 'input.yaml');
  fs.writeFileSync(file, yaml);
  try {
    main(['check', '--json', ...options, file], { out: (t) => out.push(t), err: () => undefined });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (out.length === 0) return [];
  return (JSON.parse(out.join('\n')).findings as Array<{ code: string }>).map((f) => f.code);
}

/** Codes `cdk8s-hikube diff --json OLD NEW` reports for two YAML texts. */
export function diffCodes(oldYaml: string, newYaml: string, ...options: string[]): string[] {
  const out: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rule-example-'));
  const [oldFile, newFile] = [path.join(dir, 'old.yaml'), path.join(dir, 'new.yaml')];
  fs.writeFileSync(oldFile, oldYaml);
  fs.writeFileSync(newFile, newYaml);
  try {
    main(['diff', '--json', ...options, oldFile, newFile], { out: (t) => out.push(t), err: () => undefined });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (out.length === 0) return [];
  return (JSON.parse(out.join('\n')).clusters as Array<{ findings: Array<{ code: string }> }>).flatMap((c) => c.findings.map((f) => f.code));
}
