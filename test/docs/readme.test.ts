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

describe.each(snippets.map((s, i) => [s.line, files[i]] as const))('the README block at line %d', (_line, file) => {
  test('synthesizes', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'hikube-readme-'));
    try {
      execFileSync(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), file], {
        cwd: outdir,
        env: { ...process.env, CDK8S_OUTDIR: path.join(outdir, 'dist'), TS_NODE_PROJECT: path.join(ROOT, 'test', 'tsconfig.json') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const written = fs.readdirSync(path.join(outdir, 'dist')).filter((f) => f.endsWith('.yaml'));
      expect(written.length).toBeGreaterThan(0);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
