import { Chart, Testing } from 'cdk8s';
import * as h from '../../src';
import { validateAgainstSchemas } from '../support/crds';
import { parseYamlStream } from '../support/schemas';

function synth(build: (chart: Chart) => void): any[] {
  const app = Testing.app();
  build(new Chart(app, 'storage'));
  return parseYamlStream(app.synthYaml());
}

describe('platform LINSTOR classes', () => {
  test('replicated: 3 DRBD replicas, remote access, immediate binding, the platform DRBD options', () => {
    const [sc] = synth((c) => h.LinstorStorageClass.replicated(c, 'replicated'));
    expect(sc).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'replicated' },
      provisioner: 'linstor.csi.linbit.com',
      parameters: {
        'linstor.csi.linbit.com/storagePool': 'data',
        'linstor.csi.linbit.com/autoPlace': '3',
        'linstor.csi.linbit.com/layerList': 'drbd storage',
        'linstor.csi.linbit.com/allowRemoteVolumeAccess': 'true',
        'property.linstor.csi.linbit.com/DrbdOptions/auto-quorum': 'suspend-io',
        'property.linstor.csi.linbit.com/DrbdOptions/Resource/on-no-data-accessible': 'suspend-io',
        'property.linstor.csi.linbit.com/DrbdOptions/Resource/on-suspended-primary-outdated': 'force-secondary',
        'property.linstor.csi.linbit.com/DrbdOptions/Net/rr-conflict': 'retry-connect',
      },
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
      allowVolumeExpansion: true,
    });
    expect(validateAgainstSchemas(sc)).toEqual([]);
  });
  test('local: one replica, no DRBD, bound on first consumer, the default class', () => {
    const [sc] = synth((c) => h.LinstorStorageClass.local(c, 'local'));
    expect(sc.metadata).toEqual({ name: 'local', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } });
    expect(sc.parameters).toEqual({
      'linstor.csi.linbit.com/storagePool': 'data',
      'linstor.csi.linbit.com/layerList': 'storage',
      'linstor.csi.linbit.com/allowRemoteVolumeAccess': 'false',
    });
    expect(sc.volumeBindingMode).toBe('WaitForFirstConsumer');
    expect(validateAgainstSchemas(sc)).toEqual([]);
  });
  test('zone anti-affinity places each replica in another zone', () => {
    const [sc] = synth((c) => h.LinstorStorageClass.replicated(c, 'r', { name: 'replicated-zones', zoneAntiAffinity: true }));
    expect(sc.metadata.name).toBe('replicated-zones');
    expect(sc.parameters['linstor.csi.linbit.com/replicasOnDifferent']).toBe('topology.kubernetes.io/zone');
  });
  test('bad combinations are refused', () => {
    expect(() => synth((c) => new h.LinstorStorageClass(c, 'x', { drbd: false, replicas: 2 })))
      .toThrow('[storage/x] replicas: 2 is not valid; more than one replica needs drbd: true');
    expect(() => synth((c) => new h.LinstorStorageClass(c, 'x', { zoneAntiAffinity: true, replicas: 4 })))
      .toThrow('[storage/x] replicas: 4 is not valid; with zoneAntiAffinity every replica needs its own zone, and Hikube has three');
    expect(() => synth((c) => new h.LinstorStorageClass(c, 'Fast', {}))).toThrow('metadata.name: "Fast" is not valid');
    expect(() => synth((c) => new h.LinstorStorageClass(c, 'x', { drbd: false, allowRemoteVolumeAccess: true }))).toThrow('remote access needs drbd: true');
  });
  test('snapshot class', () => {
    expect(synth((c) => new h.LinstorSnapshotClass(c, 'snap'))).toEqual([{
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: { name: 'linstor-snapshots', annotations: { 'snapshot.storage.kubernetes.io/is-default-class': 'true' } },
      driver: 'linstor.csi.linbit.com',
      deletionPolicy: 'Delete',
    }]);
  });
});

describe('tenant view (KubeVirt CSI)', () => {
  const cluster = (line: h.PlatformLine, storageClass?: string) => new h.HikubeCluster(Testing.app(), 'c', { tenantNamespace: 'tenant-a', platformLine: line, storageClass });
  test('up to v1.5: one default class kubevirt on the cluster storage class', () => {
    expect(h.KubevirtCsiStorageClasses.classesOf(cluster(h.PlatformLine.V1_5, 'local'))).toEqual([{ name: 'kubevirt', infraStorageClassName: 'local', isDefault: true }]);
  });
  test('v1.6+: remote-accessible classes under their own names, the cluster class default, plus the kubevirt alias', () => {
    expect(h.KubevirtCsiStorageClasses.classesOf(cluster(h.PlatformLine.V1_6), ['replicated', 'replicated-zones'])).toEqual([
      { name: 'replicated', infraStorageClassName: 'replicated', isDefault: true },
      { name: 'replicated-zones', infraStorageClassName: 'replicated-zones', isDefault: false },
      { name: 'kubevirt', infraStorageClassName: 'replicated', isDefault: false },
    ]);
    expect(h.KubevirtCsiStorageClasses.classesOf(cluster(h.PlatformLine.MAIN, 'replicated-zones'), ['replicated', 'replicated-zones']).filter((c) => c.isDefault))
      .toEqual([{ name: 'replicated-zones', infraStorageClassName: 'replicated-zones', isDefault: true }]);
    expect(h.KubevirtCsiStorageClasses.classesOf(cluster(h.PlatformLine.MAIN, 'local'), ['fast', 'bulk']).filter((c) => c.isDefault).map((c) => c.name)).toEqual(['bulk']);
  });
  test('rendered classes and snapshot class validate and carry the CSI parameters', () => {
    const docs = synth((c) => new h.KubevirtCsiStorageClasses(c, 'tenant', { cluster: cluster(h.PlatformLine.V1_6) }));
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['StorageClass/replicated', 'StorageClass/kubevirt', 'VolumeSnapshotClass/kubevirt-snapshots']);
    expect(docs[0]).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'replicated', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'csi.kubevirt.io',
      parameters: { infraStorageClassName: 'replicated', bus: 'scsi' },
      allowVolumeExpansion: true,
    });
    expect(docs[2].metadata.labels).toEqual({ 'velero.io/csi-volumesnapshot-class': 'true' });
    expect(docs.filter((d) => d.kind === 'StorageClass').flatMap(validateAgainstSchemas)).toEqual([]);
  });
});
