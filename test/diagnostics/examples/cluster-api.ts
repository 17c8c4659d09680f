import { Chart } from 'cdk8s';
import { ClusterApiRendering, HikubeCluster, LinstorStorageClass, NodeGroupSpec, NodeRole, PlatformLine } from '../../../src';
import { libraryCodes, RuleExample } from '../rule-example';

/** A cluster of line v1.6 without a host, rendered with a platform tenant host. */
function rendered(tenantHost: string): () => string[] {
  return () => libraryCodes((app) => {
    const cluster = new HikubeCluster(app, 'c', {
      tenantNamespace: 'tenant-a', platformLine: PlatformLine.V1_6, nodeGroups: { md0: NodeGroupSpec.of({ roles: [NodeRole.INGRESS_NGINX] }) },
    });
    new ClusterApiRendering(app, 'capi', { cluster, platform: { tenantHost } });
  });
}

function linstor(replicas: number): () => string[] {
  return () => libraryCodes((app) => new LinstorStorageClass(new Chart(app, 'platform'), 'local', { drbd: false, replicas }));
}

export const EXAMPLES: RuleExample[] = [
  { rule: 'HK-PLATFORM-CONTEXT', title: 'a tenant host with an upper-case letter', failing: rendered('Hikube.example.com'), valid: rendered('hikube.example.com') },
  { rule: 'HK-LINSTOR', title: 'two replicas without DRBD', failing: linstor(2), valid: linstor(1) },
];
