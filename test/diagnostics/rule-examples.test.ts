import * as fs from 'fs';
import * as path from 'path';
import { RuleExample } from './rule-example';
import { isRuleCode, RULES } from '../../src/diagnostics/rules';

const DIR = path.join(__dirname, 'examples');

function examples(): RuleExample[] {
  return fs.readdirSync(DIR).filter((f) => f.endsWith('.ts')).sort()
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the examples are found by folder, one file per topic
    .flatMap((f) => (require(path.join(DIR, f)) as { EXAMPLES: RuleExample[] }).EXAMPLES);
}

const ALL = examples();

/**
 * Rules no input reaches through the public API, with the reason. Each is a check to remove (or a path to
 * open), not an example to fake; the test fails when one of them gets an example or another rule joins them.
 */
const UNREACHABLE: { readonly [code: string]: string } = {};

/** Every code the examples reported, failing and valid sides alike. */
const reported = new Set<string>();

describe('every catalog rule has a failing input and a valid neighbour', () => {
  test.each(ALL.map((e) => [e.rule, e.title, e] as const))('%s: %s', (rule, _title, example) => {
    const failing = example.failing();
    const valid = example.valid();
    [...failing, ...valid].forEach((code) => reported.add(code));
    expect(failing).toContain(rule);
    expect(valid).not.toContain(rule);
  });

  test('no catalog rule lacks an example, except those no input reaches', () => {
    const shown = new Set<string>(ALL.map((e) => e.rule));
    expect(Object.keys(RULES).filter((code) => !shown.has(code))).toEqual(Object.keys(UNREACHABLE));
  });

  test('every code the library and the command line report at run time is in the catalog', () => {
    // Run alone (a name filter), the examples are run here.
    const codes = reported.size > 0 ? reported : new Set(ALL.flatMap((e) => [...e.failing(), ...e.valid()]));
    expect([...codes].filter((code) => !isRuleCode(code))).toEqual([]);
  });
});
