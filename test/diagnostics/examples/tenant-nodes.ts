import { App } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as h from '../../../src';
import { libraryCodes, RuleExample } from '../rule-example';

const main = (app: App, props: Partial<h.HikubeClusterProps> = {}) => new h.HikubeCluster(app, 'prod', {
  tenantNamespace: 'tenant-acme', platformLine: h.PlatformLine.MAIN, nodeGroups: { workers: h.NodeGroupSpec.of() }, ...props,
});

export const EXAMPLES: RuleExample[] = [
  {
    rule: 'HK-TENANT-NAME',
    title: 'Hikube\'s own example names its tenant tenant-u1; the platform splits names on dashes',
    failing: () => libraryCodes((app) => new h.Tenant(app, 'tenant-u1')),
    valid: () => libraryCodes((app) => new h.Tenant(app, 'u1')),
  },
  {
    rule: 'HK-TENANT',
    title: 'a quota that is no Kubernetes quantity',
    failing: () => libraryCodes((app) => new h.Tenant(app, 'acme', { resourceQuotas: { memory: '16 GB' } })),
    valid: () => libraryCodes((app) => new h.Tenant(app, 'acme', { resourceQuotas: { memory: '16Gi' } })),
  },
  {
    rule: 'HK-TENANT-HOST',
    title: 'a tenant host on v1.6, where only cluster administrators may set it',
    failing: () => libraryCodes((app) => new h.Tenant(app, 'acme', { platformLine: h.PlatformLine.V1_6, host: 'acme.example.org' })),
    valid: () => libraryCodes((app) => new h.Tenant(app, 'acme', { platformLine: h.PlatformLine.V1_6 })),
  },
  {
    rule: 'HK-TENANT-QUOTA',
    title: 'a child tenant asking for more memory than its parent declares',
    failing: () => libraryCodes((app) => new h.Tenant(app, 'dev', { parent: new h.Tenant(app, 'acme', { resourceQuotas: { memory: '8Gi' } }), resourceQuotas: { memory: '16Gi' } })),
    valid: () => libraryCodes((app) => new h.Tenant(app, 'dev', { parent: new h.Tenant(app, 'acme', { resourceQuotas: { memory: '32Gi' } }), resourceQuotas: { memory: '16Gi' } })),
  },
  {
    rule: 'HK-TENANT-INHERITED',
    title: 'a child tenant\'s scheduling class, ignored under a parent that has one',
    failing: () => libraryCodes((app) => new h.Tenant(app, 'dev', { parent: new h.Tenant(app, 'acme', { schedulingClass: 'gold' }), schedulingClass: 'silver' })),
    valid: () => libraryCodes((app) => new h.Tenant(app, 'dev', { parent: new h.Tenant(app, 'acme'), schedulingClass: 'silver' })),
  },
  {
    rule: 'HK-CLUSTER-TENANT',
    title: 'a cluster given its tenant and a namespace',
    failing: () => libraryCodes((app) => new h.HikubeCluster(app, 'prod', { tenant: new h.Tenant(app, 'acme'), tenantNamespace: 'tenant-acme' })),
    valid: () => libraryCodes((app) => new h.HikubeCluster(app, 'prod', { tenant: new h.Tenant(app, 'acme') })),
  },
  {
    rule: 'HK-NODES-NAME',
    title: 'a pool whose resource name <cluster>-<pool> passes 36 characters',
    failing: () => libraryCodes((app) => new h.KubernetesNodes(app, 'pool', { cluster: main(app), pool: 'gpu-workers-for-the-training-jobs' })),
    valid: () => libraryCodes((app) => new h.KubernetesNodes(app, 'pool', { cluster: main(app), pool: 'gpu-training' })),
  },
  {
    rule: 'HK-NODES-POOL',
    title: 'a pool named md0 next to a cluster that declares no group, so the platform renders its own md0',
    failing: () => libraryCodes((app) => new h.KubernetesNodes(app, 'md0', { cluster: main(app, { nodeGroups: {} }) })),
    valid: () => libraryCodes((app) => new h.KubernetesNodes(app, 'md1', { cluster: main(app, { nodeGroups: {} }) })),
  },
  {
    rule: 'HK-NODES-BINDING',
    title: 'a pool on another Kubernetes version than its cluster',
    failing: () => libraryCodes((app) => new h.KubernetesNodes(app, 'gpu', { cluster: main(app, { version: h.KubernetesVersion.V1_34 }), version: h.KubernetesVersion.V1_35 })),
    valid: () => libraryCodes((app) => new h.KubernetesNodes(app, 'gpu', { cluster: main(app, { version: h.KubernetesVersion.V1_34 }) })),
  },
  {
    rule: 'HK-NODES-SERVED',
    title: 'a pool on line v1.6, whose platforms from v1.6.1 no longer serve KubernetesNodes',
    failing: () => libraryCodes((app) => new h.KubernetesNodes(app, 'gpu', { cluster: main(app, { platformLine: h.PlatformLine.V1_6 }) })),
    valid: () => libraryCodes((app) => new h.KubernetesNodes(app, 'gpu', { cluster: main(app, { platformLine: h.PlatformLine.V1_6 }), platformServes: true })),
  },
  {
    rule: 'HK-NODES-STORAGE-CLASS',
    title: 'a pool of a cluster on another storage class, which the pool does not take',
    failing: () => libraryCodes((app) => new h.KubernetesNodes(app, 'gpu', { cluster: main(app, { storageClass: 'local' }) })),
    valid: () => libraryCodes((app) => new h.KubernetesNodes(app, 'gpu', { cluster: main(app, { storageClass: 'local' }), storageClass: 'local' })),
  },
];

function bucketAccess(container: string): string[] {
  return libraryCodes((app) => {
    const prod = new h.HikubeCluster(app, 'prod', { tenantNamespace: 'tenant-acme', platformLine: h.PlatformLine.V1_6, nodeGroups: { md0: h.NodeGroupSpec.of() } });
    const bucket = new h.Bucket(prod, 'media', { users: { app: h.BucketUser.of() } });
    const inside = new h.TenantClusterChart(app, 'inside', { cluster: prod });
    const web = new kplus.Deployment(inside, 'web', { containers: [{ name: 'app', image: 'registry.acme.example/shop:1.0', portNumber: 8080 }] });
    new h.BucketAccess(inside, 'keys', { credentials: bucket.credentials('app'), workload: web, container });
  });
}

EXAMPLES.push({
  rule: 'HK-BUCKET-ACCESS',
  title: 'bucket keys for a container the workload does not have',
  failing: () => bucketAccess('web'),
  valid: () => bucketAccess('app'),
});
