import * as fs from 'fs';
import * as path from 'path';
import { RuleExample } from './rule-example';
import { RULES } from '../../src/diagnostics/rules';

const DIR = path.join(__dirname, 'examples');

function examples(): RuleExample[] {
  return fs.readdirSync(DIR).filter((f) => f.endsWith('.ts')).sort()
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the examples are found by folder, one file per topic
    .flatMap((f) => (require(path.join(DIR, f)) as { EXAMPLES: RuleExample[] }).EXAMPLES);
}

const ALL = examples();

describe('every catalog rule has a failing input and a valid neighbour', () => {
  test.each(ALL.map((e) => [e.rule, e.title, e] as const))('%s: %s', (rule, _title, example) => {
    expect(example.failing()).toContain(rule);
    expect(example.valid()).not.toContain(rule);
  });

  test('no catalog rule lacks an example', () => {
    const shown = new Set(ALL.map((e) => e.rule));
    expect(Object.keys(RULES).filter((code) => !shown.has(code as keyof typeof RULES))).toEqual([]);
  });
});
