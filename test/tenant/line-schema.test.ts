import * as h from '../../src';
import { applyLineDefaults, checkSpecAgainstLine, schemaAt, lineSchema } from '../../src/tenant/line-schema';

test.each(h.PlatformLine.all().map((l) => [l.name, l] as const))('the published schema of line %s ships and validates an empty spec', (_name, line) => {
  expect(lineSchema(line).type).toBe('object');
  expect(checkSpecAgainstLine({}, line)).toEqual([]);
});

test('defaults are filled as the platform applies them, the input is left alone', () => {
  const spec = { nodeGroups: { g: { resources: {} } } };
  const defaulted = applyLineDefaults(spec, h.PlatformLine.V1_3);
  expect(defaulted.nodeGroups.g).toMatchObject({ ephemeralStorage: '20Gi', instanceType: 'u1.medium', minReplicas: 0, maxReplicas: 10 });
  expect(defaulted.version).toBe('v1.35');
  expect(defaulted.controlPlane.apiServer.resourcesPreset).toBe('large');
  expect(spec).toEqual({ nodeGroups: { g: { resources: {} } } });
});

test('required fields without a default, types and enums are errors with the field path', () => {
  expect(checkSpecAgainstLine({ nodeGroups: { g: {} } }, h.PlatformLine.V1_3)).toEqual([{
    severity: 'error',
    path: 'nodeGroups.g.resources',
    message: 'missing; the schema of platform line v1.3 requires it (write `resources: {}` when the group is sized by instanceType)',
  }]);
  expect(checkSpecAgainstLine({ nodeGroups: { g: {} } }, h.PlatformLine.V1_5)).toEqual([]);
  expect(checkSpecAgainstLine({ version: 'v1.30.0' }, h.PlatformLine.V1_6)).toEqual([{
    severity: 'error', path: 'version', message: expect.stringMatching(/^"v1\.30\.0" is not valid; the schema of platform line v1\.6 allows (v1\.3\d, )*v1\.3\d$/),
  }]);
  expect(checkSpecAgainstLine({ nodeGroups: { g: { resources: {}, ephemeralStorage: true } } }, h.PlatformLine.V1_3)[0]).toMatchObject({
    path: 'nodeGroups.g.ephemeralStorage', message: 'true is not valid; the schema of platform line v1.3 expects integer or string',
  });
});

test('unknown fields are warnings naming the lines that have them; values maps take anything', () => {
  const findings = checkSpecAgainstLine({
    nodeGroups: { g: { diskSize: '30Gi', resources: {} } },
    talos: { version: 'v1.13.6' },
    addons: { cilium: { valuesOverride: { anything: { goes: [1] } } } },
  }, h.PlatformLine.V1_3);
  expect(findings).toEqual([
    { severity: 'warning', path: 'nodeGroups.g.diskSize', message: 'platform line v1.3 has no such field and ignores it silently; it exists on lines v1.5, v1.6, main' },
    { severity: 'warning', path: 'talos', message: 'platform line v1.3 has no such field and ignores it silently; it exists on lines v1.6, main' },
  ]);
  expect(schemaAt(lineSchema(h.PlatformLine.MAIN), ['nodeGroups', 'any', 'podCpuLimit'])).toBeDefined();
  expect(schemaAt(lineSchema(h.PlatformLine.V1_6), ['nodeGroups', 'any', 'podCpuLimit'])).toBeUndefined();
});
