import { App, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as h from '../../../src';
import { libraryCodes, RuleExample } from '../rule-example';

const FLEET = 'https://git.acme.example/fleet.git';

/** A cluster with Flux, bootstrapped from `bootstrap` when given. */
function cluster(app: App, id = 'prod', bootstrap?: h.FluxBootstrapSource): h.HikubeCluster {
  return new h.HikubeCluster(app, id, { tenantNamespace: 'tenant-acme', platformLine: h.PlatformLine.V1_6, addons: [new h.Flux({ bootstrap })] });
}

function chart(app: App, bootstrap?: h.FluxBootstrapSource): h.TenantClusterChart {
  return new h.TenantClusterChart(app, 'inside', { cluster: cluster(app, 'prod', bootstrap) });
}

/** Namespace shop with a quota of `requestsCpu`, and three pods of 500m in it. */
function shop(app: App, requestsCpu: kplus.Cpu): void {
  const inside = chart(app);
  new h.SecureNamespace(inside, 'shop', { quota: { requestsCpu } });
  new kplus.Deployment(inside, 'web', {
    metadata: { namespace: 'shop' },
    replicas: 3,
    containers: [{ image: 'web:1', portNumber: 8080, securityContext: h.PodSecurity.restrictedContainerContext(), resources: { cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.millis(500) } } }],
  });
}

export const EXAMPLES: RuleExample[] = [
  {
    rule: 'HK-GITOPS-SSH',
    title: 'a GitOps sync from ssh:// without a secret',
    failing: () => libraryCodes((app) => new h.GitOpsSync(chart(app), 'apps', { url: 'ssh://git@git.acme.example/fleet.git' })),
    valid: () => libraryCodes((app) => new h.GitOpsSync(chart(app), 'apps', { url: 'ssh://git@git.acme.example/fleet.git', secretName: 'fleet-key' })),
  },
  {
    rule: 'HK-GITOPS-OWNER',
    title: 'two GitOps syncs of one cluster on one repository and path',
    failing: () => libraryCodes((app) => {
      const inside = chart(app);
      new h.GitOpsSync(inside, 'apps', { url: FLEET, path: 'apps' });
      new h.GitOpsSync(inside, 'more-apps', { url: `${FLEET}/`, path: './apps/' });
    }),
    valid: () => libraryCodes((app) => {
      const inside = chart(app);
      new h.GitOpsSync(inside, 'apps', { url: FLEET, path: 'apps' });
      new h.GitOpsSync(inside, 'infra', { url: FLEET, path: 'infra' });
    }),
  },
  {
    rule: 'HK-GITOPS-HTTP',
    title: 'a GitOps sync from a plain-HTTP source',
    failing: () => libraryCodes((app) => new h.GitOpsSync(chart(app), 'apps', { url: 'http://git.acme.example/fleet.git' })),
    valid: () => libraryCodes((app) => new h.GitOpsSync(chart(app), 'apps', { url: FLEET })),
  },
  {
    rule: 'HK-FLUX-SSH',
    title: 'a Flux bootstrap from ssh:// without a pull secret',
    failing: () => libraryCodes((app) => cluster(app, 'prod', { url: 'ssh://git@git.acme.example/fleet.git' })),
    valid: () => libraryCodes((app) => cluster(app, 'prod', { url: 'ssh://git@git.acme.example/fleet.git', pullSecret: 'fleet-key' })),
  },
  {
    rule: 'HK-FLUX-HTTP',
    title: 'a Flux bootstrap from a plain-HTTP source',
    failing: () => libraryCodes((app) => cluster(app, 'prod', { url: 'http://git.acme.example/fleet.git' })),
    valid: () => libraryCodes((app) => cluster(app, 'prod', { url: FLEET })),
  },
  {
    rule: 'HK-FLUX-SHARED',
    title: 'two clusters bootstrapped from one repository and path',
    failing: () => libraryCodes((app) => {
      cluster(app, 'prod', { url: FLEET, path: 'clusters' });
      cluster(app, 'staging', { url: `${FLEET.replace('.git', '')}`, path: './clusters' });
    }),
    valid: () => libraryCodes((app) => {
      cluster(app, 'prod', { url: FLEET, path: 'clusters/prod' });
      cluster(app, 'staging', { url: FLEET, path: 'clusters/staging' });
    }),
  },
  {
    rule: 'HK-CLAIM-STORAGE-CLASS',
    title: 'a cdk8s-plus claim on a storage class the tenant cluster lacks',
    failing: () => libraryCodes((app) => new kplus.PersistentVolumeClaim(chart(app), 'data', { storage: Size.gibibytes(10), storageClassName: 'fast-ssd' })),
    valid: () => libraryCodes((app) => new kplus.PersistentVolumeClaim(chart(app), 'data', { storage: Size.gibibytes(10), storageClassName: 'replicated' })),
  },
  {
    rule: 'HK-QUOTA-FIT',
    title: 'a namespace quota of 1 CPU for three pods requesting 500m each',
    failing: () => libraryCodes((app) => shop(app, kplus.Cpu.units(1))),
    valid: () => libraryCodes((app) => shop(app, kplus.Cpu.units(2))),
  },
];
