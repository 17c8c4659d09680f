import { CertManager, Cilium, Flux, HikubeCluster, HikubeClusterProps, NodeGroupSpec, NodeRole, PlatformLine, Velero } from '../../../src';
import { clusterYaml } from '../../support/fixtures';
import { checkCodes, libraryCodes, RuleExample } from '../rule-example';

/** The codes of a cluster in namespace tenant-a with one ingress group and `props`. */
function cluster(props: Partial<HikubeClusterProps>): () => string[] {
  return () => libraryCodes((app) => new HikubeCluster(app, 'c', {
    tenantNamespace: 'tenant-a',
    nodeGroups: { md0: NodeGroupSpec.of({ roles: [NodeRole.INGRESS_NGINX] }) },
    ...props,
  }));
}

/** The Velero guide's backup location, written as a map. */
const GUIDE_LOCATION = { name: 'default', provider: 'aws', bucket: 'velero-backups', config: { region: 'us-east-1', s3Url: 'https://prod.s3.hikube.cloud' } };


export const EXAMPLES: RuleExample[] = [
  {
    rule: 'HK-VALUES-SHAPE',
    title: 'the Velero guide\'s backup location as a map, where the chart takes a list',
    failing: cluster({ addons: [new Velero({ valuesOverride: { velero: { configuration: { backupStorageLocation: GUIDE_LOCATION } } } })] }),
    valid: cluster({ addons: [new Velero({ valuesOverride: { velero: { configuration: { backupStorageLocation: [GUIDE_LOCATION] } } } })] }),
  },
  {
    rule: 'HK-VALUES-SHAPE',
    title: 'Cilium encryption without its type (the chart then takes IPsec, without keys)',
    failing: cluster({ addons: [new Cilium({ valuesOverride: { cilium: { encryption: { enabled: true } } } })] }),
    valid: cluster({ addons: [new Cilium({ valuesOverride: { cilium: { encryption: { enabled: true, type: 'wireguard' } } } })] }),
  },
  {
    rule: 'HK-VALUES-KEY',
    title: 'a misspelt key of the Flux sync, which the chart ignores',
    failing: cluster({ platformLine: PlatformLine.V1_3, addons: [new Flux({ valuesOverride: { 'flux-instance': { instance: { snyc: { url: 'https://example.com/repo.git' } } } } })] }),
    valid: cluster({ platformLine: PlatformLine.V1_3, addons: [new Flux({ valuesOverride: { 'flux-instance': { instance: { cluster: { networkPolicy: true } } } } })] }),
  },
  {
    rule: 'HK-VALUES-KEY',
    title: 'check: a misspelt key of the Flux instance',
    failing: () => checkCodes(clusterYaml('  addons:\n    fluxcd:\n      enabled: true\n      valuesOverride:\n        flux-instance:\n          instanse: {}\n'), '--line', 'v1.3'),
    valid: () => checkCodes(clusterYaml('  addons:\n    fluxcd:\n      enabled: true\n      valuesOverride:\n        flux-instance:\n          instance: {}\n'), '--line', 'v1.3'),
  },
  {
    rule: 'HK-VALUES-OVERRIDE',
    title: 'cert-manager.promethus, which the chart\'s closed schema refuses',
    failing: cluster({ addons: [new CertManager({ valuesOverride: { 'cert-manager': { promethus: { enabled: true } } } })] }),
    valid: cluster({ addons: [new CertManager({ valuesOverride: { 'cert-manager': { prometheus: { enabled: true } } } })] }),
  },
  {
    rule: 'HK-STORAGE-CLASS-UNKNOWN',
    title: 'a storage class the platform does not have',
    failing: cluster({ storageClass: 'fast-ssd' }),
    valid: cluster({ storageClass: 'local' }),
  },
  {
    rule: 'HK-STORAGE-CLASS-UNKNOWN',
    title: 'a self-hosted platform\'s class, declared by the cluster',
    failing: cluster({ storageClass: 'fast-ssd', platformStorageClasses: ['nvme'] }),
    valid: cluster({ storageClass: 'fast-ssd', platformStorageClasses: ['fast-ssd'] }),
  },
  {
    rule: 'HK-STORAGE-CLASS-UNKNOWN',
    title: 'check: a storage class the platform does not have',
    failing: () => checkCodes(clusterYaml('  storageClass: fast-ssd\n'), '--line', 'v1.3'),
    valid: () => checkCodes(clusterYaml('  storageClass: replicated\n'), '--line', 'v1.3'),
  },
];
