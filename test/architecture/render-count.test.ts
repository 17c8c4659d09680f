import { ApiObject, App, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as h from '../../src';
import * as tenantSpec from '../../src/tenant/tenant-spec';

/** A cluster with its Cluster API rendering and an in-cluster chart whose Deployment a check reads. */
function fleetOfOne(app: App) {
  const cluster = new h.HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-a',
    platformLine: h.PlatformLine.V1_6,
    nodeGroups: { md0: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_XLARGE, minReplicas: 1, roles: [h.NodeRole.INGRESS_NGINX] }) },
    addons: [new h.MonitoringAgents(), new h.IngressNginx()],
  });
  new h.ClusterApiRendering(app, 'capi', { cluster, platform: { tenantHost: 'hikube.example.com' } });
  const chart = new h.TenantClusterChart(app, 'inside', { cluster });
  const web = new kplus.Deployment(chart, 'web', { metadata: { namespace: 'shop' }, containers: [{ image: 'registry.example.com/web:1', portNumber: 80 }] });
  new h.VerticalAutoscaler(chart, 'vpa', { workload: web, maxMemory: Size.gibibytes(2) });
  return { cluster, web };
}

afterEach(() => jest.restoreAllMocks());

describe('each document renders once per synth', () => {
  test.each([['App', () => new App()], ['HikubeApp', () => new h.HikubeApp()]] as const)('the tenant spec, with its schema check (%s)', (_name, makeApp) => {
    const app = makeApp();
    fleetOfOne(app);
    const render = jest.spyOn(tenantSpec, 'renderTenantSpec');
    app.synthYaml();
    expect(render).toHaveBeenCalledTimes(1);
  });

  test.each([['App', () => new App()], ['HikubeApp', () => new h.HikubeApp()]] as const)('a workload an in-cluster check reads (%s)', (_name, makeApp) => {
    const app = makeApp();
    const { web } = fleetOfOne(app);
    const render = jest.spyOn(ApiObject.of(web), 'toJson');
    app.synthYaml();
    expect(render).toHaveBeenCalledTimes(1);
  });
});
