/**
 * Regenerates src/imports/ with `cdk8s import`.
 *
 * Inputs are read from the sibling `shared/` checkout (the platform's CRDs and published value
 * schemas) and are never copied into this repository. The Cozystack `Kubernetes` kind is served by an
 * aggregated API server, not a CRD, so its value schema is wrapped in a throw-away CRD document first.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..');
const shared = process.env.HIKUBE_SHARED_DIR ?? path.resolve(root, '..', 'shared');
const outdir = path.join(root, 'src', 'imports');

/** Platform lines whose `Kubernetes` value schema gets bindings, keyed by module name. */
const cozystackSchemas: Record<string, string> = {
  'cozystack-kubernetes-v0-41': 'values.schema.v0.41.11.json',
  'cozystack-kubernetes-v1-3': 'values.schema.v1.3.6.json',
  'cozystack-kubernetes-v1-5': 'values.schema.v1.5.4.json',
  'cozystack-kubernetes-v1-6': 'values.schema.v1.6.2.json',
  'cozystack-kubernetes-main': 'values.schema.json',
};

/** CRDs used by the rendering layers, keyed by module name. */
const crds: Record<string, string> = {
  'capi-cluster': 'cluster.x-k8s.io/clusters.cluster.x-k8s.io.yaml',
  'capi-machinedeployment': 'cluster.x-k8s.io/machinedeployments.cluster.x-k8s.io.yaml',
  'capi-machinehealthcheck': 'cluster.x-k8s.io/machinehealthchecks.cluster.x-k8s.io.yaml',
  'kamaji-controlplane': 'controlplane.cluster.x-k8s.io/kamajicontrolplanes.controlplane.cluster.x-k8s.io.yaml',
  'kubevirt-cluster': 'infrastructure.cluster.x-k8s.io/kubevirtclusters.infrastructure.cluster.x-k8s.io.yaml',
  'kubevirt-machinetemplate': 'infrastructure.cluster.x-k8s.io/kubevirtmachinetemplates.infrastructure.cluster.x-k8s.io.yaml',
  'cozystack-workloadmonitor': 'cozystack.io/workloadmonitors.cozystack.io.yaml',
  'kubeadm-configtemplate': 'bootstrap.cluster.x-k8s.io/kubeadmconfigtemplates.bootstrap.cluster.x-k8s.io.yaml',
  'flux-helmrelease': 'helm.toolkit.fluxcd.io/helmreleases.helm.toolkit.fluxcd.io.yaml',
  'flux-gitrepository': 'source.toolkit.fluxcd.io/gitrepositories.source.toolkit.fluxcd.io.yaml',
  'flux-kustomization': 'kustomize.toolkit.fluxcd.io/kustomizations.kustomize.toolkit.fluxcd.io.yaml',
  'cert-manager-clusterissuer': 'cert-manager.io/clusterissuers.cert-manager.io.yaml',
};

function wrapValuesSchema(schemaFile: string): string {
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf-8'));
  delete schema.title;
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'kuberneteses.apps.cozystack.io' },
    spec: {
      group: 'apps.cozystack.io',
      names: { kind: 'Kubernetes', plural: 'kuberneteses', singular: 'kubernetes' },
      scope: 'Namespaced',
      versions: [{
        name: 'v1alpha1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: schema } } },
      }],
    },
  };
  return JSON.stringify(crd, null, 2);
}

function cdk8sImport(moduleName: string, file: string) {
  execFileSync('cdk8s', ['import', `${moduleName}:=${file}`, '--language', 'typescript', '--output', outdir, '--no-save', '--no-check-upgrade'], {
    stdio: 'inherit',
    cwd: root,
  });
}

if (!fs.existsSync(shared)) {
  throw new Error(`shared definitions not found at ${shared}; set HIKUBE_SHARED_DIR`);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hikube-import-'));
try {
  for (const [moduleName, schemaFile] of Object.entries(cozystackSchemas)) {
    const wrapped = path.join(tmp, `${moduleName}.json`);
    fs.writeFileSync(wrapped, wrapValuesSchema(path.join(shared, 'schemas', 'cozystack-kubernetes', schemaFile)));
    cdk8sImport(moduleName, wrapped);
  }
  for (const [moduleName, crdFile] of Object.entries(crds)) {
    cdk8sImport(moduleName, path.join(shared, 'crds', crdFile));
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
