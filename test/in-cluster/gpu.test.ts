import { Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as h from '../../src';
import { validateAgainstSchemas } from '../support/crds';
import { synthError } from '../support/errors';
import { parseYamlStream } from '../support/schemas';

function setup(options: { line?: h.PlatformLine; addons?: h.Addon[]; gpuRoles?: h.NodeRole[]; gpus?: h.Gpu[] } = {}) {
  const app = Testing.app();
  const prod = new h.HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-acme',
    platformLine: options.line ?? h.PlatformLine.V1_6,
    nodeGroups: {
      md0: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_XLARGE }),
      gpu: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_4XLARGE, maxReplicas: 2, gpus: options.gpus ?? [h.Gpu.NVIDIA_L40S], roles: options.gpuRoles ?? [h.NodeRole.of('gpu')] }),
    },
    addons: options.addons ?? [new h.GpuOperator()],
  });
  const chart = new h.TenantClusterChart(app, 'inside', { cluster: prod });
  const inference = new kplus.Deployment(chart, 'inference', {
    metadata: { namespace: 'ml' },
    containers: [{ name: 'server', image: 'vllm/vllm-openai:v0.6.0', portNumber: 8000, resources: { cpu: { request: kplus.Cpu.units(4), limit: kplus.Cpu.units(8) }, memory: { request: Size.gibibytes(16), limit: Size.gibibytes(32) } } }],
  });
  return { app, prod, chart, inference };
}

const deployment = (app: any) => parseYamlStream(app.synthYaml()).find((d) => d.kind === 'Deployment');

describe('GPU workloads', () => {
  test('the GPU limit on the container, keeping its CPU and memory; placed by the group\'s role', () => {
    const s = setup();
    new h.GpuWorkload(s.chart, 'inference-gpu', { workload: s.inference, nodeGroup: 'gpu' });
    const doc = deployment(s.app);
    const pod = doc.spec.template.spec;
    expect(pod.containers[0].resources).toEqual({ limits: { 'cpu': '8', 'memory': '32768Mi', 'nvidia.com/gpu': '1' }, requests: { cpu: '4', memory: '16384Mi' } });
    expect(pod.nodeSelector).toEqual({ 'node-role.kubernetes.io/gpu': '' });
    expect(validateAgainstSchemas(doc)).toEqual([]);
  });
  test('gpu=on where the line sets it, keeping the workload\'s own node affinity', () => {
    const s = setup({ gpuRoles: [] });
    s.inference.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is('kubernetes.io/arch', 'amd64')));
    new h.GpuWorkload(s.chart, 'g', { workload: s.inference, nodeGroup: 'gpu', placement: h.GpuPlacement.GPU_LABEL, container: 'server' });
    const doc = deployment(s.app);
    expect(doc.spec.template.spec.nodeSelector).toEqual({ gpu: 'on' });
    expect(doc.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }] }]);
    expect(validateAgainstSchemas(doc)).toEqual([]);
  });
  test('two GPUs per pod on a group with two per node', () => {
    const s = setup({ gpus: [h.Gpu.NVIDIA_L40S, h.Gpu.NVIDIA_L40S] });
    new h.GpuWorkload(s.chart, 'g', { workload: s.inference, nodeGroup: 'gpu', gpusPerPod: 2 });
    expect(deployment(s.app).spec.template.spec.containers[0].resources.limits['nvidia.com/gpu']).toBe('2');
  });
  test('refused: no GPU operator, more GPUs than a node has, a group without GPUs', () => {
    const s = setup({ addons: [] });
    new h.GpuWorkload(s.chart, 'g', { workload: s.inference, nodeGroup: 'gpu', gpusPerPod: 2 });
    const cpu = new kplus.Deployment(s.chart, 'cpu', { containers: [{ image: 'x:1', portNumber: 80 }] });
    s.prod.addNodeGroup('plain', { instanceType: h.InstanceType.U1_XLARGE, roles: [h.NodeRole.of('plain')] });
    new h.GpuWorkload(s.chart, 'p', { workload: cpu, nodeGroup: 'plain' });
    const msg = synthError(s.app);
    expect(msg).toContain('[inside/g] addons.gpuOperator: a GPU workload requires the gpuOperator add-on, which cluster prod does not enable; add GpuOperator to its add-ons');
    expect(msg).toContain('[inside/g] gpusPerPod: 2 is not valid; a pod\'s GPUs come from one node, and a node of group gpu has 1');
    expect(msg).toContain('[inside/p] nodeGroup: "plain" is not valid; the group has no GPUs');
  });
  test('with HAMi the message explains shares', () => {
    const s = setup({ addons: [new h.GpuOperator(), new h.Hami()] });
    new h.GpuWorkload(s.chart, 'g', { workload: s.inference, nodeGroup: 'gpu', gpusPerPod: 3 });
    expect(synthError(s.app)).toContain('(with HAMi each is a share of a different physical GPU)');
  });
  test('refused at once: unknown group, group without role, unknown role or container, gpu=on before v1.5', () => {
    const s = setup({ gpuRoles: [] });
    expect(() => new h.GpuWorkload(s.chart, 'a', { workload: s.inference, nodeGroup: 'gpus' })).toThrow('[inside/a] nodeGroup: "gpus" is not valid; cluster prod has the node groups md0, gpu');
    expect(() => new h.GpuWorkload(s.chart, 'b', { workload: s.inference, nodeGroup: 'gpu' })).toThrow('[inside/b] nodeGroup: "gpu" is not valid; the group has no role to select its nodes by');
    expect(() => new h.GpuWorkload(s.chart, 'c', { workload: s.inference, nodeGroup: 'md0', role: h.NodeRole.of('gpu') })).toThrow('[inside/c] role: "gpu" is not valid; node group md0 has the roles none');
    const t = setup();
    expect(() => new h.GpuWorkload(t.chart, 'd', { workload: t.inference, nodeGroup: 'gpu', container: 'sidecar' })).toThrow('[inside/d] container: "sidecar" is not valid; the workload has the containers server');
    const old = setup({ line: h.PlatformLine.V1_3 });
    expect(() => new h.GpuWorkload(old.chart, 'e', { workload: old.inference, nodeGroup: 'gpu', placement: h.GpuPlacement.GPU_LABEL }))
      .toThrow('[inside/e] placement: "gpu-label" is not valid; the gpu=on node label is not available on platform line v1.3; available from line v1.5');
  });
  test('a pod larger than a GPU node can allocate is refused', () => {
    const s = setup();
    const big = new kplus.Deployment(s.chart, 'big', { containers: [{ image: 'x:1', portNumber: 80, resources: { cpu: { request: kplus.Cpu.units(16) }, memory: { request: Size.gibibytes(8) } } }] });
    new h.GpuWorkload(s.chart, 'g', { workload: big, nodeGroup: 'gpu' });
    expect(synthError(s.app)).toContain('[inside] Deployment inside-big resources.requests: "16000m CPU, 8192Mi per pod" is not valid; no node group it may run on can allocate that after kubelet reservations (gpu 15000m CPU');
  });
});

describe('GPU workloads: untyped callers', () => {
  test('not a workload, a string for gpusPerPod, an unknown placement', () => {
    const s = setup();
    expect(() => new h.GpuWorkload(s.chart, 'a', { workload: 'inference' as any, nodeGroup: 'gpu' })).toThrow('[inside/a] workload: the string "inference" is not valid; expected an IWorkload (a cdk8s-plus Deployment, StatefulSet or DaemonSet');
    expect(() => new h.GpuWorkload(s.chart, 'b', { workload: s.inference, nodeGroup: 'gpu', placement: 'any' as any })).toThrow('[inside/b] placement: the string "any" is not valid; expected one of GpuPlacement.ROLE ("role"), GpuPlacement.GPU_LABEL ("gpu-label")');
    expect(() => new h.GpuWorkload(s.chart, 'c', { workload: s.inference, nodeGroup: 'gpu', gpusPerPod: '1' as any })).toThrow('[inside/c] gpusPerPod: the string "1" is not valid; expected a finite number');
    new h.GpuWorkload(s.chart, 'd', { workload: s.inference, nodeGroup: 'gpu', gpusPerPod: 1.5 });
    expect(synthError(s.app)).toContain('[inside/d] gpusPerPod: 1.5 is not valid; expected a whole number of GPUs');
  });
});
