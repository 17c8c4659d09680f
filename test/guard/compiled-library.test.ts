/**
 * The compiled library tells its classes apart by the fqn jsii records on each of them; the TypeScript
 * sources, which the other suites run, carry no such record and go by class name. These cases run the
 * lib/ that `npm test` compiles first.
 */
import { App, Chart } from 'cdk8s';
import * as h from '../../lib';

const errorOf = (build: () => unknown): string => {
  try {
    build();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

test('an instance of a class or of a subclass passes', () => {
  class PinnedCertManager extends h.CertManager {}
  expect(errorOf(() => new h.HikubeCluster(new App(), 'prod', { addons: [new h.CertManager()] }))).toBe('no error');
  expect(errorOf(() => new h.HikubeCluster(new App(), 'prod', { addons: [new PinnedCertManager()] }))).toBe('no error');
});

test('the class itself, a plain object and a foreign class of the same name are refused', () => {
  expect(errorOf(() => new h.HikubeCluster(new App(), 'prod', { addons: [h.CertManager as any] })))
    .toContain('addons[0]: the class CertManager itself is not valid; expected an Addon: create one with new CertManager(...)');
  expect(errorOf(() => new h.HikubeCluster(new App(), 'prod', { addons: [{ key: 'certManager' } as any] })))
    .toContain('addons[0]: a plain object is not valid; expected an Addon: create one of');
  class HikubeCluster extends Chart {}
  expect(errorOf(() => new h.ClusterApiRendering(new App(), 'capi', { cluster: new HikubeCluster(new App(), 'prod') as any })))
    .toContain('cluster: a HikubeCluster is not valid; expected a HikubeCluster');
});

test('enum values are checked against the enums the caller passes', () => {
  expect(errorOf(() => new h.HikubeCluster(new App(), 'prod', { platformLine: h.PlatformLine.V1_6, oidc: { mode: 'system' as any } })))
    .toContain('oidc.mode: the string "system" is not valid; expected one of OidcMode.NONE ("None")');
});
