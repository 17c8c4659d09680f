import { Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { stringifyDocument } from '../../src/synth/yaml-writer';

/** Strings that YAML 1.1 reads as something else, or that need quotes, escapes or a block scalar. */
const TRICKY = [
  '', ' ', 'y', 'Y', 'n', 'N', 'yes', 'No', 'ON', 'off', 'true', 'False', 'null', 'Null', '~', 'e5', 'E-5', '1e3',
  '0755', '0x1F', '0b101', '1_000', '1:20', '190:20:30.15', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '.inf', '-.Inf',
  '.nan', '.5', '+1', '-', '?', '- a', '? a', ': a', 'a: b', 'a #b', 'a#b', '#', '&a', '*a', '!tag', '|', '>', '%x', '@x',
  '`x`', '"', "'", "it's", 'say "hi"', 'both \' "', 'a ', ' a', 'a:', '<<', '---', '--- x', '...', '... y', 'a\nb',
  'a\n', '\n', 'a\n\nb', ' a\nb', 'tab\there', '\u0000', '\u0007', '\u007f', '\u0085', '\u2028', 'é', '😀', 'a'.repeat(1100),
  '[a]', '{a}', 'a,b', 'http://x.example/a?b=c#d', 'registry.example.com/img:1.2', '10.0.0.0/8', '0.0.0.0', '@every 5m',
];

const tricky = fc.constantFrom(...TRICKY);
const text = fc.oneof(tricky, fc.string({ unit: fc.constantFrom('a', 'Z', '0', '9', '.', '-', '_', '/', ':', ' ', '#', '\'', '"', '\n', 'y', 'e') }), fc.string());
const scalar = fc.oneof(
  text, fc.integer(), fc.double(), fc.constantFrom(0, -0, 1e21, 1.5e-7, Infinity, -Infinity, NaN), fc.boolean(), fc.constant(null), fc.constant(undefined));

const { value: document } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.dictionary(text, tie('value'), { maxKeys: 5 }),
}));
const documents = fc.dictionary(text, document, { minKeys: 1, maxKeys: 6 });

describe('YAML writer', () => {
  test('prints every plain document byte for byte as cdk8s Yaml.stringify', () => {
    fc.assert(fc.property(documents, (doc) => {
      expect(stringifyDocument(doc)).toBe(Yaml.stringify(doc));
    }), { numRuns: 3000 });
  });

  test.each(TRICKY)('string %j as a key, a value, a list item and deep down', (s) => {
    const doc = { [s]: s, list: [s, [s], { [s]: [s] }], deep: { a: { b: [{ c: s, [s]: { d: s } }] } } };
    expect(stringifyDocument(doc)).toBe(Yaml.stringify(doc));
  });

  test('empty collections, nulls, holes and undefined read as cdk8s writes them', () => {
    // eslint-disable-next-line no-sparse-arrays
    const doc = { a: {}, b: [], c: [{}, [], null, undefined, , 1], d: null, e: undefined, f: { g: [[[]]], h: [[{}]] } };
    const out = stringifyDocument(doc);
    expect(out).toBe(Yaml.stringify(doc));
    expect(out).toBe('a: {}\nb: []\nc:\n  - {}\n  - []\n  - null\n  - null\n  - null\n  - 1\nd: null\ne: null\nf:\n  g:\n    - - []\n  h:\n    - - {}\n');
  });

  test('values that are not plain data go to the YAML library whole', () => {
    class Box {
      public readonly inside = 1;
    }
    for (const doc of [{ when: new Date(0) }, { box: new Box() }, { list: [new Date(0)] }, undefined, ['top', 'level'], 'text']) {
      expect(stringifyDocument(doc)).toBe(Yaml.stringify(doc));
    }
  });

  test('a Kubernetes manifest', () => {
    const doc = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'web' } },
      spec: { replicas: 3, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 8080 }], args: ['--flag', 'on'] }] } } },
    };
    expect(stringifyDocument(doc)).toBe([
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', '  namespace: shop', '  labels:',
      '    app.kubernetes.io/name: web', 'spec:', '  replicas: 3', '  template:', '    spec:', '      containers:',
      '        - name: web', '          image: nginx:1.27', '          ports:', '            - containerPort: 8080',
      '          args:', '            - --flag', '            - "on"', '',
    ].join('\n'));
  });
});
