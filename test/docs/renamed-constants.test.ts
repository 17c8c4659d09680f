import * as fs from 'fs';
import * as path from 'path';
import { loadAssembly, readmeWithTable, renamedConstantsTable } from '../../scripts/renamed-constants';

// Reads the assembly of the last jsii compile, which `npm test` runs first.
test('the README lists every constant whose Python name differs, as generated from the assembly', () => {
  const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  expect(readmeWithTable(readme, renamedConstantsTable(loadAssembly()))).toEqual(readme);
});
