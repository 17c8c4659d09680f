import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, YamlOutputType } from 'cdk8s';
import * as h from '../../src';
import { PLATFORM } from '../support/cluster-api';
import { parseYamlStream } from '../support/schemas';

/** `kind/name` of every API object below a construct, in tree order. */
function objectsIn(scope: h.ClusterApiRendering): string[] {
  return scope.node.findAll().filter(ApiObject.isApiObject).map((o) => `${o.kind}/${o.name}`);
}

/** `kind/name` of documents, in order. */
function named(docs: any[]): string[] {
  return docs.map((d) => `${d.kind}/${d.metadata.name}`);
}

const GROUPS = {
  web: h.NodeGroupSpec.of({ instanceType: h.InstanceType.S1_LARGE, minReplicas: 2, maxReplicas: 6, roles: [h.NodeRole.INGRESS_NGINX], zones: h.Zone.all() }),
  batch: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_2XLARGE, maxReplicas: 4 }),
};

function production(app: App, line = h.PlatformLine.V1_3): { cluster: h.HikubeCluster; rendering: h.ClusterApiRendering } {
  const cluster = new h.HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-a', platformLine: line, nodeGroups: GROUPS, addons: [new h.CertManager(), new h.IngressNginx(), new h.MonitoringAgents()],
  });
  return { cluster, rendering: new h.ClusterApiRendering(app, 'capi', { cluster, platform: PLATFORM }) };
}

/** The documents of the rendering's chart in the app's YAML. */
function renderedDocs(app: App): any[] {
  return parseYamlStream(app.synthYaml()).filter((d) => d.kind !== 'Kubernetes');
}

describe('the Cluster API objects exist from construction', () => {
  test('right after construction the rendering holds every object the synth writes, in the same order', () => {
    const app = new App();
    const { rendering } = production(app);
    const before = objectsIn(rendering);
    expect(before).toEqual(expect.arrayContaining([
      'Cluster/kubernetes-prod', 'KamajiControlPlane/kubernetes-prod', 'MachineDeployment/kubernetes-prod-web-geneva', 'MachineDeployment/kubernetes-prod-batch',
      'MachineDeployment/kubernetes-prod-md0', 'HelmRelease/kubernetes-prod-cert-manager',
    ]));
    expect(named(renderedDocs(app))).toEqual(before);
  });

  test('a group added after the rendering gets its objects when it is added, and retires the platform\'s default group', () => {
    const app = new App();
    const cluster = new h.HikubeCluster(app, 'prod', { tenantNamespace: 'tenant-a', platformLine: h.PlatformLine.V1_6, addons: [new h.IngressNginx()] });
    const rendering = new h.ClusterApiRendering(app, 'capi', { cluster, platform: PLATFORM });
    expect(objectsIn(rendering)).toContain('MachineDeployment/kubernetes-prod-md0');
    cluster.addNodeGroup('web', { roles: [h.NodeRole.INGRESS_NGINX] });
    expect(objectsIn(rendering)).toContain('MachineDeployment/kubernetes-prod-web');
    expect(objectsIn(rendering)).not.toContain('MachineDeployment/kubernetes-prod-md0');
  });

  test('an add-on added after the rendering gets its releases when it is added', () => {
    const app = new App();
    const { cluster, rendering } = production(app);
    expect(objectsIn(rendering)).not.toContain('HelmRelease/kubernetes-prod-velero');
    cluster.addAddon(new h.Velero());
    expect(objectsIn(rendering)).toContain('HelmRelease/kubernetes-prod-velero');
  });

  test('groups and add-ons added after the rendering give the same documents as when declared up front', () => {
    const declared = new App();
    new h.ClusterApiRendering(declared, 'capi', {
      cluster: new h.HikubeCluster(declared, 'prod', { tenantNamespace: 'tenant-a', nodeGroups: GROUPS, addons: [new h.CertManager(), new h.GpuOperator()] }),
      platform: PLATFORM,
    });
    const added = new App();
    const cluster = new h.HikubeCluster(added, 'prod', { tenantNamespace: 'tenant-a' });
    new h.ClusterApiRendering(added, 'capi', { cluster, platform: PLATFORM });
    for (const [name, spec] of Object.entries(GROUPS)) cluster.addNodeGroup(name, spec.options);
    cluster.addAddon(new h.CertManager());
    cluster.addAddon(new h.GpuOperator());
    expect(added.synthYaml()).toEqual(declared.synthYaml());
  });

  test.each([
    ['FILE_PER_CHART', YamlOutputType.FILE_PER_CHART],
    ['FILE_PER_APP', YamlOutputType.FILE_PER_APP],
    ['FOLDER_PER_CHART_FILE_PER_RESOURCE', YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE],
    ['FILE_PER_RESOURCE', YamlOutputType.FILE_PER_RESOURCE],
  ])('a plain App with output type %s writes every object', (_name, yamlOutputType) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'capi-output-'));
    try {
      const app = new App({ outdir: dir, yamlOutputType });
      const { rendering } = production(app);
      app.synth();
      const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
      const written = files.flatMap((f) => named(parseYamlStream(fs.readFileSync(path.join(f.parentPath, f.name), 'utf8'))));
      expect(written).toEqual(expect.arrayContaining(objectsIn(rendering)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
