/**
 * The second bundled example: acme's lab cluster on a platform that runs the main line, whose GPUs come in a
 * node pool of their own (`KubernetesNodes`, which main serves), so the ML team owns the pool apart from the
 * cluster document. Synthesized to a folder of its own, both files for the Hikube API:
 * - lab.k8s.yaml: the cluster, in the existing tenant namespace tenant-lab,
 * - lab-gpu.k8s.yaml: the GPU pool `gpu`, named lab-gpu next to the cluster.
 */
import { App } from 'cdk8s';
import { Gpu, GpuOperator, HikubeApp, HikubeCluster, InstanceType, KubernetesNodes, KubernetesVersion, NodeGroupSpec, NodeRole, PlatformLine } from '../src';

/** Builds the lab example into an app; returns the cluster. */
export function buildLab(app: App): HikubeCluster {
  const lab = new HikubeCluster(app, 'lab', {
    tenantNamespace: 'tenant-lab',
    platformLine: PlatformLine.MAIN,
    version: KubernetesVersion.V1_33,
    nodeGroups: { md0: NodeGroupSpec.of({ instanceType: InstanceType.U1_LARGE, minReplicas: 1, maxReplicas: 3 }) },
    addons: [new GpuOperator()],
  });
  new KubernetesNodes(app, 'lab-gpu', {
    cluster: lab, pool: 'gpu', instanceType: InstanceType.U1_4XLARGE, minReplicas: 0, maxReplicas: 2, gpus: [Gpu.NVIDIA_L40S], roles: [NodeRole.of('gpu')],
  });
  return lab;
}

/** Builds and synthesizes the lab example into `outdir`; returns the cluster's warnings. */
export function synthLab(outdir: string): string[] {
  const app = new HikubeApp({ outdir });
  const lab = buildLab(app);
  app.synth();
  return lab.warnings;
}
