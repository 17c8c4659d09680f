import { App, Testing } from 'cdk8s';
import * as h from '../../src';
import { HikubeValidationError } from '../../src/errors';
import { warningProblems } from '../../src/model/validation';

type Props = Partial<h.HikubeClusterProps>;
const ingressGroup = (options: h.NodeGroupOptions = {}) => ({ web: h.NodeGroupSpec.of({ roles: [h.NodeRole.INGRESS_NGINX], minReplicas: 1, ...options }) });

/** Errors (rule and message) and warnings of a cluster at synth. */
function findings(props: Props): { errors: string[]; warnings: string[] } {
  const app: App = Testing.app();
  new h.HikubeCluster(app, 'c1', { tenantNamespace: 'tenant-a', nodeGroups: ingressGroup(), ...props });
  try {
    app.synthYaml();
  } catch (e) {
    if (!(e instanceof HikubeValidationError)) throw e;
    return { errors: e.problems.filter((p) => p.severity === 'error').map((p) => `${p.rule} ${p.message}`), warnings: [] };
  }
  return { errors: [], warnings: warningProblems(app).map((p) => `${p.rule} ${p.message}`) };
}

const LOCATION = { name: 'default', provider: 'aws', bucket: 'velero-backups', config: { region: 'us-east-1' } };

describe('shapes the charts require', () => {
  test('a Velero backup location as a map is refused, with the list to write', () => {
    const { errors } = findings({ addons: [new h.Velero({ valuesOverride: { velero: { configuration: { backupStorageLocation: LOCATION } } } })] });
    expect(errors).toEqual([expect.stringMatching(/^HK-VALUES-SHAPE addons\.velero\.valuesOverride\.velero\.configuration\.backupStorageLocation: a map is not valid; the velero chart takes a list of locations .*write backupStorageLocation: \[\{name, provider, bucket, config, \.\.\.\}\], or use the typed backupLocation option/)]);
  });

  test('a list of locations passes', () => {
    expect(findings({ addons: [new h.Velero({ valuesOverride: { velero: { configuration: { backupStorageLocation: [LOCATION] } } } })] }).errors).toEqual([]);
  });

  test.each([
    [{ enabled: true }, 'missing: without it Cilium takes its default ipsec'],
    [{ enabled: true, type: 'wireguerd' }, '"wireguerd" is not valid; Cilium encrypts with wireguard or ipsec; did you mean wireguard?'],
    [{ enabled: true, type: 3 }, '3 is not valid; Cilium encrypts with wireguard or ipsec'],
  ])('Cilium encryption %j is refused', (encryption, detail) => {
    const { errors } = findings({ addons: [new h.Cilium({ valuesOverride: { cilium: { encryption } } })] });
    expect(errors).toEqual([expect.stringContaining(`HK-VALUES-SHAPE addons.cilium.valuesOverride.cilium.encryption.type: ${detail}`)]);
  });

  test.each([{ enabled: true, type: 'wireguard' }, { enabled: true, type: 'ipsec' }, { enabled: false }])('Cilium encryption %j passes', (encryption) => {
    expect(findings({ addons: [new h.Cilium({ valuesOverride: { cilium: { encryption } } })] }).errors).toEqual([]);
  });
});

describe('keys inside a chart\'s own key, where the platform reference lists them', () => {
  test('cert-manager.promethus: did you mean prometheus (the closed schema fails the install)', () => {
    const { errors } = findings({ addons: [new h.CertManager({ valuesOverride: { 'cert-manager': { promethus: { enabled: true } } } })] });
    expect(errors).toEqual([expect.stringContaining('HK-VALUES-OVERRIDE addons.certManager.valuesOverride.cert-manager.promethus: "promethus" is not valid; did you mean prometheus? cert-manager takes the keys of cert-manager values.schema.json (Add-on values §4)')]);
    expect(errors[0]).toContain('the chart\'s schema refuses unknown keys, so the release fails to install');
  });

  test('a misspelt key of the Flux sync is warned (the chart ignores it)', () => {
    const { errors, warnings } = findings({
      platformLine: h.PlatformLine.V1_3,
      addons: [new h.Flux({ valuesOverride: { 'flux-instance': { instance: { sync: { branch: 'main' } } } } })],
    });
    expect(errors).toEqual([]);
    expect(warnings).toContainEqual(expect.stringContaining('HK-VALUES-KEY addons.fluxcd.valuesOverride.flux-instance.instance.sync.branch: "branch" is not valid; flux-instance.instance.sync takes interval, kind, url, ref, path, pullSecret, name, provider'));
  });

  test('the typed Flux bootstrap writes only keys the chart reads', () => {
    const { errors, warnings } = findings({
      platformLine: h.PlatformLine.V1_3,
      addons: [new h.Flux({ bootstrap: { url: 'https://github.com/acme/fleet.git', branch: 'main', path: 'clusters/prod', pullSecret: 'fleet-git' } })],
    });
    expect(errors).toEqual([]);
    expect(warnings.filter((w) => w.startsWith('HK-VALUES-KEY'))).toEqual([]);
  });

  test('keys of charts the reference does not list stay unchecked', () => {
    const { errors, warnings } = findings({
      addons: [
        new h.IngressNginx({ valuesOverride: { 'ingress-nginx': { controler: { replicaCount: 2 } } } }),
        new h.GpuOperator({ valuesOverride: { 'gpu-operator': { drvier: { version: '580.126.20' } } } }),
      ],
      nodeGroups: ingressGroup(),
    });
    expect(errors).toEqual([]);
    expect(warnings.filter((w) => w.startsWith('HK-VALUES-KEY'))).toEqual([]);
  });
});

describe('storage classes the platform has', () => {
  test('fast-ssd is warned, naming the classes there are', () => {
    const { errors, warnings } = findings({ storageClass: 'fast-ssd' });
    expect(errors).toEqual([]);
    expect(warnings).toContainEqual(expect.stringContaining('HK-STORAGE-CLASS-UNKNOWN storageClass: "fast-ssd" is not valid; the platform has the storage classes replicated, local (Hikube has replicated and local;'));
  });

  test('a misspelt class gets the nearest one', () => {
    expect(findings({ storageClass: 'replicatd' }).warnings).toContainEqual(expect.stringContaining('did you mean replicated?'));
  });

  test('a group\'s worker disk class is checked too; an empty one takes the cluster\'s', () => {
    const line = { platformLine: h.PlatformLine.V1_6 };
    expect(findings({ ...line, nodeGroups: ingressGroup({ storageClass: 'locale' }) }).warnings)
      .toContainEqual(expect.stringContaining('HK-STORAGE-CLASS-UNKNOWN nodeGroups.web.storageClass: "locale" is not valid; the platform has the storage classes replicated, local; did you mean local?'));
    expect(findings({ ...line, nodeGroups: ingressGroup({ storageClass: '' }) }).warnings.filter((w) => w.startsWith('HK-STORAGE-CLASS-UNKNOWN'))).toEqual([]);
  });

  test('a self-hosted platform declares its classes on the cluster', () => {
    const declared = { platformStorageClasses: ['fast-ssd', 'nvme'] };
    expect(findings({ ...declared, storageClass: 'fast-ssd' }).warnings.filter((w) => w.startsWith('HK-STORAGE-CLASS-UNKNOWN'))).toEqual([]);
    expect(findings({ ...declared, storageClass: 'nvm' }).warnings)
      .toContainEqual(expect.stringContaining('the platform has the storage classes replicated, local, fast-ssd, nvme; did you mean nvme?'));
  });

  test('a malformed declared class is refused by the name rule', () => {
    expect(findings({ platformStorageClasses: ['Fast SSD'] }).errors)
      .toEqual([expect.stringContaining('HK-STORAGE-CLASS-NAME platformStorageClasses[0]: "Fast SSD" is not valid')]);
  });

  test('a malformed class gets the name rule only', () => {
    const { errors } = findings({ storageClass: 'fast_ssd' });
    expect(errors.map((e) => e.split(' ')[0])).toEqual(['HK-STORAGE-CLASS-NAME']);
  });
});
