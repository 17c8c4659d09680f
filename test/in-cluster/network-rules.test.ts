import { ApiObject, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as h from '../../src';
import { validateAgainstSchemas } from '../support/crds';
import { synthError } from '../support/errors';
import { parseYamlStream } from '../support/schemas';

function setup() {
  const app = Testing.app();
  const prod = new h.HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-acme',
    platformLine: h.PlatformLine.V1_6,
    nodeGroups: { md0: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_XLARGE, roles: [h.NodeRole.INGRESS_NGINX] }) },
    addons: [new h.IngressNginx()],
  });
  const chart = new h.TenantClusterChart(app, 'inside', { cluster: prod });
  return { app, prod, chart };
}

function deployment(chart: h.TenantClusterChart, id: string, namespace: string, port: number) {
  return new kplus.Deployment(chart, id, {
    metadata: { namespace },
    containers: [{ image: `example/${id}:1`, portNumber: port, securityContext: h.PodSecurity.restrictedContainerContext() }],
  });
}

const docsOf = (app: any) => parseYamlStream(app.synthYaml()).filter((d) => d.kind !== 'Kubernetes');
const policy = (docs: any[], name: string) => docs.find((d) => d.kind === 'NetworkPolicy' && d.metadata.name === name);
const nsSelector = (ns: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } });

describe('workload network rules', () => {
  // The documented journey: frontend may reach web on 80, web may reach the database on 5432.
  const s = setup();
  const front = new h.SecureNamespace(s.chart, 'front');
  // Room in the quota for the database's metrics exporter.
  const shop = new h.SecureNamespace(s.chart, 'shop', { allowWithinNamespace: false, quota: { requestsCpu: kplus.Cpu.units(6), limitsCpu: kplus.Cpu.units(10) } });
  const frontend = deployment(s.chart, 'frontend', 'front', 8080);
  const web = deployment(s.chart, 'web', 'shop', 80);
  const db = deployment(s.chart, 'db', 'shop', 5432);
  // The metrics exporter beside the database listens on the port monitoring scrapes.
  db.addContainer({
    image: 'example/postgres-exporter:1',
    portNumber: 9187,
    securityContext: h.PodSecurity.restrictedContainerContext(),
    resources: { cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) } },
  });
  shop.allowIngress('frontend-to-web', { to: web, from: frontend, ports: [80] });
  shop.allowEgress('web-to-db', { from: web, to: db, ports: [5432] });
  shop.allowIngress('monitoring-to-db', { to: db, fromNamespace: 'cozy-monitoring', ports: [9187] });
  const docs = docsOf(s.app);

  test('the receiver admits the sender\'s pods, selected by the workloads\' own labels', () => {
    expect(policy(docs, 'frontend-to-web-ingress')).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'frontend-to-web-ingress', namespace: 'shop' },
      spec: {
        podSelector: { matchLabels: web.matchLabels },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ ...nsSelector('front'), podSelector: { matchLabels: frontend.matchLabels } }], ports: [{ port: 80, protocol: 'TCP' }] }],
      },
    });
  });
  test('the sender, in a secure namespace too, may send: both sides are written', () => {
    expect(policy(docs, 'frontend-to-web-egress')).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'frontend-to-web-egress', namespace: 'front' },
      spec: {
        podSelector: { matchLabels: frontend.matchLabels },
        policyTypes: ['Egress'],
        egress: [{ to: [{ ...nsSelector('shop'), podSelector: { matchLabels: web.matchLabels } }], ports: [{ port: 80, protocol: 'TCP' }] }],
      },
    });
    expect(policy(docs, 'web-to-db-egress').metadata.namespace).toBe('shop');
    expect(policy(docs, 'web-to-db-ingress').spec.podSelector.matchLabels).toEqual(db.matchLabels);
  });
  test('a namespace as sender: only the receiving side', () => {
    expect(policy(docs, 'monitoring-to-db-ingress').spec.ingress[0].from).toEqual([nsSelector('cozy-monitoring')]);
    expect(policy(docs, 'monitoring-to-db-egress')).toBeUndefined();
  });
  test('without free traffic inside the namespace, the default deny admits only DNS, the ingress controller and declared rules', () => {
    const deny = docs.find((d) => d.kind === 'NetworkPolicy' && d.metadata.name === 'default-deny' && d.metadata.namespace === 'shop');
    expect(deny.spec.ingress.map((r: any) => r.from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name'])).toEqual(['cozy-ingress-nginx']);
    expect(deny.spec.egress).toHaveLength(1);
    expect(front).toBeDefined();
  });
  test('every object validates against the Kubernetes schemas', () => {
    expect(docs.flatMap(validateAgainstSchemas)).toEqual([]);
  });
  test('refused: a workload of another namespace, both or neither sender, bad ports and protocols', () => {
    const t = setup();
    const a = new h.SecureNamespace(t.chart, 'a');
    const x = deployment(t.chart, 'x', 'a', 80);
    const y = deployment(t.chart, 'y', 'b', 80);
    expect(() => a.allowIngress('r1', { to: y, from: x, ports: [80] })).toThrow('[inside/a] to: "b" is not valid; the workload must run in namespace a; add the rule to the SecureNamespace of b');
    expect(() => a.allowIngress('r2', { to: x, ports: [80] })).toThrow('[inside/a] from: undefined is not valid; set exactly one of from (a workload) and fromNamespace');
    expect(() => a.allowIngress('r3', { to: x, from: y, fromNamespace: 'b', ports: [80] })).toThrow('set exactly one of from (a workload) and fromNamespace');
    expect(() => a.allowEgress('r4', { from: x, to: y, ports: [] })).toThrow('[inside/a] ports: [] is not valid; expected a list of one or more ports from 1 to 65535');
    expect(() => a.allowEgress('r5', { from: x, to: y, ports: [70000] })).toThrow('ports: [70000] is not valid');
    expect(() => a.allowEgress('r6', { from: x, to: y, ports: [53], protocol: 'ICMP' as any })).toThrow('[inside/a] protocol: "ICMP" is not valid; allowed: TCP, UDP, SCTP');
    expect(() => a.allowIngress('r7', { to: x, fromNamespace: 'Monitoring', ports: [80] })).toThrow('[inside/a] fromNamespace: "Monitoring" is not valid');
  });
});

describe('pull secrets by reference', () => {
  test('on a secure namespace: its default ServiceAccount', () => {
    const s = setup();
    new h.SecureNamespace(s.chart, 'shop', { imagePullSecrets: ['registry-acme', 'registry-mirror'] });
    const sa = docsOf(s.app).find((d) => d.kind === 'ServiceAccount');
    expect(sa).toEqual({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'shop' }, imagePullSecrets: [{ name: 'registry-acme' }, { name: 'registry-mirror' }] });
    expect(validateAgainstSchemas(sa)).toEqual([]);
    expect(docsOf(s.app).some((d) => d.kind === 'Secret')).toBe(false);
  });
  test('on a workload, after the ones it has', () => {
    const s = setup();
    const web = new kplus.Deployment(s.chart, 'web', { containers: [{ image: 'registry.acme.example/web:1', portNumber: 80 }], dockerRegistryAuth: kplus.Secret.fromSecretName(s.chart, 'own', 'own-registry') });
    h.ImagePullSecrets.addToWorkload(web, ['registry-acme']);
    const other = new kplus.Deployment(s.chart, 'other', { containers: [{ image: 'registry.acme.example/other:1', portNumber: 80 }] });
    h.ImagePullSecrets.addToWorkload(other, ['registry-acme']);
    const docs = docsOf(s.app).filter((d) => d.kind === 'Deployment');
    expect(docs[0].spec.template.spec.imagePullSecrets).toEqual([{ name: 'own-registry' }, { name: 'registry-acme' }]);
    expect(docs[1].spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry-acme' }]);
    expect(docs.flatMap(validateAgainstSchemas)).toEqual([]);
  });
  test('refused: a string instead of a list, bad names, not a workload', () => {
    const s = setup();
    const web = new kplus.Deployment(s.chart, 'web', { containers: [{ image: 'x:1', portNumber: 80 }] });
    expect(() => h.ImagePullSecrets.addToWorkload(web, 'registry-acme' as any)).toThrow('[inside/web] imagePullSecrets: "registry-acme" is not valid; expected a list of Secret names');
    expect(() => h.ImagePullSecrets.addToWorkload(web, ['Registry ACME'])).toThrow('imagePullSecrets: ["Registry ACME"] is not valid');
    expect(() => h.ImagePullSecrets.addToWorkload('web' as any, ['a'])).toThrow('[ImagePullSecrets.addToWorkload] workload: "string" is not valid');
    expect(() => new h.SecureNamespace(s.chart, 'shop', { imagePullSecrets: [] })).toThrow('[inside/shop] imagePullSecrets: [] is not valid');
  });
});

describe('pods fit a node', () => {
  test('a workload requesting more than any node it may run on can allocate is refused', () => {
    const s = setup();
    new h.SecureNamespace(s.chart, 'shop');
    new kplus.Deployment(s.chart, 'big', {
      metadata: { namespace: 'shop' },
      containers: [{ image: 'x:1', portNumber: 80, securityContext: h.PodSecurity.restrictedContainerContext(), resources: { cpu: { request: kplus.Cpu.units(4) }, memory: { request: Size.gibibytes(2) } } }],
    });
    expect(synthError(s.app)).toContain('[inside] Deployment inside-big resources.requests: "4000m CPU, 2048Mi per pod" is not valid; no node group it may run on can allocate that after kubelet reservations (md0 3600m CPU, 13598Mi)');
  });
  test('placement is respected: a node selector narrows the groups', () => {
    const build = (pin: boolean) => {
      const s = setup();
      s.prod.addNodeGroup('big', { instanceType: h.InstanceType.U1_4XLARGE, roles: [h.NodeRole.of('big')] });
      new h.SecureNamespace(s.chart, 'shop', { quota: { requestsCpu: kplus.Cpu.units(16) } });
      const job = new kplus.Deployment(s.chart, 'job', {
        metadata: { namespace: 'shop' },
        containers: [{ image: 'x:1', portNumber: 80, securityContext: h.PodSecurity.restrictedContainerContext(), resources: { cpu: { request: kplus.Cpu.units(8) }, memory: { request: Size.gibibytes(2) } } }],
      });
      if (pin) ApiObject.of(job).addJsonPatch(JsonPatch.add('/spec/template/spec/nodeSelector', { 'node-role.kubernetes.io/ingress-nginx': '' }));
      return s;
    };
    expect(() => docsOf(build(false).app)).not.toThrow();
    expect(synthError(build(true).app)).toContain('no node group it may run on can allocate that after kubelet reservations (md0 3600m CPU');
  });
  test('a selector no group carries is refused', () => {
    const s = setup();
    new h.SecureNamespace(s.chart, 'shop');
    const job = new kplus.Deployment(s.chart, 'job', { metadata: { namespace: 'shop' }, containers: [{ image: 'x:1', portNumber: 80, securityContext: h.PodSecurity.restrictedContainerContext() }] });
    ApiObject.of(job).addJsonPatch(JsonPatch.add('/spec/template/spec/nodeSelector', { gpu: 'on' }));
    expect(synthError(s.app)).toContain('[inside] Deployment inside-job nodeSelector: {"gpu":"on"} is not valid; no node group of cluster prod with nodes carries these labels');
  });
});

describe('SecureNamespace input', () => {
  test('Pod Security level, quotas and subjects are checked at run time', () => {
    const s = setup();
    expect(() => new h.SecureNamespace(s.chart, 'a', { podSecurity: 'Restricted' as any })).toThrow('[inside/a] podSecurity: the string "Restricted" is not valid; expected one of PodSecurityLevel.RESTRICTED ("restricted"), PodSecurityLevel.BASELINE ("baseline"), PodSecurityLevel.PRIVILEGED ("privileged"); did you mean PodSecurityLevel.RESTRICTED');
    expect(() => new h.SecureNamespace(s.chart, 'b', { quota: { requestsCpu: kplus.Cpu.units(-1) } })).toThrow('[inside/b] quota.requestsCpu: "-1" is not valid; expected a Cpu of 0 or more');
    expect(() => new h.SecureNamespace(s.chart, 'c', { quota: { limitsMemory: '8Gi' as any } })).toThrow('[inside/c] quota.limitsMemory: the string "8Gi" is not valid; expected a Size');
    expect(() => h.AccessSubject.user('')).toThrow('AccessSubject.user: "" is not valid; expected a non-empty name');
    expect(() => h.AccessSubject.group(undefined as any)).toThrow('AccessSubject.group: undefined is not valid');
    expect(() => h.AccessSubject.serviceAccount('cozy-fluxcd', '')).toThrow('[AccessSubject.serviceAccount] name: "" is not valid');
    expect(() => new h.SecureNamespace(s.chart, 'd', { admins: h.AccessSubject.group('ops') as any })).toThrow('[inside/d] admins: an AccessSubject is not valid; expected a list (each: AccessSubject)');
    new h.SecureNamespace(s.chart, 'e', { quota: { pods: -1 } });
    expect(synthError(s.app)).toContain('[inside/e] quota.pods: -1 is not valid; expected a whole number, 0 or more');
  });
});
