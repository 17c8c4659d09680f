import { App, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import * as h from '../../src';
import { find, ofKind, PLATFORM, renderCapi } from '../support/cluster-api';
import { validateAgainstSchemas } from '../support/crds';
import { productionCluster } from '../support/fixtures';

const zones = h.Zone.all();

/** The production cluster with every group spread over the three zones. */
function zonedProduction(line: h.PlatformLine) {
  return (app: App) => productionCluster(app, line, 'prod', { zones });
}

describe.each(h.PlatformLine.all().map((l) => [l.name, l] as const))('platform line %s', (_n, line) => {
  test('a production cluster renders objects that the real CRDs accept', () => {
    const docs = renderCapi((app) => productionCluster(app, line));
    expect(docs.flatMap(validateAgainstSchemas)).toEqual([]);
    const kinds = docs.map((d) => d.kind);
    expect(kinds.filter((k) => k === 'Cluster')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'KamajiControlPlane')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'KubevirtCluster')).toHaveLength(1);
    expect(docs).toMatchSnapshot();
  });

  test('a 3-zone production cluster: one MachineDeployment, template and health check per zone, all valid', () => {
    const docs = renderCapi(zonedProduction(line));
    expect(docs.flatMap(validateAgainstSchemas)).toEqual([]);
    const web = ofKind(docs, 'MachineDeployment').filter((d) => d.metadata.name.startsWith('kubernetes-prod-web-'));
    expect(web.map((d) => d.spec.template.spec.failureDomain)).toEqual(['geneva', 'lucerne', 'gland']);
    expect(web.map((d) => d.metadata.annotations['cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size'])).toEqual(['1', '1', '1']);
    expect(web.map((d) => d.metadata.annotations['cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size'])).toEqual(['3', '3', '3']);
    const kmt = ofKind(docs, 'KubevirtMachineTemplate').find((d) => d.metadata.name.startsWith('kubernetes-prod-web-lucerne-'));
    expect(kmt.spec.template.spec.virtualMachineTemplate.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution)
      .toEqual({ nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['lucerne'] }] }] });
    expect(ofKind(docs, 'MachineHealthCheck').map((d) => d.metadata.name)).toContain('kubernetes-prod-gpu-gland');
  });
});

describe('field mappings (reference section 3)', () => {
  const docs = renderCapi((app) => productionCluster(app, h.PlatformLine.V1_6));
  const md = find(docs, 'MachineDeployment', 'kubernetes-prod-web');
  const kmtWeb = ofKind(docs, 'KubevirtMachineTemplate').find((d) => d.metadata.name.startsWith('kubernetes-prod-web-'));
  const kmtGpu = ofKind(docs, 'KubevirtMachineTemplate').find((d) => d.metadata.name.startsWith('kubernetes-prod-gpu-'));
  const vm = (kmt: any) => kmt.spec.template.spec.virtualMachineTemplate;

  test('names: kubernetes-<cluster>-<group>, template suffixed with a 6-hex content hash', () => {
    expect(kmtWeb.metadata.name).toMatch(/^kubernetes-prod-web-[0-9a-f]{6}$/);
    expect(md.spec.template.spec.infrastructureRef).toEqual({
      apiVersion: 'infrastructure.cluster.x-k8s.io/v1alpha1', kind: 'KubevirtMachineTemplate', name: kmtWeb.metadata.name, namespace: 'tenant-acme',
    });
  });
  test('min/max replicas: autoscaler annotations, maxSurge = max, maxUnavailable 1, replicas left to the autoscaler (v1.6)', () => {
    expect(md.metadata.annotations).toMatchObject({
      'cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size': '3',
      'cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size': '9',
    });
    expect(md.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 9, maxUnavailable: 1 } });
    expect(md.spec.replicas).toBeUndefined();
  });
  test('selector and labels carry cluster and deployment names; roles become node-role labels everywhere', () => {
    expect(md.spec.selector.matchLabels).toEqual({ 'cluster.x-k8s.io/cluster-name': 'kubernetes-prod', 'cluster.x-k8s.io/deployment-name': 'kubernetes-prod-web' });
    expect(md.spec.template.metadata.labels['node-role.kubernetes.io/ingress-nginx']).toBe('');
    expect(vm(kmtWeb).metadata.labels).toEqual({ 'node-role.kubernetes.io/ingress-nginx': '' });
    expect(vm(kmtWeb).spec.template.metadata.labels).toMatchObject({
      'node-role.kubernetes.io/ingress-nginx': '',
      'cluster.x-k8s.io/deployment-name': 'kubernetes-prod-web',
      'apps.cozystack.io/application.kind': 'Kubernetes',
      'apps.cozystack.io/application.name': 'prod',
    });
  });
  test('instance type referenced only when not sized by resources', () => {
    expect(vm(kmtWeb).spec.instancetype).toEqual({ kind: 'VirtualMachineClusterInstancetype', name: 's1.large' });
    expect(vm(kmtGpu).spec.instancetype).toBeUndefined();
    expect(vm(kmtGpu).spec.template.spec.domain.cpu).toEqual({ threads: 1, cores: 16, sockets: 1 });
    expect(vm(kmtGpu).spec.template.spec.domain.memory).toEqual({ guest: '64Gi' });
  });
  test('GPUs become numbered host devices', () => {
    expect(vm(kmtGpu).spec.template.spec.domain.devices.gpus).toEqual([{ name: 'gpu1', deviceName: 'nvidia.com/AD102GL_L40S' }]);
  });
  test('disk: Talos system volume of diskSize on the group storage class, else the cluster class', () => {
    const dv = vm(kmtWeb).spec.dataVolumeTemplates[0];
    expect(dv.metadata).toEqual({ name: 'disk-system', annotations: { 'cdi.kubevirt.io/storage.usePopulator': 'false' } });
    expect(dv.spec.storage).toEqual({ resources: { requests: { storage: '20Gi' } }, storageClassName: 'local' });
    expect(dv.spec.source.http.url).toBe('https://factory.talos.dev/image/ce4c980550dd2ab1b17bbf2b08801c7eb59418eafe8f279833297925d67c7515/v1.13.6/openstack-amd64.raw.xz');
    const compute = ofKind(docs, 'KubevirtMachineTemplate').find((d) => d.metadata.name.startsWith('kubernetes-prod-compute-'));
    expect(vm(compute).spec.dataVolumeTemplates[0].spec.storage).toEqual({ resources: { requests: { storage: '50Gi' } }, storageClassName: 'replicated' });
  });
  test('fixed VM settings', () => {
    expect(kmtWeb.spec.template.spec.virtualMachineBootstrapCheck).toEqual({ checkStrategy: 'none' });
    expect(vm(kmtWeb).spec.runStrategy).toBe('Always');
    expect(vm(kmtWeb).spec.template.spec.evictionStrategy).toBe('External');
    expect(vm(kmtWeb).spec.template.metadata.annotations).toEqual({ 'kubevirt.io/allow-pod-bridge-network-live-migration': 'true' });
  });
  test('health check: group maxUnhealthy over the cluster one, platform timeouts', () => {
    expect(find(docs, 'MachineHealthCheck', 'kubernetes-prod-web').spec).toEqual({
      clusterName: 'kubernetes-prod',
      maxUnhealthy: 1,
      nodeStartupTimeout: '10m',
      selector: { matchLabels: { 'cluster.x-k8s.io/cluster-name': 'kubernetes-prod', 'cluster.x-k8s.io/deployment-name': 'kubernetes-prod-web' } },
      unhealthyConditions: [{ type: 'Ready', status: 'Unknown', timeout: '30s' }, { type: 'Ready', status: 'False', timeout: '300s' }],
    });
    expect(find(docs, 'MachineHealthCheck', 'kubernetes-prod-compute').spec.maxUnhealthy).toBe('40%');
  });
  test('Talos lines reference the TalosConfigTemplate; version is the full patch', () => {
    expect(md.spec.template.spec.bootstrap.configRef).toEqual({ apiVersion: 'bootstrap.cluster.x-k8s.io/v1alpha3', kind: 'TalosConfigTemplate', name: 'kubernetes-prod-web', namespace: 'tenant-acme' });
    expect(md.spec.template.spec.version).toBe('v1.33.13');
  });
  test('workload monitors for the control plane and each deployment', () => {
    expect(find(docs, 'WorkloadMonitor', 'kubernetes-prod').spec).toEqual({
      replicas: 3, minReplicas: 1, kind: 'kubernetes', type: 'control-plane', selector: { 'kamaji.clastix.io/name': 'kubernetes-prod' },
    });
    expect(find(docs, 'WorkloadMonitor', 'kubernetes-prod-web').spec).toEqual({
      minReplicas: 3,
      kind: 'kubernetes',
      type: 'worker',
      selector: { 'cluster.x-k8s.io/cluster-name': 'kubernetes-prod', 'cluster.x-k8s.io/deployment-name': 'kubernetes-prod-web', 'cluster.x-k8s.io/role': 'worker' },
    });
  });
  test('capacity annotations for scale from zero', () => {
    const compute = find(docs, 'MachineDeployment', 'kubernetes-prod-compute');
    // u1.2xlarge: 32Gi, 8 vCPU; system 512Mi, kube auto 1Gi, hard eviction 5 % of 32768Mi; CPU auto 400m twice.
    expect(compute.metadata.annotations['capacity.cluster-autoscaler.kubernetes.io/memory']).toBe(`${Math.floor(32768 - 512 - 1024 - 32768 * 0.05)}Mi`);
    expect(compute.metadata.annotations['capacity.cluster-autoscaler.kubernetes.io/cpu']).toBe('7200m');
  });
});

describe('kubeadm lines', () => {
  test('v1.3: ephemeral disk, kubeadm template, two replicas seeded, fixed health check', () => {
    const docs = renderCapi((app) => productionCluster(app, h.PlatformLine.V1_3));
    const md = find(docs, 'MachineDeployment', 'kubernetes-prod-web');
    expect(md.spec.replicas).toBe(3);
    expect(find(docs, 'MachineDeployment', 'kubernetes-prod-gpu').spec.replicas).toBe(2);
    expect(md.spec.template.spec.bootstrap.configRef.kind).toBe('KubeadmConfigTemplate');
    expect(md.spec.template.spec.version).toBe('v1.33.8');
    const kmt = ofKind(docs, 'KubevirtMachineTemplate').find((d) => d.metadata.name.startsWith('kubernetes-prod-web-'));
    const vmSpec = kmt.spec.template.spec.virtualMachineTemplate.spec;
    expect(vmSpec.template.spec.volumes).toEqual([
      { name: 'system', containerDisk: { image: PLATFORM.kubeadmWorkerImage } },
      { name: 'ephemeral', emptyDisk: { capacity: '20Gi' } },
    ]);
    expect(kmt.spec.template.spec.virtualMachineBootstrapCheck).toEqual({ checkStrategy: 'ssh' });
    const tpl = find(docs, 'KubeadmConfigTemplate', 'kubernetes-prod-web');
    expect(tpl.spec.template.spec.joinConfiguration.discovery.bootstrapToken.apiServerEndpoint).toBe('kubernetes-prod.tenant-acme.svc:6443');
    expect(tpl.spec.template.spec.diskSetup.filesystems[0]).toEqual({ device: '/dev/vdb', filesystem: 'xfs', label: 'ephemeral' });
    expect(find(docs, 'MachineHealthCheck', 'kubernetes-prod-web').spec.maxUnhealthy).toBe(0);
    expect(find(docs, 'MachineDeployment', 'kubernetes-prod-md0').metadata.annotations['cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size']).toBe('10');
  });
  test('v1.5: persistent kubelet disk, GPU node label and reservations as kubelet flags', () => {
    const docs = renderCapi((app) => productionCluster(app, h.PlatformLine.V1_5));
    const kmt = ofKind(docs, 'KubevirtMachineTemplate').find((d) => d.metadata.name.startsWith('kubernetes-prod-compute-'));
    expect(kmt.spec.template.spec.virtualMachineTemplate.spec.dataVolumeTemplates).toEqual([
      { metadata: { name: 'disk-kubelet' }, spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '50Gi' } }, storageClassName: 'replicated' } } },
    ]);
    expect(find(docs, 'KubeadmConfigTemplate', 'kubernetes-prod-gpu').spec.template.spec.joinConfiguration.nodeRegistration.kubeletExtraArgs).toEqual({ 'node-labels': 'gpu=on' });
    expect(find(docs, 'KubeadmConfigTemplate', 'kubernetes-prod-compute').spec.template.spec.joinConfiguration.nodeRegistration.kubeletExtraArgs)
      .toEqual({ 'system-reserved': 'memory=512Mi', 'eviction-hard': 'memory.available<5%' });
  });
});

describe('control plane', () => {
  const docs = renderCapi((app) => productionCluster(app, h.PlatformLine.V1_6));
  const kcp = find(docs, 'KamajiControlPlane', 'kubernetes-prod');
  test('Cluster references the Kamaji control plane and KubeVirt infrastructure, fixed networks', () => {
    expect(find(docs, 'Cluster', 'kubernetes-prod').spec).toEqual({
      clusterNetwork: { pods: { cidrBlocks: ['10.243.0.0/16'] }, services: { cidrBlocks: ['10.95.0.0/16'] } },
      controlPlaneRef: { apiVersion: 'controlplane.cluster.x-k8s.io/v1alpha1', kind: 'KamajiControlPlane', name: 'kubernetes-prod', namespace: 'tenant-acme' },
      infrastructureRef: { apiVersion: 'infrastructure.cluster.x-k8s.io/v1alpha1', kind: 'KubevirtCluster', name: 'kubernetes-prod', namespace: 'tenant-acme' },
    });
    expect(find(docs, 'KubevirtCluster', 'kubernetes-prod').metadata.annotations).toEqual({ 'cluster.x-k8s.io/managed-by': 'kamaji' });
  });
  test('replicas, version, data store, ingress host and sizing from presets', () => {
    expect(kcp.spec.replicas).toBe(3);
    expect(kcp.spec.version).toBe('v1.33.13');
    expect(kcp.spec.dataStoreName).toBe('tenant-root');
    expect(kcp.spec.network.ingress).toEqual({ hostname: 'prod.acme.example.com:443', className: 'tenant-root', extraAnnotations: { 'nginx.ingress.kubernetes.io/ssl-passthrough': 'true' } });
    expect(kcp.spec.apiServer.resources).toEqual({
      limits: { 'cpu': '4000m', 'memory': '4096Mi', 'ephemeral-storage': '2048Mi' },
      requests: { 'cpu': '400m', 'memory': '4096Mi', 'ephemeral-storage': '53687091' },
    });
    expect(kcp.spec.controllerManager.resources.limits).toEqual({ 'cpu': '500m', 'memory': '512Mi', 'ephemeral-storage': '2048Mi' });
    expect(kcp.spec.addons.konnectivity.server.resources.limits).toEqual({ 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '2048Mi' });
    expect(kcp.spec.apiServer.extraArgs).toEqual(['--audit-log-maxage=30']);
    expect(kcp.spec.network.additionalServicePorts).toEqual([{ name: 'talos-trustd', port: 50001, protocol: 'TCP', targetPort: 50001 }]);
  });
  test('control-plane pods spread across the zones', () => {
    expect(kcp.spec.deployment.topologySpreadConstraints).toEqual([{
      maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { 'kamaji.clastix.io/name': 'kubernetes-prod' } },
    }]);
    expect(kcp.spec.deployment.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values).toEqual(['geneva', 'lucerne', 'gland']);
  });
  test('Kubernetes v1.35 pins the konnectivity release', () => {
    const d = renderCapi((app) => new h.HikubeCluster(app, 'dev', { tenantNamespace: 'tenant-acme', platformLine: h.PlatformLine.V1_6, nodeGroups: { w: h.NodeGroupSpec.of() } }));
    const konnectivity = find(d, 'KamajiControlPlane', 'kubernetes-dev').spec.addons.konnectivity;
    expect(konnectivity.agent).toEqual({ version: 'v0.34.0' });
    expect(konnectivity.server.version).toBe('v0.34.0');
    expect(kcp.spec.addons.konnectivity.agent).toBeUndefined();
    expect(validateAgainstSchemas(find(d, 'KamajiControlPlane', 'kubernetes-dev'))).toEqual([]);
  });
  test('host defaults to the release under the tenant host', () => {
    const d = renderCapi((app) => new h.HikubeCluster(app, 'dev', { tenantNamespace: 'tenant-acme', nodeGroups: { md0: h.NodeGroupSpec.of() } }));
    expect(find(d, 'KamajiControlPlane', 'kubernetes-dev').spec.network.ingress.hostname).toBe('kubernetes-dev.acme.hikube.cloud:443');
  });
});

describe('add-on releases', () => {
  const docs = renderCapi((app) => productionCluster(app, h.PlatformLine.V1_5));
  const release = (name: string) => find(docs, 'HelmRelease', `kubernetes-prod-${name}`);
  const deps = (name: string) => (release(name).spec.dependsOn ?? []).map((d: any) => d.name.replace('kubernetes-prod-', ''));
  test('common settings: artifact, tenant kubeconfig, namespaces, retries', () => {
    expect(release('cert-manager').spec).toMatchObject({
      chartRef: { kind: 'ExternalArtifact', name: 'cozystack-kubernetes-application-kubevirt-kubernetes-cert-manager', namespace: 'cozy-system' },
      kubeConfig: { secretRef: { name: 'kubernetes-prod-admin-kubeconfig', key: 'super-admin.svc' } },
      targetNamespace: 'cozy-cert-manager',
      storageNamespace: 'cozy-cert-manager',
      interval: '5m',
      timeout: '10m',
      install: { createNamespace: true, remediation: { retries: -1 } },
      upgrade: { remediation: { retries: -1 } },
    });
    expect(release('cert-manager').metadata.labels).toEqual({ 'cozystack.io/repository': 'system', 'cozystack.io/target-cluster-name': 'kubernetes-prod', 'sharding.fluxcd.io/key': 'tenants' });
    expect(release('coredns').spec.install).toEqual({ remediation: { retries: -1 } });
    expect(release('prometheus-operator-crds').spec.timeout).toBeUndefined();
  });
  test('dependsOn graph', () => {
    expect(deps('cilium')).toEqual(['gateway-api-crds']);
    expect(deps('cert-manager')).toEqual(['cilium', 'cert-manager-crds']);
    expect(deps('hami')).toEqual(['cilium', 'gpu-operator']);
    expect(deps('monitoring-agents')).toEqual(['cozy-victoria-metrics-operator', 'vertical-pod-autoscaler-crds', 'prometheus-operator-crds', 'metrics-server']);
    expect(deps('ouroboros')).toEqual(['cilium', 'coredns', 'ingress-nginx', 'gateway-api-crds']);
    expect(deps('cozy-victoria-metrics-operator')).toEqual(['cilium', 'cert-manager-crds']);
    const names = new Set(ofKind(docs, 'HelmRelease').map((d) => d.metadata.name));
    for (const hr of ofKind(docs, 'HelmRelease')) for (const d of hr.spec.dependsOn ?? []) expect(names).toContain(d.name);
  });
  test('values: platform values with the user override merged over them (user wins, lists replaced)', () => {
    expect(release('cilium').spec.values.cilium).toEqual({
      k8sServiceHost: 'kubernetes-prod.tenant-acme.svc',
      k8sServicePort: 6443,
      routingMode: 'tunnel',
      MTU: 1350,
      enableIPv4Masquerade: true,
      ipv4NativeRoutingCIDR: '',
      gatewayAPI: { enabled: true, enableAlpn: true },
      envoy: { enabled: true },
      hubble: { enabled: true },
    });
    expect(release('gpu-operator').spec.values['gpu-operator'].devicePlugin).toEqual({ enabled: false });
    expect(release('ingress-nginx').spec.values['ingress-nginx'].controller).toMatchObject({ kind: 'DaemonSet', service: { type: 'NodePort', nodePorts: { http: 30000, https: 30001 } } });
    expect(release('fluxcd').spec.values['flux-instance'].instance.sync.url).toBe('https://git.example.com/acme/fleet.git');
    expect(release('velero').spec.values).toEqual({ velero: { configuration: { backupStorageLocation: [{ name: 'default', provider: 'aws' }] } } });
    const d2 = renderCapi((app) => new h.HikubeCluster(app, 'x', {
      tenantNamespace: 'tenant-acme',
      platformLine: h.PlatformLine.V1_6,
      nodeGroups: { web: h.NodeGroupSpec.of({ roles: [h.NodeRole.INGRESS_NGINX] }) },
      addons: [new h.IngressNginx({ valuesOverride: { 'ingress-nginx': { controller: { kind: 'Deployment', extraArgs: ['--a'] } } } })],
    }));
    expect(find(d2, 'HelmRelease', 'kubernetes-x-ingress-nginx').spec.values['ingress-nginx'].controller).toMatchObject({ kind: 'Deployment', extraArgs: ['--a'] });
    expect(find(d2, 'HelmRelease', 'kubernetes-x-ingress-nginx').spec.values['ingress-nginx'].controller.admissionWebhooks).toEqual({ certManager: { enabled: false } });
  });
  test('releases follow the add-ons: none for disabled ones, always-on ones always', () => {
    const d = renderCapi((app) => new h.HikubeCluster(app, 'bare', { tenantNamespace: 'tenant-acme', platformLine: h.PlatformLine.V1_6, nodeGroups: { w: h.NodeGroupSpec.of() } }));
    expect(ofKind(d, 'HelmRelease').map((r) => r.metadata.name.replace('kubernetes-bare-', ''))).toEqual(['cilium', 'coredns', 'vsnap-crd', 'csi', 'prometheus-operator-crds', 'metrics-server']);
  });
  test('main retries the network and storage releases instead of remediating', () => {
    const d = renderCapi((app) => productionCluster(app, h.PlatformLine.MAIN));
    const strategy = { name: 'RetryOnFailure', retryInterval: '30s' };
    for (const name of ['cilium', 'csi']) {
      expect(find(d, 'HelmRelease', `kubernetes-prod-${name}`).spec.install.strategy).toEqual(strategy);
      expect(find(d, 'HelmRelease', `kubernetes-prod-${name}`).spec.upgrade.strategy).toEqual(strategy);
    }
    expect(find(d, 'HelmRelease', 'kubernetes-prod-coredns').spec.install.strategy).toBeUndefined();
    expect(release('cilium').spec.install.strategy).toBeUndefined();
  });
  test('v0.41 pulls charts from the platform Helm repository', () => {
    const d = renderCapi((app) => productionCluster(app, h.PlatformLine.V0_41));
    expect(find(d, 'HelmRelease', 'kubernetes-prod-cilium').spec.chart).toEqual({
      spec: { chart: 'cozy-cilium', sourceRef: { kind: 'HelmRepository', name: 'cozystack-system', namespace: 'cozy-system' }, version: '>= 0.0.0-0' },
    });
  });
});

describe('content hashes', () => {
  const names = (docs: any[]) => ofKind(docs, 'KubevirtMachineTemplate').map((d) => d.metadata.name).sort();
  test('changing one node group changes only its template name', () => {
    const before = names(renderCapi((app) => productionCluster(app, h.PlatformLine.V1_6)));
    const after = names(renderCapi((app) => productionCluster(app, h.PlatformLine.V1_6, 'prod', { computeStorageClass: 'local' })));
    const changed = after.filter((n) => !before.includes(n));
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatch(/^kubernetes-prod-compute-[0-9a-f]{6}$/);
    expect(before.filter((n) => !after.includes(n))).toEqual([expect.stringMatching(/^kubernetes-prod-compute-/)]);
  });
  test('the same cluster gives the same bytes', () => {
    const render = () => {
      const app = Testing.app();
      const cluster = productionCluster(app, h.PlatformLine.V1_5);
      new h.ClusterApiRendering(app, 'capi', { cluster, platform: PLATFORM });
      return app.synthYaml();
    };
    expect(render()).toBe(render());
  });
});

describe('zones', () => {
  test('splitting min/max over zones preserves both totals and keeps min <= max per zone', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 7 }), fc.nat(1000), fc.nat(1000), (n, a, b) => {
      const [min, max] = [Math.min(a, b), Math.max(a, b)];
      const shares = h.Zone.split(Array.from({ length: n }, (_, i) => h.Zone.selfHosted(`z${i}`)), min, max);
      expect(shares.reduce((s, x) => s + x.minReplicas, 0)).toBe(min);
      expect(shares.reduce((s, x) => s + x.maxReplicas, 0)).toBe(max);
      for (const s of shares) {
        expect(s.minReplicas).toBeLessThanOrEqual(s.maxReplicas);
        expect(Math.abs(s.maxReplicas - Math.floor(max / n))).toBeLessThanOrEqual(1);
      }
    }), { numRuns: 1000 });
  });
  test('remainders go to the first zones', () => {
    expect(h.Zone.split(zones, 4, 10).map((s) => [s.zone.name, s.minReplicas, s.maxReplicas]))
      .toEqual([['geneva', 2, 4], ['lucerne', 1, 3], ['gland', 1, 3]]);
  });
  test('the tenant resource cannot pin zones: a warning says so', () => {
    const app = Testing.app();
    const c = new h.HikubeCluster(app, 'z', { tenantNamespace: 'tenant-a', nodeGroups: { md0: h.NodeGroupSpec.of({ zones }) } });
    const yaml = app.synthYaml();
    expect(yaml).not.toContain('geneva');
    expect(c.warnings).toContain('[z] nodeGroups.md0.zones: the Hikube tenant API has no zone field, so the Kubernetes resource leaves placement to the platform; the zones apply to the Cluster API rendering');
  });
  test('zone lists are checked', () => {
    const app = Testing.app();
    new h.HikubeCluster(app, 'z', { tenantNamespace: 'tenant-a', nodeGroups: { md0: h.NodeGroupSpec.of({ zones: [h.Zone.GENEVA, h.Zone.GENEVA, h.Zone.selfHosted('Bad Zone')] }) } });
    expect(() => app.synthYaml()).toThrow(/nodeGroups.md0.zones: \["geneva","geneva","Bad Zone"\] is not valid; zones must be unique/);
    expect(() => app.synthYaml()).toThrow(/nodeGroups.md0.zones: "Bad Zone" is not valid; a zone must be a lower-case DNS label/);
  });
});

describe('render-time errors', () => {
  test('the tenant host is needed when the cluster has none', () => {
    const app = Testing.app();
    const cluster = new h.HikubeCluster(app, 'x', { tenantNamespace: 'tenant-a', platformLine: h.PlatformLine.V1_6 });
    new h.ClusterApiRendering(app, 'capi', { cluster });
    expect(() => app.synthYaml()).toThrow('[capi] platform.tenantHost: undefined is not valid; the API server host is <release>.<tenantHost> when the cluster sets no host');
  });
  test('kubeadm lines need the worker image', () => {
    const app = Testing.app();
    const cluster = new h.HikubeCluster(app, 'x', { tenantNamespace: 'tenant-a', host: 'x.example.com' });
    new h.ClusterApiRendering(app, 'capi', { cluster });
    expect(() => app.synthYaml()).toThrow('[capi] platform.kubeadmWorkerImage: undefined is not valid; platform line v1.3 boots workers from an Ubuntu container disk');
  });
  test('the cluster\'s own checks run in the rendering too', () => {
    const app = Testing.app();
    const cluster = new h.HikubeCluster(app, 'x', { tenantNamespace: 'tenant-a', nodeGroups: { w: h.NodeGroupSpec.of({ minReplicas: 2, maxReplicas: 1 }) } });
    const capi = new h.ClusterApiRendering(app, 'capi', { cluster, platform: PLATFORM });
    expect(() => Testing.synth(capi)).toThrow('[x] nodeGroups.w.minReplicas: 2 is not valid');
  });
  test('the schema check rejects unknown fields', () => {
    const docs = renderCapi((app) => new h.HikubeCluster(app, 'x', { tenantNamespace: 'tenant-a', platformLine: h.PlatformLine.V1_6, nodeGroups: { w: h.NodeGroupSpec.of() } }));
    const md = structuredClone(find(docs, 'MachineDeployment', 'kubernetes-x-w'));
    md.spec.template.spec.failureZone = 'geneva';
    expect(validateAgainstSchemas(md).join()).toContain('must NOT have additional properties');
  });
});

test('explicit resources render whole cores; pod CPU settings stay in their group', () => {
  const docs = renderCapi((app) => new h.HikubeCluster(app, 'x', {
    tenantNamespace: 'tenant-a',
    platformLine: h.PlatformLine.MAIN,
    nodeGroups: {
      w: h.NodeGroupSpec.of({ resources: { cpu: Cpu.units(6), memory: Size.gibibytes(12) }, podCpuLimit: Cpu.units(6), podCpuRequest: Cpu.millis(1500) }),
      other: h.NodeGroupSpec.of(),
    },
  }));
  const vmSpec = (name: string) => ofKind(docs, 'KubevirtMachineTemplate').find((d) => d.metadata.name.startsWith(`kubernetes-x-${name}-`))
    .spec.template.spec.virtualMachineTemplate.spec.template.spec;
  expect(vmSpec('w').domain.cpu.cores).toBe(6);
  expect(vmSpec('w').domain.resources).toEqual({ limits: { 'ephemeral-storage': '2Gi', 'cpu': '6' }, requests: { 'ephemeral-storage': '53687091', 'cpu': '1500m' } });
  // Pod CPU settings belong to their group only.
  expect(vmSpec('other').domain.resources).toEqual({ limits: { 'ephemeral-storage': '2Gi' }, requests: { 'ephemeral-storage': '53687091' } });
});
