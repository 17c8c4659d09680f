import { App, Cron, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as h from '../../src';
import { libraryCodes } from '../diagnostics/rule-example';
import { validateAgainstSchemas } from '../support/crds';
import { synthError } from '../support/errors';
import { parseYamlStream } from '../support/schemas';

function setup(app: App, addons: h.Addon[] = [new h.GpuOperator()]) {
  const prod = new h.HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-acme',
    platformLine: h.PlatformLine.V1_6,
    nodeGroups: {
      md0: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_XLARGE }),
      gpu: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_4XLARGE, maxReplicas: 2, gpus: [h.Gpu.NVIDIA_L40S], roles: [h.NodeRole.of('gpu')] }),
    },
    addons,
  });
  return new h.TenantClusterChart(app, 'inside', { cluster: prod });
}

const container = { name: 'cuda', image: 'nvidia/cuda:12.4.1-base-ubuntu22.04', command: ['nvidia-smi'], securityContext: { ensureNonRoot: false } };

describe('GPU jobs', () => {
  test('a one-shot Pod, a Job and a CronJob get the GPU limit and the group\'s node selector', () => {
    const app = Testing.app();
    const chart = setup(app);
    const smoke = new kplus.Pod(chart, 'smoke', { containers: [container], restartPolicy: kplus.RestartPolicy.NEVER });
    const train = new kplus.Job(chart, 'train', { containers: [{ ...container, resources: { memory: { request: Size.gibibytes(8), limit: Size.gibibytes(16) } } }] });
    const nightly = new kplus.CronJob(chart, 'nightly', { containers: [container], schedule: Cron.daily() });
    new h.GpuJob(chart, 'smoke-gpu', { job: smoke, nodeGroup: 'gpu' });
    const g = new h.GpuJob(chart, 'train-gpu', { job: train, nodeGroup: 'gpu', container: 'cuda' });
    new h.GpuJob(chart, 'nightly-gpu', { job: nightly, nodeGroup: 'gpu' });
    expect(g.gpusPerPod).toBe(1);
    const docs = parseYamlStream(app.synthYaml());
    const pods = [
      docs.find((d) => d.kind === 'Pod').spec,
      docs.find((d) => d.kind === 'Job').spec.template.spec,
      docs.find((d) => d.kind === 'CronJob').spec.jobTemplate.spec.template.spec,
    ];
    for (const pod of pods) {
      expect(pod.containers[0].resources.limits['nvidia.com/gpu']).toBe('1');
      expect(pod.nodeSelector).toEqual({ 'node-role.kubernetes.io/gpu': '' });
    }
    expect(pods[1].containers[0].resources.limits.memory).toBe('16384Mi');
    for (const kind of ['Pod', 'Job', 'CronJob']) expect(validateAgainstSchemas(docs.find((d) => d.kind === kind))).toEqual([]);
  });

  test('refused: a Deployment (GpuWorkload takes those), no GPU operator, more GPUs than a node has, a pod larger than the nodes', () => {
    expect(libraryCodes((app) => {
      const chart = setup(app);
      new h.GpuJob(chart, 'g', { job: new kplus.Deployment(chart, 'd', { containers: [container] }) as any, nodeGroup: 'gpu' });
    })).toEqual(['HK-WORKLOAD']);
    expect(libraryCodes((app) => {
      const chart = setup(app, []);
      new h.GpuJob(chart, 'g', { job: new kplus.Job(chart, 'j', { containers: [container] }), nodeGroup: 'gpu' });
    })).toEqual(['HK-ADDON']);
    expect(libraryCodes((app) => {
      const chart = setup(app);
      new h.GpuJob(chart, 'g', { job: new kplus.Job(chart, 'j', { containers: [container] }), nodeGroup: 'gpu', gpusPerPod: 2 });
    })).toEqual(['HK-GPU-WORKLOAD']);
    expect(libraryCodes((app) => {
      const chart = setup(app);
      new h.GpuJob(chart, 'g', { job: new kplus.Job(chart, 'j', { containers: [{ ...container, resources: { memory: { request: Size.gibibytes(512), limit: Size.gibibytes(512) } } }] }), nodeGroup: 'gpu' });
    })).toEqual(['HK-POD-FIT']);
    expect(libraryCodes((app) => {
      const chart = setup(app);
      new h.GpuJob(chart, 'g', { job: new kplus.Job(chart, 'j', { containers: [container] }), nodeGroup: 'gpu' });
    })).toEqual([]);
  });

  test('the fit check names the job by its kind', () => {
    const app = Testing.app();
    const chart = setup(app);
    new h.GpuJob(chart, 'g', { job: new kplus.Job(chart, 'j', { containers: [{ ...container, resources: { memory: { request: Size.gibibytes(512), limit: Size.gibibytes(512) } } }] }), nodeGroup: 'gpu' });
    expect(synthError(app)).toMatch(/\[inside\/g\] Job inside-j resources\.requests/);
  });
});
