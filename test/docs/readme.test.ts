import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * Every TypeScript block of the README is a program a reader can paste: it is type-checked against the
 * library's sources and run. A block whose first line is `// continues the previous example` is appended
 * to the program before it, so later sections can build on the first example.
 */
const ROOT = path.resolve(__dirname, '../..');
const CONTINUES = '// continues the previous example';

interface Snippet {
  /** 1-based line of the block's opening fence. */
  readonly line: number;
  /** The program: the block, preceded by the blocks it continues. */
  readonly source: string;
}

function fencedBlocks(markdown: string, languages: string[]): Array<{ line: number; body: string }> {
  const blocks: Array<{ line: number; body: string }> = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S+)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    if (languages.includes(open[1])) blocks.push({ line: start + 1, body: body.join('\n') + '\n' });
  }
  return blocks;
}

function typescriptSnippets(markdown: string): Snippet[] {
  const snippets: Snippet[] = [];
  for (const block of fencedBlocks(markdown, ['ts', 'typescript'])) {
    const continues = block.body.trimStart().startsWith(CONTINUES);
    if (continues && snippets.length === 0) throw new Error(`README line ${block.line}: nothing to continue`);
    const source = continues ? `${snippets[snippets.length - 1].source}\n${block.body}` : block.body;
    if (continues) snippets.pop();
    snippets.push({ line: block.line, source });
  }
  return snippets;
}

/** Points the package's own name at its sources, the way a user's import resolves to the installed package. */
function toSources(source: string): string {
  const index = path.join(ROOT, 'src', 'index').split(path.sep).join('/');
  return source.replace(/from (['"])cdk8s-hikube\1/g, `from '${index}'`) + '\nexport {};\n';
}

const snippets = typescriptSnippets(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
// Inside the repository so that the snippets resolve cdk8s and cdk8s-plus from its node_modules.
const workDir = fs.mkdtempSync(path.join(ROOT, 'test', 'docs', '.snippets-'));
const files = snippets.map((s) => {
  const file = path.join(workDir, `readme-line-${s.line}.ts`);
  fs.writeFileSync(file, toSources(s.source));
  return file;
});

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

test('the README has TypeScript examples', () => {
  expect(snippets.length).toBeGreaterThan(0);
});

test('every TypeScript block of the README compiles as written', () => {
  const config = ts.readConfigFile(path.join(ROOT, 'test', 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, path.join(ROOT, 'test'));
  // A snippet may name things only to show them (an unused issuer, an unused import), as readers' code does.
  const options = { ...parsed.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false };
  const program = ts.createProgram(files, options);
  const errors = files.flatMap((file, i) => ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    return `README block at line ${snippets[i].line}${where ? ` (program line ${where.line + 1})` : ''}: ${text}`;
  }));
  expect(errors).toEqual([]);
});

/**
 * Runs every snippet in one Node.js process, each with its own working folder and `CDK8S_OUTDIR`, so the
 * library's sources are transpiled once rather than once per snippet. Returns each snippet's error, if any.
 */
function runSnippets(outdirs: string[]): Array<string | undefined> {
  const runner = path.join(workDir, 'run-snippets.js');
  fs.writeFileSync(runner, `
const results = [];
for (const [file, outdir] of JSON.parse(process.argv[2])) {
  process.chdir(outdir);
  process.env.CDK8S_OUTDIR = require('path').join(outdir, 'dist');
  try { require(file); results.push(null); } catch (e) { results.push(String(e && e.stack || e)); }
}
require('fs').writeFileSync(process.argv[3], JSON.stringify(results));
`);
  const report = path.join(workDir, 'results.json');
  execFileSync(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), runner,
    JSON.stringify(files.map((f, i) => [f, outdirs[i]])), report], {
    env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'test', 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(fs.readFileSync(report, 'utf8')).map((e: string | null) => e ?? undefined);
}

describe('every TypeScript block of the README runs', () => {
  const outdirs = snippets.map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'hikube-readme-')));
  let errors: Array<string | undefined> = [];
  beforeAll(() => {
    errors = runSnippets(outdirs);
  });
  afterAll(() => outdirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test.each(snippets.map((s, i) => [s.line, i] as const))('the block at line %d synthesizes', (_line, i) => {
    expect(errors[i]).toBeUndefined();
    const dist = path.join(outdirs[i], 'dist');
    const written = fs.existsSync(dist) ? fs.readdirSync(dist).filter((f) => f.endsWith('.yaml')) : [];
    expect(written.length).toBeGreaterThan(0);
  });
});
