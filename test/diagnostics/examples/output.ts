import { HikubeCluster, NodeGroupSpec, NodeRole } from '../../../src';
import { fileCodes, libraryCodes, RuleExample } from '../rule-example';

/** Two clusters of one tenant namespace, named `first` and `second`. */
function twoClusters(first: string, second: string): () => string[] {
  return () => libraryCodes((app) => {
    for (const [id, name] of [['a', first], ['b', second]]) {
      new HikubeCluster(app, id, { name, tenantNamespace: 'tenant-a', nodeGroups: { md0: NodeGroupSpec.of({ roles: [NodeRole.INGRESS_NGINX] }) } });
    }
  });
}

/** One cluster written to files with an extension. */
function written(outputFileExtension: string): () => string[] {
  return () => fileCodes((app) => {
    new HikubeCluster(app, 'c', { tenantNamespace: 'tenant-a', nodeGroups: { md0: NodeGroupSpec.of({ roles: [NodeRole.INGRESS_NGINX] }) } });
  }, { outputFileExtension });
}

export const EXAMPLES: RuleExample[] = [
  { rule: 'HK-OUTPUT-NAME', title: 'a file extension with a path separator', failing: written('/k8s.yaml'), valid: written('.k8s.yaml') },
  { rule: 'HK-DUPLICATE', title: 'two clusters of one name in one tenant namespace', failing: twoClusters('shop', 'shop'), valid: twoClusters('shop', 'blog') },
];
