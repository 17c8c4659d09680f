import { App, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as h from '../../src';
import { HikubeValidationError } from '../../src/errors';
import { find, renderCapi } from '../support/cluster-api';
import { parseYamlStream, validateTenantDocument } from '../support/schemas';

type Props = Partial<h.HikubeClusterProps>;
const ingressGroup = { web: h.NodeGroupSpec.of({ roles: [h.NodeRole.INGRESS_NGINX], minReplicas: 1 }) };

function cluster(props: Props, app: App = Testing.app()): h.HikubeCluster {
  return new h.HikubeCluster(app, 'c1', { tenantNamespace: 'tenant-a', nodeGroups: ingressGroup, ...props });
}

function synthError(props: Props): string {
  const app = Testing.app();
  cluster(props, app);
  try {
    app.synthYaml();
  } catch (e: any) {
    expect(e).toBeInstanceOf(HikubeValidationError);
    return e.message;
  }
  throw new Error('expected synthesis to fail');
}

function synth(props: Props): { doc: any; warnings: string[] } {
  const app = Testing.app();
  const c = cluster(props, app);
  const [doc] = parseYamlStream(app.synthYaml());
  expect(validateTenantDocument(doc, c.platformLine)).toEqual([]);
  return { doc, warnings: c.warnings };
}

describe('valuesOverride at the keys the charts read', () => {
  const chartKeys: Array<[string, () => h.Addon[], string, h.PlatformLine]> = [
    ['cert-manager', () => [new h.CertManager({ valuesOverride: { 'cert-manager': { replicaCount: 2 }, 'crds': { keep: true }, 'installCRDs': true } })], 'certManager', h.PlatformLine.V1_3],
    ['ingress-nginx', () => [new h.IngressNginx({ valuesOverride: { 'ingress-nginx': { controller: { config: { 'use-gzip': 'true' } } } } })], 'ingressNginx', h.PlatformLine.V1_3],
    ['flux-instance', () => [new h.Flux({ valuesOverride: { 'flux-instance': { instance: { cluster: { domain: 'cluster.local' } } } } })], 'fluxcd', h.PlatformLine.V1_3],
    ['gpu-operator', () => [new h.GpuOperator({ valuesOverride: { 'gpu-operator': { driver: { version: '580.126.20' } } } })], 'gpuOperator', h.PlatformLine.V1_3],
    ['kernelModuleConfig on v1.6', () => [new h.GpuOperator({ valuesOverride: { kernelModuleConfig: { create: false } } })], 'gpuOperator', h.PlatformLine.V1_6],
    ['velero', () => [new h.Velero({ valuesOverride: { velero: { snapshotsEnabled: false } } })], 'velero', h.PlatformLine.V1_3],
    ['hami', () => [new h.GpuOperator(), new h.Hami({ valuesOverride: { hami: { scheduler: {} } } })], 'hami', h.PlatformLine.V1_6],
    ['ouroboros', () => [new h.IngressNginx(), new h.Ouroboros({ valuesOverride: { ouroboros: { controller: { mode: 'coredns-import' } } } })], 'ouroboros', h.PlatformLine.V1_6],
    ['cilium', () => [new h.Cilium({ valuesOverride: { cilium: { hubble: { enabled: true } } } })], 'cilium', h.PlatformLine.V1_3],
    ['coredns', () => [new h.CoreDns({ valuesOverride: { coredns: { replicaCount: 3 } } })], 'coredns', h.PlatformLine.V1_3],
    ['vertical-pod-autoscaler', () => [new h.MonitoringAgents(), new h.VerticalPodAutoscaler({ valuesOverride: { 'vertical-pod-autoscaler': { recommender: {} } } })], 'verticalPodAutoscaler', h.PlatformLine.V1_3],
  ];
  test.each(chartKeys)('%s is accepted', (_, addons, key, line) => {
    const { doc, warnings } = synth({ addons: addons(), platformLine: line });
    expect(doc.spec.addons[key].valuesOverride).toBeDefined();
    expect(warnings.filter((w) => w.includes('valuesOverride'))).toEqual([]);
  });

  test.each<[string, h.Addon, string]>([
    ['certManager', new h.CertManager({ valuesOverride: { certManager: { installCRDs: true } } }),
      '[c1] addons.certManager.valuesOverride.certManager: "certManager" is not valid; the cert-manager charts read only "cert-manager", "crds", "installCRDs"; the platform accepts any key and ignores this one: nest these values under "cert-manager"'],
    ['ingressNginx', new h.IngressNginx({ valuesOverride: { ingressNginx: { controller: { replicaCount: 2 } } } }),
      '[c1] addons.ingressNginx.valuesOverride.ingressNginx: "ingressNginx" is not valid; the ingress-nginx charts read only "ingress-nginx"; the platform accepts any key and ignores this one: nest these values under "ingress-nginx"'],
    ['controller without its sub-chart', new h.IngressNginx({ valuesOverride: { controller: { replicaCount: 2 } } }),
      'addons.ingressNginx.valuesOverride.controller: "controller" is not valid; the ingress-nginx charts read only "ingress-nginx"'],
    ['gpuOperator', new h.GpuOperator({ valuesOverride: { gpuOperator: { driver: { version: '570' } } } }),
      'addons.gpuOperator.valuesOverride.gpuOperator: "gpuOperator" is not valid; the gpu-operator charts read only "gpu-operator"; the platform accepts any key and ignores this one: nest these values under "gpu-operator"'],
    ['fluxcd', new h.Flux({ valuesOverride: { fluxcd: { instance: {} } } }),
      'addons.fluxcd.valuesOverride.fluxcd: "fluxcd" is not valid; the flux-instance charts read only "flux-instance"; the platform accepts any key and ignores this one: nest these values under "flux-instance"'],
    ['gitRepository', new h.Flux({ valuesOverride: { gitRepository: { url: 'https://git.example.com/fleet.git', branch: 'main' } } }),
      'addons.fluxcd.valuesOverride.gitRepository: "gitRepository" is not valid; no chart of the platform reads gitRepository; the Flux instance syncs from flux-instance.instance.sync, which the typed bootstrap option of Flux writes'],
    ['corends typo', new h.CoreDns({ valuesOverride: { corends: { replicaCount: 3 } } }),
      'addons.coredns.valuesOverride.corends: "corends" is not valid; the coredns charts read only "coredns"; the platform accepts any key and ignores this one: nest these values under "coredns"'],
    ['velero configuration', new h.Velero({ valuesOverride: { configuration: { backupStorageLocation: [] } } }),
      'addons.velero.valuesOverride.configuration: "configuration" is not valid; the velero charts read only "velero"; the platform accepts any key and ignores this one: nest these values under "velero"'],
    ['vpa', new h.VerticalPodAutoscaler({ valuesOverride: { vpa: {} } }),
      'addons.verticalPodAutoscaler.valuesOverride.vpa: "vpa" is not valid; the vertical-pod-autoscaler charts read only "vertical-pod-autoscaler"'],
    ['kernelModuleConfig before v1.6', new h.GpuOperator({ valuesOverride: { kernelModuleConfig: { create: false } } }),
      'addons.gpuOperator.valuesOverride.kernelModuleConfig: "kernelModuleConfig" is not valid; the gpu-operator charts read only "gpu-operator" on platform line v1.3 (it is read on v1.6, main); the platform accepts any key and ignores this one: nest these values under "gpu-operator"'],
  ])('an unread key is refused with the key it belongs under: %s', (_, addon, message) => {
    expect(synthError({ addons: [addon] })).toContain(message);
  });

  test('HAMi and Ouroboros read their own keys', () => {
    const msg = synthError({ platformLine: h.PlatformLine.V1_6, addons: [new h.GpuOperator(), new h.IngressNginx(), new h.Hami({ valuesOverride: { devicePlugin: {} } }), new h.Ouroboros({ valuesOverride: { controller: {} } })] });
    expect(msg).toContain('addons.hami.valuesOverride.devicePlugin: "devicePlugin" is not valid; the HAMi charts read only "hami"');
    expect(msg).toContain('addons.ouroboros.valuesOverride.controller: "controller" is not valid; the Ouroboros charts read only "ouroboros"');
  });

  test('forced or ignored settings give a warning with the reason', () => {
    const { warnings } = synth({
      addons: [
        new h.IngressNginx({ valuesOverride: { 'ingress-nginx': { controller: { replicaCount: 3 }, nodeSelector: { a: 'b' } } } }),
        new h.CertManager({ valuesOverride: { 'cert-manager': { installCRDs: true } } }),
        new h.VerticalPodAutoscaler({ valuesOverride: { 'vertical-pod-autoscaler': { recommender: {} } } }),
      ],
    });
    expect(warnings).toEqual(expect.arrayContaining([
      '[c1] addons.ingressNginx.valuesOverride.ingress-nginx.controller.replicaCount: ignored, the platform runs the controller as a DaemonSet (one pod per node); use the typed replicas option, which also switches to a Deployment',
      '[c1] addons.ingressNginx.valuesOverride.ingress-nginx.nodeSelector: ignored, the chart reads controller.nodeSelector; use the typed pinToIngressNodes option',
      '[c1] addons.certManager.valuesOverride.cert-manager.installCRDs: ignored, the platform installs cert-manager\'s CRDs in a release of their own (cert-manager-crds)',
      '[c1] addons.verticalPodAutoscaler.valuesOverride: ignored, the platform installs the Vertical Pod Autoscaler only with the monitoring agents; add MonitoringAgents',
    ]));
  });

  test('replicaCount with kind Deployment in the override is not warned about', () => {
    const { warnings } = synth({ addons: [new h.IngressNginx({ valuesOverride: { 'ingress-nginx': { controller: { kind: 'Deployment', replicaCount: 3 } } } })] });
    expect(warnings.filter((w) => w.includes('replicaCount'))).toEqual([]);
  });
});

describe('typed settings and valuesOverride may not disagree', () => {
  test('the same value in both places is fine', () => {
    const { doc } = synth({ addons: [new h.IngressNginx({ replicas: 2, valuesOverride: { 'ingress-nginx': { controller: { replicaCount: 2, config: { a: 'b' } } } } })] });
    expect(doc.spec.addons.ingressNginx.valuesOverride['ingress-nginx'].controller).toMatchObject({ kind: 'Deployment', replicaCount: 2, config: { a: 'b' } });
  });
  test('different values are an error naming both', () => {
    expect(synthError({ addons: [new h.IngressNginx({ replicas: 2, valuesOverride: { 'ingress-nginx': { controller: { replicaCount: 4 } } } })] }))
      .toContain('[c1] addons.ingressNginx.valuesOverride.ingress-nginx.controller.replicaCount: 4 is not valid; the typed option replicas sets it to 2; set the value in one place');
    expect(synthError({ addons: [new h.IngressNginx({ resources: { cpu: { limit: Cpu.units(2) } }, valuesOverride: { 'ingress-nginx': { controller: { resources: { limits: { cpu: '1' } } } } } })] }))
      .toContain('addons.ingressNginx.valuesOverride.ingress-nginx.controller.resources.limits.cpu: "1" is not valid; the typed option resources sets it to "2"');
    expect(synthError({ addons: [new h.Flux({ bootstrap: { url: 'https://git.example.com/a.git' }, valuesOverride: { 'flux-instance': { instance: { sync: { url: 'https://git.example.com/b.git' } } } } })] }))
      .toContain('addons.fluxcd.valuesOverride.flux-instance.instance.sync.url: "https://git.example.com/b.git" is not valid; the typed option bootstrap (url) sets it to "https://git.example.com/a.git"');
    expect(synthError({ addons: [new h.CertManager({ serviceMonitor: true, valuesOverride: { 'cert-manager': { prometheus: { servicemonitor: { enabled: false } } } } })] }))
      .toContain('addons.certManager.valuesOverride.cert-manager.prometheus.servicemonitor.enabled: false is not valid; the typed option serviceMonitor sets it to true');
  });
});

describe('ingress-nginx typed settings', () => {
  test('replicas switch to a Deployment and, when Proxied, keep traffic from nodes without a pod', () => {
    const { doc } = synth({ addons: [new h.IngressNginx({ replicas: 3, resources: { cpu: { request: Cpu.millis(200), limit: Cpu.units(2) }, memory: { request: Size.mebibytes(256), limit: Size.gibibytes(1) } }, pinToIngressNodes: true })] });
    expect(doc.spec.addons.ingressNginx).toEqual({
      enabled: true,
      valuesOverride: {
        'ingress-nginx': {
          controller: {
            kind: 'Deployment',
            replicaCount: 3,
            service: { externalTrafficPolicy: 'Cluster' },
            resources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '2', memory: '1Gi' } },
            nodeSelector: { 'node-role.kubernetes.io/ingress-nginx': '' },
          },
        },
      },
    });
  });
  test('with a LoadBalancer the traffic policy stays the platform\'s', () => {
    const { doc } = synth({ addons: [new h.IngressNginx({ replicas: 2, exposeMethod: h.ExposeMethod.LOAD_BALANCER })] });
    expect(doc.spec.addons.ingressNginx.valuesOverride['ingress-nginx'].controller).toEqual({ kind: 'Deployment', replicaCount: 2 });
  });
  test('the release renders the controller as a Deployment on ingress nodes', () => {
    const docs = renderCapi((app) => cluster({ platformLine: h.PlatformLine.V1_6, addons: [new h.IngressNginx({ replicas: 2, pinToIngressNodes: true })] }, app));
    const controller = find(docs, 'HelmRelease', 'kubernetes-c1-ingress-nginx').spec.values['ingress-nginx'].controller;
    expect(controller).toMatchObject({ kind: 'Deployment', replicaCount: 2, nodeSelector: { 'node-role.kubernetes.io/ingress-nginx': '' } });
  });
  test('bad values', () => {
    expect(synthError({ addons: [new h.IngressNginx({ replicas: 0 })] })).toContain('[c1] addons.ingressNginx.replicas: 0 is not valid; expected a whole number of controller pods, 1 or more');
    expect(synthError({ addons: [new h.IngressNginx({ replicas: 1.5 })] })).toContain('addons.ingressNginx.replicas: 1.5 is not valid');
    expect(synthError({ addons: [new h.IngressNginx({ resources: { cpu: { request: Cpu.units(2), limit: Cpu.units(1) } } })] }))
      .toContain('addons.ingressNginx.resources.cpu.request: "2" is not valid; the request cannot exceed the limit (1)');
    expect(synthError({ addons: [new h.IngressNginx({ resources: { memory: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } } })] }))
      .toContain('addons.ingressNginx.resources.memory.request: "2Gi" is not valid; the request cannot exceed the limit (1Gi)');
  });
});

describe('cert-manager metrics', () => {
  test('a ServiceMonitor, spelt the chart\'s way', () => {
    const { doc, warnings } = synth({ addons: [new h.CertManager({ serviceMonitor: true, serviceMonitorInterval: Duration.seconds(30) }), new h.MonitoringAgents()] });
    expect(doc.spec.addons.certManager.valuesOverride).toEqual({ 'cert-manager': { prometheus: { enabled: true, servicemonitor: { enabled: true, interval: '30s' } } } });
    expect(warnings.filter((w) => w.includes('certManager'))).toEqual([]);
  });
  test('without the monitoring agents nothing scrapes it: warning', () => {
    expect(synth({ addons: [new h.CertManager({ serviceMonitor: true })] }).warnings)
      .toContain('[c1] addons.certManager.serviceMonitor: nothing scrapes the ServiceMonitor without the monitoring agents; add MonitoringAgents or scrape it with your own Prometheus');
  });
  test('the chart\'s strict schema: camelCase serviceMonitor and unknown keys fail the install', () => {
    const msg = synthError({ addons: [new h.CertManager({ valuesOverride: { 'cert-manager': { prometheus: { serviceMonitor: { enabled: true }, servicemonitor: { enable: true } } } } })] });
    expect(msg).toContain('addons.certManager.valuesOverride.cert-manager.prometheus.serviceMonitor: "serviceMonitor" is not valid; did you mean servicemonitor? cert-manager.prometheus takes enabled, servicemonitor, podmonitor');
    expect(msg).toContain('the chart\'s schema refuses unknown keys, so the release fails to install');
    expect(msg).toContain('addons.certManager.valuesOverride.cert-manager.prometheus.servicemonitor.enable: "enable" is not valid; did you mean enabled? cert-manager.prometheus.servicemonitor takes enabled, interval');
  });
  test('a PodMonitor and a ServiceMonitor together', () => {
    expect(synthError({ addons: [new h.CertManager({ serviceMonitor: true, valuesOverride: { 'cert-manager': { prometheus: { podmonitor: { enabled: true } } } } })] }))
      .toContain('addons.certManager.valuesOverride.cert-manager.prometheus.podmonitor.enabled: true is not valid; the chart refuses a PodMonitor and a ServiceMonitor together');
  });
  test('an interval without the ServiceMonitor', () => {
    expect(synthError({ addons: [new h.CertManager({ serviceMonitorInterval: Duration.seconds(30) })] }))
      .toContain('addons.certManager.serviceMonitorInterval: "30s" is not valid; an interval needs serviceMonitor: true');
  });
});

describe('untyped callers', () => {
  test('wrong types get the library\'s error', () => {
    expect(() => new h.IngressNginx({ replicas: '2' } as any)).toThrow('[IngressNginx] replicas: the string "2" is not valid; expected a finite number');
    expect(() => new h.IngressNginx({ hosts: 'shop.example.com' } as any)).toThrow('[IngressNginx] hosts: the string "shop.example.com" is not valid; expected a list (each: string); to give one, wrap it in a list: ["shop.example.com"]');
    expect(() => new h.CertManager({ serviceMonitor: 'yes' } as any)).toThrow('[CertManager] serviceMonitor: the string "yes" is not valid; expected a boolean');
    expect(() => new h.CertManager({ serviceMonitor: true, serviceMonitorInterval: '30s' } as any)).toThrow('[CertManager] serviceMonitorInterval: the string "30s" is not valid; expected a Duration');
  });
  test('a misspelt typed option is named as such', () => {
    expect(() => new h.IngressNginx({ replica: 2 } as any)).toThrow('[IngressNginx] replica: unknown option of IngressNginxProps; did you mean replicas?');
    expect(() => new h.CertManager({ service_monitor: true } as any)).toThrow('[CertManager] service_monitor: unknown option; the option is serviceMonitor');
  });
});

describe('public lists of the model', () => {
  test('are frozen copies: the caller\'s list stays open, a later push is refused and never reaches the YAML', () => {
    const given = ['shop.acme.example'];
    const ingress = new h.IngressNginx({ hosts: given });
    given.push('other.acme.example');
    expect(ingress.hosts).toEqual(['shop.acme.example']);
    const app = new App();
    new h.HikubeCluster(app, 'c', { tenantNamespace: 'tenant-a', addons: [ingress] });
    const first = app.synthYaml();
    expect(() => ingress.hosts.push('BAD_HOST')).toThrow(TypeError);
    expect(app.synthYaml()).toEqual(first);
    expect(first).not.toContain('BAD_HOST');
  });
});
