import { ApiObject, App, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as h from '../../src';
import { HikubeValidationError } from '../../src/errors';

/**
 * A network rule that opens a port where the receiving pods listen on none admits traffic to a closed port
 * and leaves the real one denied: refused, for the library's rules and for NetworkPolicies of the chart.
 */

function setup(app: App = Testing.app(), name = 'prod', chartId = 'inside') {
  const cluster = new h.HikubeCluster(app, name, {
    tenantNamespace: 'tenant-acme',
    platformLine: h.PlatformLine.V1_6,
    nodeGroups: { md0: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_XLARGE }) },
  });
  return { app, chart: new h.TenantClusterChart(app, chartId, { cluster }) };
}

/** A Deployment whose one container declares the given ports (none: a container that declares no port). */
function deployment(chart: h.TenantClusterChart, id: string, namespace: string, ports: kplus.ContainerPort[]) {
  return new kplus.Deployment(chart, id, {
    metadata: { namespace },
    replicas: 1,
    containers: [{ image: `example/${id}:1`, ports, securityContext: h.PodSecurity.restrictedContainerContext() }],
  });
}

function errorsOf(app: App): string[] {
  try {
    app.synthYaml();
  } catch (e) {
    if (e instanceof HikubeValidationError) return e.problems.map((p) => `${p.rule} [${p.path}] ${p.message}`);
    throw e;
  }
  return [];
}

const CLOSED = 'the rule admits traffic to a closed port while the port the pods listen on stays denied';

describe('workload network rules', () => {
  test('a Service port where the pods listen on their container port', () => {
    const s = setup();
    const shop = new h.SecureNamespace(s.chart, 'shop');
    const web = deployment(s.chart, 'web', 'shop', [{ number: 8080 }]);
    shop.allowIngress('from-edge', { to: web, fromNamespace: 'edge', ports: [80] });
    expect(errorsOf(s.app)).toEqual([
      `HK-NETWORK-PORT [inside/shop] from-edge.ports: 80 is not valid; the containers of Deployment inside-web listen on 8080, not 80: ${CLOSED}; use the container port (8080), not a Service port`,
    ]);
  });

  test('each port that no container declares, once for a rule written on both sides', () => {
    const s = setup();
    const front = new h.SecureNamespace(s.chart, 'front');
    const shop = new h.SecureNamespace(s.chart, 'shop');
    const frontend = deployment(s.chart, 'frontend', 'front', [{ number: 3000 }]);
    const db = deployment(s.chart, 'db', 'shop', [{ number: 5432 }, { number: 9187, name: 'metrics' }]);
    front.allowEgress('frontend-to-db', { from: frontend, to: db, ports: [5432, 9187, 6432] });
    expect(shop.namespaceName).toBe('shop');
    expect(errorsOf(s.app)).toEqual([
      `HK-NETWORK-PORT [inside/front] frontend-to-db.ports: 6432 is not valid; the containers of Deployment inside-db listen on 5432, 9187, not 6432: ${CLOSED}; use the container port (5432 or 9187), not a Service port`,
    ]);
  });

  test('the protocol counts: a UDP rule for a port the pods declare over TCP', () => {
    const s = setup();
    const infra = new h.SecureNamespace(s.chart, 'infra');
    const dns = deployment(s.chart, 'dns', 'infra', [{ number: 5353, protocol: kplus.Protocol.TCP }]);
    infra.allowIngress('resolvers', { to: dns, fromNamespace: 'shop', ports: [5353], protocol: kplus.NetworkProtocol.UDP });
    expect(errorsOf(s.app)).toEqual([
      `HK-NETWORK-PORT [inside/infra] resolvers.ports: 5353 is not valid; the containers of Deployment inside-dns listen on 5353, not 5353/UDP: ${CLOSED}; use the container port (5353), not a Service port`,
    ]);
  });

  test('valid: the container ports, over their protocol', () => {
    const s = setup();
    const infra = new h.SecureNamespace(s.chart, 'infra');
    const dns = deployment(s.chart, 'dns', 'infra', [{ number: 5353, protocol: kplus.Protocol.UDP }, { number: 5353 }]);
    infra.allowIngress('resolvers-udp', { to: dns, fromNamespace: 'shop', ports: [5353], protocol: kplus.NetworkProtocol.UDP });
    infra.allowIngress('resolvers-tcp', { to: dns, fromNamespace: 'shop', ports: [5353] });
    expect(errorsOf(s.app)).toEqual([]);
  });

  test('valid: containers that declare no port are not judged', () => {
    const s = setup();
    const shop = new h.SecureNamespace(s.chart, 'shop');
    const web = deployment(s.chart, 'web', 'shop', []);
    shop.allowIngress('from-edge', { to: web, fromNamespace: 'edge', ports: [80] });
    expect(errorsOf(s.app)).toEqual([]);
  });

  test('a container added after the rule counts: the check reads the pods at synth', () => {
    const s = setup();
    const shop = new h.SecureNamespace(s.chart, 'shop', { quota: { requestsCpu: kplus.Cpu.units(8), limitsCpu: kplus.Cpu.units(16) } });
    const db = deployment(s.chart, 'db', 'shop', [{ number: 5432 }]);
    shop.allowIngress('monitoring', { to: db, fromNamespace: 'cozy-monitoring', ports: [9187] });
    db.addContainer({ image: 'example/exporter:1', portNumber: 9187, securityContext: h.PodSecurity.restrictedContainerContext() });
    expect(errorsOf(s.app)).toEqual([]);
  });
});

describe('NetworkPolicies of the chart, cdk8s-plus\'s or written by hand', () => {
  test('cdk8s-plus policies, ingress and egress', () => {
    const s = setup();
    const web = deployment(s.chart, 'web', 'shop', [{ number: 8080 }]);
    const front = deployment(s.chart, 'front', 'front', [{ number: 3000 }]);
    new kplus.NetworkPolicy(s.chart, 'web-in', { metadata: { namespace: 'shop' }, selector: web }).addIngressRule(front, [kplus.NetworkPolicyPort.tcp(80)]);
    new kplus.NetworkPolicy(s.chart, 'front-out', { metadata: { namespace: 'front' }, selector: front }).addEgressRule(web, [kplus.NetworkPolicyPort.tcp(8080), kplus.NetworkPolicyPort.tcp(443)]);
    expect(errorsOf(s.app)).toEqual([
      `HK-NETWORK-PORT [inside] NetworkPolicy inside-web-in spec.ingress[0].ports[0].port: 80 is not valid; the containers of Deployment inside-web listen on 8080, not 80: ${CLOSED}; use the container port (8080), not a Service port`,
      `HK-NETWORK-PORT [inside] NetworkPolicy inside-front-out spec.egress[0].ports[1].port: 443 is not valid; the containers of Deployment inside-web listen on 8080, not 443: ${CLOSED}; use the container port (8080), not a Service port`,
    ]);
  });

  test('cdk8s-plus connections write both sides; each side is reported where it is', () => {
    const s = setup();
    const web = deployment(s.chart, 'web', 'shop', [{ number: 8080 }]);
    const front = deployment(s.chart, 'front', 'front', [{ number: 3000 }]);
    web.connections.allowFrom(front, { ports: [kplus.NetworkPolicyPort.tcp(80)] });
    const errors = errorsOf(s.app);
    expect(errors.map((e) => e.slice(0, e.indexOf(': 80 is not valid')))).toEqual([
      'HK-NETWORK-PORT [inside] NetworkPolicy allowingressc88b249708893ab534bc962b449b0e2f3bae42067b spec.ingress[0].ports[0].port',
      'HK-NETWORK-PORT [inside] NetworkPolicy allowegressfrontc88b249708893ab534bc962b449b0e2f3bae42 spec.egress[0].ports[0].port',
    ]);
  });

  test('a policy written by hand: named ports, ranges, several workloads selected', () => {
    const s = setup();
    const api = deployment(s.chart, 'api', 'shop', [{ number: 8080, name: 'http' }]);
    const worker = deployment(s.chart, 'worker', 'shop', [{ number: 9000, name: 'grpc' }]);
    worker.podMetadata.addLabel('tier', 'backend');
    api.podMetadata.addLabel('tier', 'backend');
    const policy = (id: string, ports: any[]) => new ApiObject(s.chart, id, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: id, namespace: 'shop' },
      spec: { podSelector: { matchLabels: { tier: 'backend' } }, policyTypes: ['Ingress'], ingress: [{ ports }] },
    });
    policy('named', [{ port: 'http' }, { port: 'grpc' }, { port: 'metrics' }]);
    policy('ranges', [{ port: 8000, endPort: 8100 }, { port: 9100, endPort: 9200 }]);
    policy('numbers', [{ port: 9000 }, { port: 8080, protocol: 'SCTP' }]);
    expect(errorsOf(s.app)).toEqual([
      `HK-NETWORK-PORT [inside] NetworkPolicy named spec.ingress[0].ports[2].port: "metrics" is not valid; the containers of Deployment inside-api, Deployment inside-worker listen on 8080, 9000, not the port named metrics: ${CLOSED}; use the container port (8080 or 9000), not a Service port`,
      `HK-NETWORK-PORT [inside] NetworkPolicy ranges spec.ingress[0].ports[1].port: 9100 is not valid; the containers of Deployment inside-api, Deployment inside-worker listen on 8080, 9000, not 9100-9200: ${CLOSED}; use the container port (8080 or 9000), not a Service port`,
      `HK-NETWORK-PORT [inside] NetworkPolicy numbers spec.ingress[0].ports[1].port: 8080 is not valid; the containers of Deployment inside-api, Deployment inside-worker listen on 8080, 9000, not 8080/SCTP: ${CLOSED}; use the container port (8080 or 9000), not a Service port`,
    ]);
  });

  test('valid: what the check cannot resolve is left alone', () => {
    const s = setup();
    const web = deployment(s.chart, 'web', 'shop', [{ number: 8080 }]);
    deployment(s.chart, 'quiet', 'shop', []);
    const raw = (id: string, spec: any) => new ApiObject(s.chart, id, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: id, namespace: 'shop' }, spec });
    const labels = { ...web.matchLabels };
    // Every pod of the namespace, label expressions, a pod that declares no port among those selected.
    raw('all-pods', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] });
    raw('expressions', { podSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, ingress: [{ ports: [{ port: 80 }] }] });
    raw('any-port', { podSelector: { matchLabels: labels }, ingress: [{ from: [{ podSelector: {} }] }] });
    raw('nothing-selected', { podSelector: { matchLabels: { app: 'elsewhere' } }, ingress: [{ ports: [{ port: 80 }] }] });
    // Egress to an IP block, to a whole namespace, to a namespace chosen by other labels, to every destination.
    raw('to-ip', { podSelector: { matchLabels: labels }, egress: [{ to: [{ podSelector: { matchLabels: labels } }, { ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 443 }] }] });
    raw('to-namespace', { podSelector: { matchLabels: labels }, egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }], ports: [{ port: 443 }] }] });
    raw('to-team', { podSelector: { matchLabels: labels }, egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'shop' } }, podSelector: { matchLabels: labels } }], ports: [{ port: 443 }] }] });
    raw('anywhere', { podSelector: { matchLabels: labels }, egress: [{ ports: [{ port: 443 }] }] });
    expect(errorsOf(s.app)).toEqual([]);
  });

  test('valid: a workload of another cluster with the same labels is not one of this cluster\'s pods', () => {
    const app = Testing.app();
    const a = setup(app, 'a', 'inside-a');
    const b = setup(app, 'b', 'inside-b');
    const web = deployment(a.chart, 'web', 'shop', [{ number: 8080 }]);
    new ApiObject(b.chart, 'policy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'web-in', namespace: 'shop' },
      spec: { podSelector: { matchLabels: { ...web.matchLabels } }, ingress: [{ ports: [{ port: 80 }] }] },
    });
    expect(errorsOf(app)).toEqual([]);
  });

  test('workloads of other charts of the cluster, a CronJob among them', () => {
    const s = setup();
    const jobs = new h.TenantClusterChart(s.app, 'jobs', { cluster: s.chart.cluster });
    new ApiObject(jobs, 'report', {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'report', namespace: 'shop' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { metadata: { labels: { app: 'report' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'r', image: 'example/report:1', ports: [{ containerPort: 9090 }] }] } } } } },
    });
    new ApiObject(s.chart, 'policy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'report-in', namespace: 'shop' },
      spec: { podSelector: { matchLabels: { app: 'report' } }, ingress: [{ ports: [{ port: 9091 }] }] },
    });
    expect(errorsOf(s.app)).toEqual([
      `HK-NETWORK-PORT [inside] NetworkPolicy report-in spec.ingress[0].ports[0].port: 9091 is not valid; the containers of CronJob report listen on 9090, not 9091: ${CLOSED}; use the container port (9090), not a Service port`,
    ]);
  });
});
