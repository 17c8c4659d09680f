import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as h from '../../src';
import { validateAgainstSchemas } from '../support/crds';
import { synthError } from '../support/errors';
import { parseYamlStream } from '../support/schemas';

function setup(addons: h.Addon[] = [new h.MonitoringAgents()]) {
  const app = Testing.app();
  const prod = new h.HikubeCluster(app, 'prod', { tenantNamespace: 'tenant-acme', platformLine: h.PlatformLine.V1_6, nodeGroups: { md0: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_XLARGE }) }, addons });
  const chart = new h.TenantClusterChart(app, 'inside', { cluster: prod });
  const web = new kplus.Deployment(chart, 'web', { metadata: { namespace: 'shop' }, containers: [{ image: 'x:1', portNumber: 80 }] });
  return { app, chart, web };
}

describe('VerticalAutoscaler', () => {
  test('a VPA for the workload, with bounds, valid against the CRD', () => {
    const s = setup();
    new h.VerticalAutoscaler(s.chart, 'Web_VPA', { workload: s.web, updateMode: h.VpaUpdateMode.INITIAL, minCpu: kplus.Cpu.millis(100), maxCpu: kplus.Cpu.units(2), maxMemory: Size.gibibytes(4) });
    const vpa = parseYamlStream(s.app.synthYaml()).find((d) => d.kind === 'VerticalPodAutoscaler');
    expect(vpa).toEqual({
      apiVersion: 'autoscaling.k8s.io/v1',
      kind: 'VerticalPodAutoscaler',
      metadata: { name: 'web-vpa', namespace: 'shop' },
      spec: {
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'inside-web' },
        updatePolicy: { updateMode: 'Initial' },
        resourcePolicy: { containerPolicies: [{ containerName: '*', minAllowed: { cpu: '100m' }, maxAllowed: { cpu: '2', memory: '4Gi' } }] },
      },
    });
    expect(validateAgainstSchemas(vpa)).toEqual([]);
  });
  test('recommendations only by default', () => {
    const s = setup();
    new h.VerticalAutoscaler(s.chart, 'vpa', { workload: s.web });
    const vpa = parseYamlStream(s.app.synthYaml()).find((d) => d.kind === 'VerticalPodAutoscaler');
    expect(vpa.spec).toEqual({ targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'inside-web' }, updatePolicy: { updateMode: 'Off' } });
    expect(validateAgainstSchemas(vpa)).toEqual([]);
  });
  test('refused without the monitoring agents, which bring the autoscaler', () => {
    const s = setup([]);
    new h.VerticalAutoscaler(s.chart, 'vpa', { workload: s.web });
    expect(synthError(s.app)).toContain('[inside/vpa] addons.monitoringAgents: a VerticalPodAutoscaler (the platform installs it with the monitoring agents) requires the monitoringAgents add-on');
  });
  test('a maximum above what a node allocates: a warning', () => {
    const s = setup();
    const vpa = new h.VerticalAutoscaler(s.chart, 'vpa', { workload: s.web, maxCpu: kplus.Cpu.units(8) });
    s.app.synthYaml();
    expect(vpa.node.metadata.map((m) => ({ rule: m.data.rule, field: m.data.field, detail: m.data.detail }))).toEqual([{
      rule: 'HK-VPA-MAX',
      field: 'maxAllowed',
      detail: '{"cpu":"8"} is more than a node the workload may run on allocates (3600m CPU, 13598Mi); pods raised to it would stay pending',
    }]);
  });
  test('refused: inverted bounds, bad modes and amounts (untyped callers included)', () => {
    const s = setup();
    expect(() => new h.VerticalAutoscaler(s.chart, 'a', { workload: s.web, minCpu: kplus.Cpu.units(2), maxCpu: kplus.Cpu.units(1) })).toThrow('[inside/a] minCpu: "2" is not valid; must not exceed maxCpu (1)');
    expect(() => new h.VerticalAutoscaler(s.chart, 'b', { workload: s.web, minMemory: Size.gibibytes(2), maxMemory: Size.gibibytes(1) })).toThrow('[inside/b] minMemory: "2Gi" is not valid; must not exceed maxMemory (1Gi)');
    expect(() => new h.VerticalAutoscaler(s.chart, 'c', { workload: s.web, updateMode: 'auto' as any })).toThrow('[inside/c] updateMode: the string "auto" is not valid; expected one of VpaUpdateMode.OFF ("Off"), VpaUpdateMode.INITIAL ("Initial"), VpaUpdateMode.RECREATE ("Recreate"), VpaUpdateMode.AUTO ("Auto"); did you mean VpaUpdateMode.AUTO');
    expect(() => new h.VerticalAutoscaler(s.chart, 'd', { workload: s.web, maxMemory: '4Gi' as any })).toThrow('[inside/d] maxMemory: the string "4Gi" is not valid; expected a Size');
    expect(() => new h.VerticalAutoscaler(s.chart, 'e', { workload: s.web, maxCpu: kplus.Cpu.units(0) })).toThrow('[inside/e] maxCpu: "0" is not valid');
    expect(() => new h.VerticalAutoscaler(s.chart, 'f', { workload: {} as any })).toThrow('[inside/f] workload: "Object" is not valid');
  });
});
