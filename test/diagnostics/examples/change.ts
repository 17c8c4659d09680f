import { App, Size } from 'cdk8s';
import { CertManager, HikubeCluster, HikubeClusterProps, InstanceType, KubernetesVersion, NodeGroupOptions, NodeGroupSpec, NodeRole, PlatformLine } from '../../../src';
import { diffCodes, libraryCodes, RuleExample } from '../rule-example';

const WEB: NodeGroupOptions = { instanceType: InstanceType.S1_LARGE, minReplicas: 2, maxReplicas: 4, roles: [NodeRole.INGRESS_NGINX], diskSize: Size.gibibytes(50) };

/** The deployed cluster: line v1.3, Kubernetes v1.32, groups md0 and web. */
function deployedProps(): HikubeClusterProps {
  return {
    tenantNamespace: 'tenant-a',
    platformLine: PlatformLine.V1_3,
    version: KubernetesVersion.V1_32,
    nodeGroups: { md0: NodeGroupSpec.of({ minReplicas: 1, maxReplicas: 2 }), web: NodeGroupSpec.of(WEB) },
    addons: [new CertManager()],
  };
}

/** The codes of the next version of the deployed cluster, changed by `change` (a function of the deployed props). */
function next(change: (props: HikubeClusterProps) => Partial<HikubeClusterProps>): () => string[] {
  return () => libraryCodes((app) => {
    // The deployed cluster is only compared against, so it lives in an app of its own.
    const deployed = new HikubeCluster(new App(), 'prod', deployedProps());
    new HikubeCluster(app, 'prod', { ...deployedProps(), ...change(deployedProps()), deployed: { cluster: deployed } });
  });
}

/** `web` with other options, next to the deployed md0. */
function web(options: NodeGroupOptions): (props: HikubeClusterProps) => Partial<HikubeClusterProps> {
  return (props) => ({ nodeGroups: { ...props.nodeGroups, web: NodeGroupSpec.of({ ...WEB, ...options }) } });
}

const DOC = (name: string) => `apiVersion: apps.cozystack.io/v1alpha1
kind: Kubernetes
metadata: { name: ${name}, namespace: tenant-a }
spec:
  version: v1.32
  nodeGroups:
    md0: { minReplicas: 1, maxReplicas: 2, instanceType: u1.large, resources: {}, roles: [ingress-nginx] }
`;

export const EXAMPLES: RuleExample[] = [
  {
    rule: 'HK-UPGRADE',
    title: 'an upgrade that skips a minor version',
    failing: next(() => ({ version: KubernetesVersion.V1_34 })),
    valid: next(() => ({ version: KubernetesVersion.V1_33 })),
  },
  { rule: 'HK-STORAGE-CLASS', title: 'another storage class', failing: next(() => ({ storageClass: 'local' })), valid: next(() => ({ storageClass: 'replicated' })) },
  { rule: 'HK-DISK-SHRINK', title: 'a worker disk that shrinks', failing: next(web({ diskSize: Size.gibibytes(40) })), valid: next(web({ diskSize: Size.gibibytes(60) })) },
  {
    rule: 'HK-GROUP-REMOVED',
    title: 'a group removed while it runs nodes',
    failing: next((p) => ({ nodeGroups: { md0: p.nodeGroups!.md0 } })),
    valid: next(web({ minReplicas: 0, maxReplicas: 0 })),
  },
  {
    rule: 'HK-REPLACES-NODES',
    title: 'another instance type for a group',
    failing: next(web({ instanceType: InstanceType.S1_XLARGE })),
    valid: next(web({ maxReplicas: 6 })),
  },
  { rule: 'HK-ADDON-REMOVED', title: 'an add-on removed', failing: next(() => ({ addons: [] })), valid: next(() => ({ addons: [new CertManager()] })) },
  {
    rule: 'HK-CLUSTER-REMOVED',
    title: 'a cluster gone from the manifests',
    failing: () => diffCodes(`${DOC('prod')}---\n${DOC('staging')}`, DOC('prod')),
    valid: () => diffCodes(`${DOC('prod')}---\n${DOC('staging')}`, `${DOC('prod')}---\n${DOC('staging')}`),
  },
];
