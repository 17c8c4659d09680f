import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { documentationFiles } from '../../scripts/docs-files';

/**
 * Every TypeScript block of the README and of docs/ is a program a reader can paste into the `main.ts` of an
 * app made by `cdk8s init typescript-app`: it is type-checked with that template's compiler options against
 * the library's sources and run. A block whose first line is `// continues the previous example` is appended
 * to the program before it in the same file, so later sections can build on an earlier example. A YAML block
 * preceded by `<!-- output of the example above: <file> -->` is the file that program writes, byte for byte.
 */
const ROOT = path.resolve(__dirname, '../..');
const CONTINUES = '// continues the previous example';
const OUTPUT = /^<!-- output of the example above: (\S+) -->$/;
/** An exact copy of `templates/typescript-app/tsconfig.json` of the cdk8s-cli this repository pins. */
const CDK8S_INIT_TSCONFIG = path.join(ROOT, 'test', 'support', 'cdk8s-init-tsconfig.json');

interface Snippet {
  /** Where the block is: file and 1-based line of its opening fence. */
  readonly where: string;
  /** The program: the block, preceded by the blocks it continues. */
  readonly source: string;
  /** Files the documentation shows this program writing, with their text. */
  readonly outputs: Array<{ readonly file: string; readonly text: string; readonly where: string }>;
}

interface Block {
  readonly line: number;
  readonly language: string;
  readonly body: string;
  /** The `<!-- output of the example above: ... -->` file named just before the block, if any. */
  readonly output?: string;
}

function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S+)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    const output = lines.slice(Math.max(0, start - 2), start).map((l) => OUTPUT.exec(l)?.[1]).find((f) => f);
    blocks.push({ line: start + 1, language: open[1], body: body.join('\n') + '\n', output });
  }
  return blocks;
}

function typescriptSnippets(file: string, markdown: string): Snippet[] {
  const snippets: Snippet[] = [];
  for (const block of fencedBlocks(markdown)) {
    const where = `${file} line ${block.line}`;
    if (block.output) {
      const last = snippets[snippets.length - 1];
      if (!last) throw new Error(`${where}: an output with no example before it`);
      last.outputs.push({ file: block.output, text: block.body, where });
      continue;
    }
    if (block.language !== 'ts' && block.language !== 'typescript') continue;
    const continues = block.body.trimStart().startsWith(CONTINUES);
    if (continues && snippets.length === 0) throw new Error(`${where}: nothing to continue`);
    const source = continues ? `${snippets[snippets.length - 1].source}\n${block.body}` : block.body;
    if (continues) snippets.pop();
    snippets.push({ where, source, outputs: [] });
  }
  return snippets;
}

/** Points the package's own name at its sources, the way a user's import resolves to the installed package. */
function toSources(source: string): string {
  const index = path.join(ROOT, 'src', 'index').split(path.sep).join('/');
  return source.replace(/from (['"])cdk8s-hikube\1/g, `from '${index}'`) + '\nexport {};\n';
}

const documents = documentationFiles();
const snippets = documents.flatMap((d) => typescriptSnippets(d.file, d.text));
// Inside the repository so that the snippets resolve cdk8s and cdk8s-plus from its node_modules.
const workDir = fs.mkdtempSync(path.join(ROOT, 'test', 'docs', '.snippets-'));
const files = snippets.map((s, i) => {
  const file = path.join(workDir, `snippet-${i}-${s.where.replace(/[^A-Za-z0-9]+/g, '-')}.ts`);
  fs.writeFileSync(file, toSources(s.source));
  return file;
});

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

test('the README has TypeScript examples, the first a quick start with its output', () => {
  expect(documents.map((d) => d.file)).toEqual(expect.arrayContaining(['README.md', 'docs/rules.md', 'docs/languages.md']));
  expect(snippets[0].where).toMatch(/^README\.md /);
  expect(snippets[0].outputs.length).toBeGreaterThan(0);
});

test('the copy of the cdk8s init compiler options is the template\'s', () => {
  const template = path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'templates', 'typescript-app', 'tsconfig.json');
  expect(fs.readFileSync(CDK8S_INIT_TSCONFIG, 'utf8')).toEqual(fs.readFileSync(template, 'utf8'));
});

test('every TypeScript block compiles as written, under the compiler options of a cdk8s init app', () => {
  const config = ts.readConfigFile(CDK8S_INIT_TSCONFIG, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, workDir);
  // Only type-checked here: nothing is written.
  const options = { ...parsed.options, noEmit: true };
  expect(options).toMatchObject({ strict: true, noUnusedLocals: true, noUnusedParameters: true });
  const program = ts.createProgram(files, options);
  const errors = files.flatMap((file, i) => ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    return `block at ${snippets[i].where}${where ? ` (program line ${where.line + 1})` : ''}: ${text}`;
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

describe('every TypeScript block runs', () => {
  const outdirs = snippets.map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'hikube-readme-')));
  let errors: Array<string | undefined> = [];
  beforeAll(() => {
    errors = runSnippets(outdirs);
  });
  afterAll(() => outdirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test.each(snippets.map((s, i) => [s.where, i] as const))('the block at %s synthesizes', (_where, i) => {
    expect(errors[i]).toBeUndefined();
    const dist = path.join(outdirs[i], 'dist');
    const written = fs.existsSync(dist) ? fs.readdirSync(dist).filter((f) => f.endsWith('.yaml')) : [];
    expect(written.length).toBeGreaterThan(0);
  });

  const shown = snippets.flatMap((s, i) => s.outputs.map((o) => [o.where, o, i] as const));
  test.each(shown)('the output shown at %s is what the example writes', (_where, output, i) => {
    expect(fs.readFileSync(path.join(outdirs[i], 'dist', output.file), 'utf8')).toEqual(output.text);
  });
});
