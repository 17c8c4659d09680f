import * as path from 'path';
import { Testing } from 'cdk8s';
import * as kplus28 from 'cdk8s-plus-28';
import * as kplus33 from 'cdk8s-plus-33';
import * as ts from 'typescript';
import * as h from '../../src';
import { validateAgainstSchemas } from '../support/crds';
import { parseYamlStream } from '../support/schemas';

// Jest transpiles without type-checking, so this file is also compiled: passing each line's workloads
// must type-check, not only run.
test('workloads from cdk8s-plus-28 and cdk8s-plus-33 type-check as IWorkload', () => {
  const config = ts.readConfigFile(path.join(__dirname, '..', 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, path.join(__dirname, '..'));
  const program = ts.createProgram([__filename], { ...parsed.options, noEmit: true });
  const errors = ts.getPreEmitDiagnostics(program, program.getSourceFile(__filename))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  expect(errors).toEqual([]);
});

function setup() {
  const app = Testing.app();
  const cluster = new h.HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-acme',
    nodeGroups: { web: h.NodeGroupSpec.of({ roles: [h.NodeRole.INGRESS_NGINX], minReplicas: 1 }) },
    addons: [new h.CertManager(), new h.IngressNginx({ hosts: ['shop.acme.example'] })],
  });
  const chart = new h.TenantClusterChart(app, 'inside', { cluster });
  const issuer = new h.LetsEncryptIssuer(chart, 'le', { email: 'ops@acme-shop.ch' });
  return { app, chart, issuer };
}

const container = { image: 'nginxinc/nginx-unprivileged:1.27', portNumber: 8080 };

describe.each([
  ['cdk8s-plus-28', 'Deployment', (s: h.TenantClusterChart) => new kplus28.Deployment(s, 'web', { metadata: { namespace: 'shop' }, containers: [container] })],
  ['cdk8s-plus-28', 'StatefulSet', (s: h.TenantClusterChart) => new kplus28.StatefulSet(s, 'web', {
    metadata: { namespace: 'shop' }, containers: [container], service: new kplus28.Service(s, 'headless', { metadata: { namespace: 'shop' }, clusterIP: 'None', ports: [{ port: 8080 }] }),
  })],
  ['cdk8s-plus-33', 'Deployment', (s: h.TenantClusterChart) => new kplus33.Deployment(s, 'web', { metadata: { namespace: 'shop' }, containers: [container] })],
  ['cdk8s-plus-33', 'StatefulSet', (s: h.TenantClusterChart) => new kplus33.StatefulSet(s, 'web', {
    metadata: { namespace: 'shop' }, containers: [container], service: new kplus33.Service(s, 'headless', { metadata: { namespace: 'shop' }, clusterIP: 'None', ports: [{ port: 8080 }] }),
  })],
])('ExposedService takes a %s %s', (_line, _kind, make) => {
  test('selects its pods, in its namespace, with schema-valid output', () => {
    const { app, chart, issuer } = setup();
    const workload: h.IWorkload = make(chart);
    new h.ExposedService(chart, 'site', { workload, port: 8080, host: 'shop.acme.example', issuer });
    const docs = parseYamlStream(app.synthYaml()).filter((d) => d.kind !== 'Kubernetes');
    const [service] = docs.filter((d) => d.kind === 'Service' && d.spec.type === 'ClusterIP' && d.spec.clusterIP !== 'None');
    const [ingress] = docs.filter((d) => d.kind === 'Ingress');
    const [owner] = docs.filter((d) => d.kind === workload.kind);
    expect(service.metadata.namespace).toBe('shop');
    expect(service.spec.selector).toEqual(owner.spec.selector.matchLabels);
    expect(service.spec.ports).toEqual([{ port: 80, targetPort: 8080 }]);
    expect(ingress.spec.rules[0].host).toBe('shop.acme.example');
    for (const doc of docs) expect(validateAgainstSchemas(doc)).toEqual([]);
  });
});

test('anything else is refused at runtime, naming the field', () => {
  const { chart } = setup();
  const notAWorkload = new kplus33.ConfigMap(chart, 'config') as unknown as h.IWorkload;
  expect(() => new h.ExposedService(chart, 'site', { workload: notAWorkload, port: 8080 })).toThrow(/workload: "?ConfigMap"? is not valid; expected a cdk8s-plus Deployment, StatefulSet or DaemonSet/);
  expect(() => new h.ExposedService(chart, 'other', { workload: {} as h.IWorkload, port: 8080 })).toThrow(/workload: "?Object"? is not valid/);
});
