/**
 * Refreshes the top-level `imports/` folder from the upstream definitions checkout (`../shared` by
 * default, or HIKUBE_SHARED_DIR). It is the only step that reads outside the repository: everything
 * else (code generation, tests, the example) reads `imports/`.
 *
 * Only the definitions the library renders or validates against are taken; SOURCES.md in `imports/`
 * names the upstream project, version and license of each and is maintained by hand.
 */
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const upstream = process.env.HIKUBE_SHARED_DIR ?? path.resolve(root, '..', 'shared');
const target = path.join(root, 'imports');

/** Paths relative to both the upstream folder and `imports/`. */
export const IMPORTED_FILES: string[] = [
  'crds/cluster.x-k8s.io/clusters.cluster.x-k8s.io.yaml',
  'crds/cluster.x-k8s.io/machinedeployments.cluster.x-k8s.io.yaml',
  'crds/cluster.x-k8s.io/machinehealthchecks.cluster.x-k8s.io.yaml',
  'crds/controlplane.cluster.x-k8s.io/kamajicontrolplanes.controlplane.cluster.x-k8s.io.yaml',
  'crds/infrastructure.cluster.x-k8s.io/kubevirtclusters.infrastructure.cluster.x-k8s.io.yaml',
  'crds/infrastructure.cluster.x-k8s.io/kubevirtmachinetemplates.infrastructure.cluster.x-k8s.io.yaml',
  'crds/bootstrap.cluster.x-k8s.io/kubeadmconfigtemplates.bootstrap.cluster.x-k8s.io.yaml',
  'crds/bootstrap.cluster.x-k8s.io/talosconfigtemplates.bootstrap.cluster.x-k8s.io.yaml',
  'crds/cozystack.io/workloadmonitors.cozystack.io.yaml',
  'crds/helm.toolkit.fluxcd.io/helmreleases.helm.toolkit.fluxcd.io.yaml',
  'crds/source.toolkit.fluxcd.io/gitrepositories.source.toolkit.fluxcd.io.yaml',
  'crds/source.toolkit.fluxcd.io/helmrepositories.source.toolkit.fluxcd.io.yaml',
  'crds/source.toolkit.fluxcd.io/externalartifacts.source.toolkit.fluxcd.io.yaml',
  'crds/kustomize.toolkit.fluxcd.io/kustomizations.kustomize.toolkit.fluxcd.io.yaml',
  'crds/cert-manager.io/clusterissuers.cert-manager.io.yaml',
  'crds/snapshot.storage.k8s.io/volumesnapshotclasses.yaml',
  'crds/snapshot.storage.k8s.io/volumesnapshots.yaml',
  'crds/velero.io/schedules.yaml',
  'crds/velero.io/backups.yaml',
  'crds/velero.io/restores.yaml',
  'crds/velero.io/backupstoragelocations.yaml',
  'crds/autoscaling.k8s.io/verticalpodautoscalers.autoscaling.k8s.io.yaml',
  // Gateway API as each line installs it: v1.5.1 from line v1.5, v1.2.0 (its own folder) on v0.41 and v1.3.
  'crds/gateway.networking.k8s.io/gateways.gateway.networking.k8s.io.yaml',
  'crds/gateway.networking.k8s.io/httproutes.gateway.networking.k8s.io.yaml',
  'crds/gateway.networking.k8s.io/grpcroutes.gateway.networking.k8s.io.yaml',
  'crds/gateway.networking.k8s.io/v1.2.0/gateways.gateway.networking.k8s.io.yaml',
  'crds/gateway.networking.k8s.io/v1.2.0/httproutes.gateway.networking.k8s.io.yaml',
  'crds/gateway.networking.k8s.io/v1.2.0/grpcroutes.gateway.networking.k8s.io.yaml',
  'schemas/cozystack-kubernetes/values.schema.v0.41.11.json',
  'schemas/cozystack-kubernetes/values.schema.v1.3.6.json',
  'schemas/cozystack-kubernetes/values.schema.v1.5.4.json',
  'schemas/cozystack-kubernetes/values.schema.v1.6.2.json',
  'schemas/cozystack-kubernetes/values.schema.json',
  'schemas/cozystack-bucket/values.schema.v1.3.6.json',
  'schemas/cozystack-bucket/values.schema.v1.6.2.json',
  'schemas/cozystack-tenant/values.schema.v0.41.11.json',
  'schemas/cozystack-tenant/values.schema.v1.3.6.json',
  'schemas/cozystack-tenant/values.schema.v1.5.4.json',
  'schemas/cozystack-tenant/values.schema.v1.6.2.json',
  'schemas/cozystack-tenant/values.schema.json',
  'schemas/cozystack-kubernetesnodes/values.schema.v1.6.2.json',
  'schemas/cozystack-kubernetesnodes/values.schema.json',
  'k8s-schemas/v1.33.0-definitions.json',
];

if (require.main === module) {
  if (!fs.existsSync(upstream)) {
    process.stderr.write(`upstream definitions not found at ${upstream}; set HIKUBE_SHARED_DIR\n`);
    process.exit(2);
  }
  let changed = 0;
  for (const rel of IMPORTED_FILES) {
    const from = path.join(upstream, rel);
    const to = path.join(target, rel);
    const bytes = fs.readFileSync(from);
    if (fs.existsSync(to) && fs.readFileSync(to).equals(bytes)) continue;
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.writeFileSync(to, bytes);
    changed++;
    process.stdout.write(`updated imports/${rel}\n`);
  }
  process.stdout.write(`${IMPORTED_FILES.length} definitions checked, ${changed} updated\n`);
}
