import * as fs from 'fs';
import * as path from 'path';
import { CONSTANTS_PAGE, loadAssembly, pageWithTable, renamedConstantsTable } from '../../scripts/renamed-constants';

// Reads the assembly of the last jsii compile, which `npm test` runs first.
test('the documentation lists every constant whose Python name differs, as generated from the assembly', () => {
  const page = fs.readFileSync(path.join(__dirname, '../..', CONSTANTS_PAGE), 'utf8');
  expect(pageWithTable(page, renamedConstantsTable(loadAssembly()))).toEqual(page);
});
