import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

/** A documentation file: its path relative to the repository root and its text. */
export interface DocumentationFile {
  readonly file: string;
  readonly text: string;
}

/** The README and the pages of docs/, whose examples the tests compile, run and check against the bindings. */
export function documentationFiles(): DocumentationFile[] {
  const docs = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`);
  return ['README.md', ...docs].map((file) => ({ file, text: fs.readFileSync(path.join(ROOT, file), 'utf8') }));
}
