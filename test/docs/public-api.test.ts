import * as h from '../../src';

// Free functions are invisible to jsii, so an exported helper would be API in TypeScript only.
test('the package entry exports classes, enums and types, no helper functions or values', () => {
  const helpers = Object.entries(h)
    .filter(([, value]) => typeof value !== 'function' || !/^class\b/.test(Function.prototype.toString.call(value)))
    .filter(([, value]) => !isEnum(value))
    .map(([name]) => name);
  expect(helpers).toEqual([]);
});

function isEnum(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string' || typeof v === 'number');
}
