import { App, JsonPatch } from 'cdk8s';
import * as YAML from 'yaml';
import * as h from '../../src';
import { checkSpecAgainstLine } from '../../src/tenant/line-schema';

/**
 * `constructor` is a valid node group name, label key and values key, but cdk8s's sanitizer reads
 * `obj.constructor.name` and refuses any map holding that key: the tenant resource renders it anyway.
 */
function build(line: h.PlatformLine, extra: Partial<h.HikubeClusterProps> = {}): { app: App; cluster: h.HikubeCluster } {
  const app = new App();
  const cluster = new h.HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-acme',
    platformLine: line,
    nodeGroups: {
      constructor: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_LARGE }),
      a: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_MEDIUM }),
      md0: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_LARGE }),
    },
    ...extra,
  });
  return { app, cluster };
}

function documentOf(app: App): any {
  return YAML.parseAllDocuments(app.synthYaml())[0].toJS();
}

describe('names cdk8s cannot render by itself', () => {
  test.each(h.PlatformLine.all().map((l) => [l.name, l] as const))('a node group named constructor synthesizes and passes the schema of %s', (_name, line) => {
    const { app } = build(line);
    const doc = documentOf(app);
    expect(Object.keys(doc.spec.nodeGroups)).toEqual(['a', 'constructor', 'md0']);
    expect(doc.spec.nodeGroups.constructor.instanceType).toBe('u1.large');
    expect(checkSpecAgainstLine(doc.spec, line).filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('a label key and a values key named constructor are written as given', () => {
    const { app } = build(h.PlatformLine.V1_6, {
      labels: { constructor: 'yes', team: 'shop' },
      annotations: { constructor: 'kept' },
      addons: [new h.CertManager({ valuesOverride: { 'cert-manager': { podLabels: { constructor: 'yes' } } } })],
    });
    const doc = documentOf(app);
    expect(doc.metadata.labels).toEqual({ constructor: 'yes', team: 'shop' });
    expect(doc.metadata.annotations).toEqual({ constructor: 'kept' });
    expect(doc.spec.addons.certManager.valuesOverride['cert-manager'].podLabels).toEqual({ constructor: 'yes' });
  });

  test('a JSON patch reaches below a group named constructor', () => {
    const { app, cluster } = build(h.PlatformLine.V1_6);
    cluster.resource.addJsonPatch(JsonPatch.replace('/spec/nodeGroups/constructor/maxReplicas', 3));
    expect(documentOf(app).spec.nodeGroups.constructor.maxReplicas).toBe(3);
  });

  test('the output is the same on every synth', () => {
    const { app } = build(h.PlatformLine.V1_6, { labels: { constructor: 'yes' } });
    expect(app.synthYaml()).toEqual(app.synthYaml());
  });
});
