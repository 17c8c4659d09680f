/**
 * Regenerates src/imports/ with `cdk8s import` from the definitions kept in the top-level `imports/`
 * folder (see imports/SOURCES.md). The Cozystack `Kubernetes` kind is served by an aggregated API
 * server, not a CRD, so its value schema is wrapped in a throw-away CRD document first.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';

const root = path.resolve(__dirname, '..');
const definitions = path.join(root, 'imports');
const outdir = path.join(root, 'src', 'imports');

/**
 * The `Kubernetes` value schema that gets bindings: the newest line's, which has every field the
 * renderer writes. Each line's own schema validates the final document at synth instead.
 */
const cozystackSchemas: Record<string, string> = {
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

/**
 * Gateway API kinds the in-cluster layer renders, from the newest bundle the platform installs, with the one
 * version rendered (`v1` on every line). The older bundle's definitions validate what is rendered for the
 * lines that install it; the fields the library writes exist in both.
 */
const gatewayCrds: Record<string, { file: string; version: string }> = {
  'gateway-api-gateway': { file: 'gateway.networking.k8s.io/gateways.gateway.networking.k8s.io.yaml', version: 'v1' },
  'gateway-api-httproute': { file: 'gateway.networking.k8s.io/httproutes.gateway.networking.k8s.io.yaml', version: 'v1' },
  'gateway-api-grpcroute': { file: 'gateway.networking.k8s.io/grpcroutes.gateway.networking.k8s.io.yaml', version: 'v1' },
};

/** A CRD with one of its versions only, so that bindings are not generated for versions never rendered. */
function oneVersion(crdFile: string, version: string): string {
  const crd = YAML.parse(fs.readFileSync(crdFile, 'utf-8'));
  crd.spec.versions = crd.spec.versions.filter((v: { name: string }) => v.name === version);
  if (crd.spec.versions.length !== 1) throw new Error(`${crdFile} has no version ${version}`);
  return JSON.stringify(crd, null, 2);
}

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

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hikube-import-'));
try {
  for (const [moduleName, schemaFile] of Object.entries(cozystackSchemas)) {
    const wrapped = path.join(tmp, `${moduleName}.json`);
    fs.writeFileSync(wrapped, wrapValuesSchema(path.join(definitions, 'schemas', 'cozystack-kubernetes', schemaFile)));
    cdk8sImport(moduleName, wrapped);
  }
  for (const [moduleName, crdFile] of Object.entries(crds)) {
    cdk8sImport(moduleName, path.join(definitions, 'crds', crdFile));
  }
  for (const [moduleName, { file, version }] of Object.entries(gatewayCrds)) {
    const single = path.join(tmp, `${moduleName}.json`);
    fs.writeFileSync(single, oneVersion(path.join(definitions, 'crds', file), version));
    cdk8sImport(moduleName, single);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
