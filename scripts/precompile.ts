/**
 * Writes, after the compile, what the compiled library would otherwise derive at first use: the index of
 * the jsii assembly the input checks read, and the validators of the platform lines' value schemas. Each
 * records what it was made from (the assembly's size, the schema texts' digests); the library derives
 * them itself when they are missing or were made from something else.
 */
import * as fs from 'fs';
import * as path from 'path';

const LIB = path.resolve(__dirname, '..', 'lib');
/* eslint-disable @typescript-eslint/no-require-imports */
const assembly: typeof import('../src/diagnostics/assembly') = require(path.join(LIB, 'diagnostics', 'assembly'));
const lineSchema: typeof import('../src/tenant/line-schema') = require(path.join(LIB, 'tenant', 'line-schema'));
const platformLine: typeof import('../src/model/platform-line') = require(path.join(LIB, 'model', 'platform-line'));
/* eslint-enable @typescript-eslint/no-require-imports */

const jsii = path.resolve(__dirname, '..', '.jsii');
const index = assembly.buildIndex(JSON.parse(fs.readFileSync(jsii, 'utf-8')), fs.statSync(jsii).size);
fs.writeFileSync(path.join(LIB, 'diagnostics', assembly.INDEX_FILE), assembly.indexModuleSource(index));
const validators = path.join(LIB, 'tenant', lineSchema.PRECOMPILED_DIR);
fs.rmSync(validators, { recursive: true, force: true });
fs.mkdirSync(validators);
for (const line of platformLine.PlatformLine.all()) {
  fs.writeFileSync(path.join(validators, lineSchema.precompiledModule(line.schemaFile)), lineSchema.precompiledValidatorSource(line));
}
