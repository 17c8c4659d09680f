import * as fs from 'fs';
import * as path from 'path';
import { collectionPositions, optionsOf, readAssembly } from '../support/collection-positions';

/**
 * No struct sits in a list or a map of the public API, and every list or map of value classes has its
 * mistakes in the Python and Java corpora that `npx projen test:languages` runs against the real bindings.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const types = readAssembly(path.join(ROOT, '.jsii'));
const positions = collectionPositions(types);
const corpus = (file: string, pattern: RegExp) => [...fs.readFileSync(path.join(ROOT, 'test', 'languages', file), 'utf-8').matchAll(pattern)].map((m) => m[1]).sort();

test('no struct sits in a list or a map, for callers or for readers', () => {
  expect(positions.filter((p) => p.kind === 'struct')).toEqual([]);
});

test('the positions of value classes in lists and maps, as the assembly has them', () => {
  expect(positions.filter((p) => p.kind === 'value class').map((p) => `${p.name}: ${p.element}`)).toEqual([
    'BucketProps.users: BucketUser',
    'ControlPlaneOptions.apiServerExtraVolumeMounts: ApiServerVolumeMount',
    'ControlPlaneOptions.apiServerExtraVolumes: ApiServerVolume',
    'CustomOutputOptions.secretProperties: FluentBitSecretKey',
    'FluentBitProps.parsers: FluentBitParser',
    'GrepFilterOptions.exclude: GrepRule',
    'GrepFilterOptions.include: GrepRule',
    'HikubeClusterProps.nodeGroups: NodeGroupSpec',
    'HttpOutputOptions.secretHeaders: FluentBitSecretKey',
    'OidcOptions.users: OidcUser',
  ]);
});

test('every value class in a list or a map keeps the options it was made from', () => {
  const held = new Set(positions.filter((p) => p.kind === 'value class').map((p) => p.element));
  for (const spec of Object.values(types).filter((t) => held.has(t.name))) {
    const options = spec.properties?.find((p) => p.name === 'options');
    expect([spec.name, options?.type?.fqn]).toEqual([spec.name, optionsOf(types, spec)!.fqn]);
  }
});

test('every list or map of value classes has its cases in the Python and the Java corpus', () => {
  const inputs = positions.filter((p) => p.kind === 'value class' && p.input).map((p) => p.name).sort();
  expect(corpus('mistakes.py', /^ {4}Position\("([\w.]+)"/gm)).toEqual(inputs);
  expect(corpus('JavaMistakes.java', /^ {8}position\("([\w.]+)"/gm)).toEqual(inputs);
});
