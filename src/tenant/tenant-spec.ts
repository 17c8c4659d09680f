import type { HikubeCluster } from './hikube-cluster';
import { NodeHealthCheckOptions } from '../model/health-check';
import { renderOidc } from '../model/oidc';
import { formatDuration } from '../model/quantity';
import { renderTalos } from '../model/talos';

/**
 * The `spec` of a cluster's `Kubernetes` resource for its platform line: what the user set, plus what the
 * line requires after the platform's defaulting (each part renders the fields of its line).
 */
export function renderTenantSpec(cluster: HikubeCluster): Record<string, any> {
  const p = cluster.props;
  const spec: Record<string, any> = {};
  if (p.version !== undefined) spec.version = p.version.toString();
  if (p.host !== undefined) spec.host = p.host;
  if (p.storageClass !== undefined) spec.storageClass = p.storageClass;
  const controlPlane = cluster.controlPlane._render();
  if (controlPlane) spec.controlPlane = controlPlane;
  if (cluster.nodeGroups.length > 0) {
    spec.nodeGroups = Object.fromEntries(cluster.nodeGroups.map((g) => [g.name, g._render()]));
  }
  if (cluster.addons.length > 0) {
    spec.addons = Object.fromEntries(cluster.addons.map((a) => [a.key, a._render()]));
  }
  if (p.talos) spec.talos = renderTalos(p.talos);
  if (p.nodeHealthCheck) spec.nodeHealthCheck = renderHealthCheck(p.nodeHealthCheck);
  if (p.oidc) spec.oidc = renderOidc(p.oidc);
  if (p.maxNodeProvisionTime) spec.maxNodeProvisionTime = formatDuration(p.maxNodeProvisionTime);
  const images = Object.entries(p.images ?? {}).filter(([, v]) => v !== undefined);
  if (images.length > 0) spec.images = Object.fromEntries(images);
  return spec;
}

function renderHealthCheck(hc: NodeHealthCheckOptions): Record<string, any> {
  return {
    ...(hc.maxUnhealthy ? { maxUnhealthy: hc.maxUnhealthy.toString() } : {}),
    ...(hc.nodeStartupTimeout ? { nodeStartupTimeout: formatDuration(hc.nodeStartupTimeout) } : {}),
    ...(hc.readyUnknownTimeout ? { readyUnknownTimeout: formatDuration(hc.readyUnknownTimeout) } : {}),
    ...(hc.readyFalseTimeout ? { readyFalseTimeout: formatDuration(hc.readyFalseTimeout) } : {}),
  };
}
