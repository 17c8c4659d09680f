import { App, JsonPatch } from 'cdk8s';
import * as h from '../../../src';
import { checkCodes, libraryCodes, RuleExample } from '../rule-example';

/** A cluster with an ingress-role group and ingress-nginx routing `hosts` through the tenant ingress. */
function withHosts(app: App, id: string, hosts: string[], props: Partial<h.HikubeClusterProps> = {}): h.HikubeCluster {
  return new h.HikubeCluster(app, id, {
    tenantNamespace: 'tenant-acme',
    nodeGroups: { md0: h.NodeGroupSpec.of({ roles: [h.NodeRole.INGRESS_NGINX], minReplicas: 1 }) },
    addons: [new h.IngressNginx({ hosts })],
    ...props,
  });
}

/** Two clusters of tenants that each run their own ingress (acme and its child dev). */
function ownIngresses(blue: string[], green: string[]): () => string[] {
  return () => libraryCodes((app) => {
    const acme = new h.Tenant(app, 'acme', { ingress: true });
    const dev = new h.Tenant(app, 'dev', { parent: acme, ingress: true });
    withHosts(app, 'blue', blue, { tenantNamespace: undefined, tenant: acme });
    withHosts(app, 'green', green, { tenantNamespace: undefined, tenant: dev });
  });
}

/** A cluster on line v1.6 running Kubernetes v1.33 with image overrides. */
function images(overrides: h.ClusterImages): () => string[] {
  return () => libraryCodes((app) => withHosts(app, 'prod', [], { platformLine: h.PlatformLine.V1_6, version: h.KubernetesVersion.V1_33, images: overrides }));
}

/** A cluster whose tenant document gets JSON patches. */
function patched(...patches: JsonPatch[]): () => string[] {
  return () => libraryCodes((app) => withHosts(app, 'prod', [], { platformLine: h.PlatformLine.V1_6 }).resource.addJsonPatch(...patches));
}

/** A main-line cluster document, as `check` reads it. */
const CLUSTER = `apiVersion: apps.cozystack.io/v1alpha1
kind: Kubernetes
metadata:
  name: prod
  namespace: tenant-acme
spec:
  version: v1.34
  nodeGroups:
    md0:
      minReplicas: 1
      maxReplicas: 3
      instanceType: u1.large
      roles: [ingress-nginx]
`;

/** A pool of that cluster, with `extra` lines under its spec. */
function pool(extra = '', cluster = 'prod'): string {
  return `apiVersion: apps.cozystack.io/v1alpha1
kind: KubernetesNodes
metadata:
  name: prod-gpu
  namespace: tenant-acme
spec:
  cluster: ${cluster}
  minReplicas: 0
  maxReplicas: 2
  instanceType: u1.xlarge
${extra}`;
}

/** Tenant acme with quotas, and its child dev with `devSpec` lines under its spec. */
function tenants(devSpec: string): string {
  return `apiVersion: apps.cozystack.io/v1alpha1
kind: Tenant
metadata:
  name: acme
  namespace: tenant-root
spec:
  ingress: true
  resourceQuotas:
    cpu: 10
    memory: 32Gi
---
apiVersion: apps.cozystack.io/v1alpha1
kind: Tenant
metadata:
  name: dev
  namespace: tenant-acme
spec:
${devSpec}`;
}

export const EXAMPLES: RuleExample[] = [
  {
    rule: 'HK-INGRESS-HOST-SHARED',
    title: 'two clusters of one tenant namespace routing one host through its tenant ingress',
    failing: () => libraryCodes((app) => {
      withHosts(app, 'blue', ['shop.example.com']);
      withHosts(app, 'green', ['shop.example.com']);
    }),
    valid: () => libraryCodes((app) => {
      withHosts(app, 'blue', ['shop.example.com']);
      withHosts(app, 'green', ['beta.shop.example.com']);
    }),
  },
  {
    rule: 'HK-INGRESS-HOST-SHARED',
    title: 'the API server host of one cluster is an ingress host of another of the tenant',
    failing: () => libraryCodes((app) => {
      withHosts(app, 'blue', ['shop.example.com']);
      withHosts(app, 'green', [], { host: 'shop.example.com' });
    }),
    valid: () => libraryCodes((app) => {
      withHosts(app, 'blue', ['shop.example.com']);
      withHosts(app, 'green', [], { host: 'green.example.com' });
    }),
  },
  {
    rule: 'HK-INGRESS-HOST-OVERLAP',
    title: 'two tenants with ingresses of their own claiming one host: DNS points it at one of them',
    failing: ownIngresses(['shop.example.com'], ['shop.example.com']),
    valid: ownIngresses(['shop.example.com'], ['dev.shop.example.com']),
  },
  {
    rule: 'HK-INGRESS-HOST-OVERLAP',
    title: 'a host inside another cluster\'s wildcard: the exact host wins',
    failing: () => libraryCodes((app) => {
      withHosts(app, 'blue', ['*.apps.example.com']);
      withHosts(app, 'green', ['shop.apps.example.com']);
    }),
    valid: () => libraryCodes((app) => {
      withHosts(app, 'blue', ['*.apps.example.com']);
      withHosts(app, 'green', ['shop.example.com']);
    }),
  },
  {
    rule: 'HK-IMAGE',
    title: 'an image override with a space and an upper-case repository',
    failing: images({ talosCsrSigner: 'registry.example.com/Talos CSR Signer:v0.3' }),
    valid: images({ talosCsrSigner: 'registry.example.com/talos-csr-signer:v0.3' }),
  },
  {
    rule: 'HK-IMAGE',
    title: 'an image override set by a JSON patch, with two tags',
    failing: patched(JsonPatch.add('/spec/images', { waitForKubeconfig: 'busybox:1.36:latest' })),
    valid: patched(JsonPatch.add('/spec/images', { waitForKubeconfig: 'busybox:1.36' })),
  },
  {
    rule: 'HK-IMAGE-SKEW',
    title: 'kubectl 1.29 for a cluster on v1.33, four minor versions away',
    failing: images({ kubectl: 'registry.example.com/tools/kubectl:1.29' }),
    valid: images({ kubectl: 'registry.example.com/tools/kubectl:1.34' }),
  },
  {
    rule: 'HK-LINE-FIELD',
    title: 'image overrides on line v1.5, which has only waitForKubeconfig',
    failing: () => libraryCodes((app) => withHosts(app, 'prod', [], { platformLine: h.PlatformLine.V1_5, images: { kubectl: 'registry.example.com/tools/kubectl:1.35' } })),
    valid: () => libraryCodes((app) => withHosts(app, 'prod', [], { platformLine: h.PlatformLine.V1_5, images: { waitForKubeconfig: 'registry.example.com/busybox:1.36' } })),
  },
  {
    rule: 'HK-LINE-FIELD',
    title: 'Talos settings of a hand-written cluster read for line v1.3: a warning, the platform ignores them',
    failing: () => checkCodes(`${CLUSTER}  talos:\n    version: v1.13.6\n`, '--line', 'v1.3'),
    valid: () => checkCodes(`${CLUSTER}  talos:\n    version: v1.13.6\n`, '--line', 'main'),
  },
  {
    rule: 'HK-DISK',
    title: 'a negative worker disk set by a JSON patch',
    failing: patched(JsonPatch.replace('/spec/nodeGroups/md0/diskSize', '-1Gi')),
    valid: patched(JsonPatch.replace('/spec/nodeGroups/md0/diskSize', '30Gi')),
  },
  {
    rule: 'HK-RESOURCES',
    title: 'a hand-written group with negative memory, which the typed reading leaves to the document check',
    failing: () => checkCodes(`${CLUSTER}      resources: { cpu: 2, memory: -8Gi }\n`, '--line', 'main'),
    valid: () => checkCodes(`${CLUSTER}      resources: { cpu: 2, memory: 8Gi }\n`, '--line', 'main'),
  },
  {
    rule: 'HK-CONTROL-PLANE',
    title: 'a negative API server CPU set by a JSON patch',
    failing: patched(JsonPatch.add('/spec/controlPlane', { apiServer: { resources: { cpu: '-2', memory: '4Gi' } } })),
    valid: patched(JsonPatch.add('/spec/controlPlane', { apiServer: { resources: { cpu: '2', memory: '4Gi' } } })),
  },
  {
    rule: 'HK-NODES-CLUSTER',
    title: 'a node pool checked without the file of its cluster',
    failing: () => checkCodes(pool(), '--line', 'main'),
    valid: () => checkCodes(`${CLUSTER}---\n${pool()}`, '--line', 'main'),
  },
  {
    rule: 'HK-NODES-BINDING',
    title: 'a hand-written pool on another Kubernetes version than its cluster',
    failing: () => checkCodes(`${CLUSTER}---\n${pool('  version: v1.35\n')}`, '--line', 'main'),
    valid: () => checkCodes(`${CLUSTER}---\n${pool('  version: v1.34\n')}`, '--line', 'main'),
  },
  {
    rule: 'HK-UNKNOWN-FIELD',
    title: 'a misspelt field of a hand-written tenant (etdc)',
    failing: () => checkCodes(tenants('  etdc: true\n')),
    valid: () => checkCodes(tenants('  etcd: true\n')),
  },
  {
    rule: 'HK-TENANT-QUOTA',
    title: 'a hand-written child tenant asking for more CPU than its parent declares',
    failing: () => checkCodes(tenants('  resourceQuotas:\n    cpu: 12\n')),
    valid: () => checkCodes(tenants('  resourceQuotas:\n    cpu: 8\n')),
  },
  {
    rule: 'HK-TENANT',
    title: 'a negative quota',
    failing: () => libraryCodes((app) => new h.Tenant(app, 'acme', { resourceQuotas: { storage: '-100Gi' } })),
    valid: () => libraryCodes((app) => new h.Tenant(app, 'acme', { resourceQuotas: { storage: '100Gi' } })),
  },
];
