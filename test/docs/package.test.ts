import * as fs from 'fs';
import * as path from 'path';
import { pack, PackResult, readmeSizeStatement, readmeWithSizes, SIZE_TOLERANCE, statedSizes } from '../../scripts/measure-package';

// Packs the lib/ of the last jsii compile, which `npm test` runs first.
let packed: PackResult;
beforeAll(() => {
  packed = pack();
});

test('the npm package ships compiled JavaScript, declarations, the assembly, the line schemas read at synth, the command line and the documentation, without TypeScript sources or source maps', () => {
  const { files } = packed;
  const names = files.map((f) => f.path);
  expect(names).toEqual(expect.arrayContaining(['lib/index.js', 'lib/index.d.ts', '.jsii', 'README.md', 'API.md', 'LICENSE', 'package.json']));
  // node_modules/ holds the bundled dependencies (ajv and yaml, read at runtime), as npm packs them; docs/ the
  // pages the README links to.
  const shipped = /^(lib\/.*\.(js|d\.ts)|imports\/schemas\/[a-z-]+\/values\.schema(\.v[0-9.]+)?\.json|node_modules\/.*|docs\/[a-z-]+\.md)$/;
  const unexpected = names.filter((n) => !shipped.test(n) && !['.jsii', 'README.md', 'API.md', 'CHANGELOG.md', 'LICENSE', 'package.json', 'imports/SOURCES.md', 'bin/cdk8s-hikube'].includes(n));
  expect(unexpected).toEqual([]);
  const withMaps = names.filter((n) => n.startsWith('lib/') && n.endsWith('.js'))
    .filter((n) => fs.readFileSync(path.join(__dirname, '../..', n), 'utf8').includes('//# sourceMappingURL='));
  expect(withMaps).toEqual([]);
});

test('the package states the Node.js versions it runs on', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));
  expect(manifest.engines).toEqual({ node: '>= 20.0.0' });
});

test('the README states the package size as the measuring script writes it, within 10% of what npm pack gives', () => {
  const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const statement = readmeSizeStatement(readme);
  // The statement is the script's own sentence (for the sizes it states), so it was written by the script.
  const stated = statedSizes(statement);
  expect(readmeWithSizes(readme, stated)).toEqual(readme);
  const off = (key: 'size' | 'unpackedSize') => Math.abs(stated[key] - packed[key]) / packed[key];
  const stale = `stale: the package is now ${packed.size} bytes packed, ${packed.unpackedSize} unpacked; run \`npx projen measure\``;
  expect({ packed: off('size') <= SIZE_TOLERANCE, installed: off('unpackedSize') <= SIZE_TOLERANCE, stale })
    .toEqual({ packed: true, installed: true, stale });
});
