import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Node } from 'constructs';
import * as h from '../../src';

/**
 * The checks across objects (namespaces, backups, Git sources, host owners) must not walk the whole app
 * once per cluster: a fleet would grow with the square of its clusters. Counting visits of the construct
 * tree instead of timing keeps the test exact on any machine: four times the clusters must cost about four
 * times the visits.
 */

/** One cluster of a fleet with every construct whose checks read other objects of the app. */
function addCluster(app: h.HikubeApp, i: number): void {
  const name = `c${i}`;
  const repo = 'https://git.example.com/platform/fleet.git';
  const cluster = new h.HikubeCluster(app, name, {
    tenantNamespace: 'tenant-fleet',
    platformLine: h.PlatformLine.V1_6,
    nodeGroups: { md0: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_XLARGE, minReplicas: 2, roles: [h.NodeRole.INGRESS_NGINX] }) },
    addons: [
      new h.CertManager(),
      new h.IngressNginx({ hosts: [`shop.${name}.example.com`] }),
      new h.Flux({ bootstrap: { url: repo, path: `./clusters/${name}` } }),
      new h.Velero({ backupLocation: { s3BucketName: 'bucket-3f9a7c2e-5b1d-4e8a-9c6f-2d4b8e1a7f05', credentialsSecret: 'velero-bucket', prefix: name } }),
    ],
  });
  new h.ClusterApiRendering(app, `${name}-cluster-api`, { cluster, platform: { tenantHost: 'fleet.hikube.example' } });
  const inside = new h.TenantClusterChart(app, `${name}-inside`, { cluster });
  const issuer = new h.LetsEncryptIssuer(inside, 'letsencrypt', { email: 'ops@acme-shop.ch' });
  const shop = new h.SecureNamespace(inside, 'shop', { admins: [h.AccessSubject.group('shop-admins')] });
  const data = new h.ReplicatedVolumeClaim(inside, 'data', { namespace: shop.namespaceName, size: Size.gibibytes(5) });
  const web = new kplus.Deployment(inside, 'web', {
    metadata: { namespace: shop.namespaceName },
    containers: [{
      image: 'nginxinc/nginx-unprivileged:1.27',
      portNumber: 8080,
      securityContext: h.PodSecurity.restrictedContainerContext(),
      volumeMounts: [{ path: '/data', volume: kplus.Volume.fromPersistentVolumeClaim(inside, 'data-volume', data.claim) }],
    }],
  });
  new h.ExposedService(inside, 'site', { workload: web, port: 8080, host: `shop.${name}.example.com`, issuer });
  shop.allowIngress('from-monitoring', { to: web, fromNamespace: 'cozy-monitoring', ports: [8080] });
  new kplus.Ingress(inside, 'legacy', {
    metadata: { namespace: shop.namespaceName, annotations: { 'cert-manager.io/cluster-issuer': issuer.issuerName } },
    rules: [{ host: `legacy.${name}.example.com`, backend: kplus.IngressBackend.fromService(web.exposeViaService({ name: 'legacy', ports: [{ port: 8080 }] })) }],
  });
  const nightly = new h.BackupSchedule(inside, 'nightly', { namespaces: [shop.namespaceName] });
  new h.Restore(inside, 'restore', { fromSchedule: nightly });
  new h.GitOpsSync(inside, 'apps', { url: repo, path: `./clusters/${name}/inside` });
}

/** Visits of construct children during one synth of a fleet of `clusters`. */
function visitsToSynth(clusters: number): number {
  const app = new h.HikubeApp({ printWarnings: false });
  for (let i = 0; i < clusters; i++) addCluster(app, i);
  const children = Object.getOwnPropertyDescriptor(Node.prototype, 'children')!;
  let visits = 0;
  Object.defineProperty(Node.prototype, 'children', {
    configurable: true,
    get(this: Node) {
      visits++;
      return children.get!.call(this);
    },
  });
  try {
    app.synthYaml();
  } finally {
    Object.defineProperty(Node.prototype, 'children', children);
  }
  return visits;
}

test('synthesis visits the construct tree in proportion to the clusters', () => {
  const small = visitsToSynth(5);
  const large = visitsToSynth(20);
  expect(small).toBeGreaterThan(0);
  // Linear gives 4x; a walk of the app per cluster gives close to 16x.
  expect(large / small).toBeLessThan(4.5);
});
