import * as fs from 'fs';
import * as path from 'path';
import { pack } from '../../scripts/measure-package';

// Packs the lib/ of the last jsii compile, which `npm test` runs first.
test('the npm package ships compiled JavaScript, declarations, the assembly, the line schemas read at synth and the command line, without TypeScript sources or source maps', () => {
  const { files } = pack();
  const names = files.map((f) => f.path);
  expect(names).toEqual(expect.arrayContaining(['lib/index.js', 'lib/index.d.ts', '.jsii', 'README.md', 'API.md', 'LICENSE', 'package.json']));
  // node_modules/ holds the bundled dependencies (ajv and yaml, read at runtime), as npm packs them.
  const shipped = /^(lib\/.*\.(js|d\.ts)|imports\/schemas\/[a-z-]+\/values\.schema(\.v[0-9.]+)?\.json|node_modules\/.*)$/;
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
