import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { main } from '../../src/cli/main';
import { RuleCode } from '../../src/diagnostics/rules';
import { HikubeValidationError } from '../../src/errors';
import { warningProblems } from '../../src/model/validation';

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

/** Codes of the errors and warnings an app reports at synth (strict off). */
export function libraryCodes(build: (app: App) => void): string[] {
  const app = new App();
  try {
    build(app);
    app.synthYaml();
  } catch (e) {
    if (e instanceof HikubeValidationError) return e.problems.map((p) => p.rule);
    throw e;
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
