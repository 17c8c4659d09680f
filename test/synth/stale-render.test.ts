import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing, YamlOutputType } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as h from '../../src';
import { HikubeValidationError } from '../../src/errors';
import { parseYamlStream } from '../support/schemas';

/**
 * The checks render some objects (a workload whose pods they fit to the nodes) and the output of the same
 * synth reuses that rendering. A synth that fails after the checks passed must not leave that rendering
 * behind: a change made after the failure is in the next rendering of the object.
 */

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hikube-stale-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
let folders = 0;
const freshDir = () => path.join(scratch, `out${folders++}`);

/** A cluster and a tenant-cluster chart holding a Deployment that the checks render (VPA bounds, pod fit). */
function build(app: App): kplus.Deployment {
  const cluster = new h.HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-a',
    platformLine: h.PlatformLine.V1_6,
    nodeGroups: { md0: h.NodeGroupSpec.of({ instanceType: h.InstanceType.U1_XLARGE, minReplicas: 1 }) },
    addons: [new h.MonitoringAgents()],
  });
  const chart = new h.TenantClusterChart(app, 'inside', { cluster });
  const web = new kplus.Deployment(chart, 'web', {
    metadata: { namespace: 'shop' },
    containers: [{ image: 'registry.example.com/web:1', portNumber: 8080, securityContext: h.PodSecurity.restrictedContainerContext() }],
  });
  new h.VerticalAutoscaler(chart, 'vpa', { workload: web });
  return web;
}

/** A change the checks did not see: a second container. */
function change(web: kplus.Deployment): void {
  web.addContainer({ name: 'sidecar', image: 'registry.example.com/sidecar:2', portNumber: 9090, securityContext: h.PodSecurity.restrictedContainerContext() });
}

const images = (deployment: any): string[] => deployment.spec.template.spec.containers.map((c: any) => c.image);
const FRESH = ['registry.example.com/web:1', 'registry.example.com/sidecar:2'];

/**
 * A construct whose own validation fails until it is told it is ready: cdk8s runs it after the library's
 * checks, which sit on the root. Returns what makes it ready.
 */
function failingValidation(app: App): () => void {
  let ready = false;
  new Chart(app, 'other').node.addValidation({ validate: () => (ready ? [] : ['not ready yet']) });
  return () => { ready = true; };
}

/** A regular file where the output folder should be: the checks pass, then writing fails. */
function unwritableOutdir(): string {
  const file = freshDir();
  fs.writeFileSync(file, 'a file, not a folder');
  return path.join(file, 'dist');
}

describe('HikubeApp: the checked rendering is dropped when the synth fails after the checks', () => {
  test('a construct validation fails after the checks passed', () => {
    const app = new h.HikubeApp({ printWarnings: false });
    const web = build(app);
    const ready = failingValidation(app);
    expect(() => app.synthYaml()).toThrow('not ready yet');
    change(web);
    expect(images(ApiObject.of(web).toJson())).toEqual(FRESH);
    // The next synth, once the other construct is ready, writes the change too.
    ready();
    const deployment = parseYamlStream(app.synthYaml()).find((d) => d.kind === 'Deployment');
    expect(images(deployment)).toEqual(FRESH);
  });

  test('the output folder cannot be written', () => {
    const app = new h.HikubeApp({ printWarnings: false, outdir: unwritableOutdir() });
    const web = build(app);
    expect(() => app.synth()).toThrow(/cannot|not a folder|ENOTDIR|EEXIST/);
    change(web);
    expect(images(ApiObject.of(web).toJson())).toEqual(FRESH);
  });

  test('the folder is written on a retry, with the change made after the failure', () => {
    const blocked = unwritableOutdir();
    const app = new h.HikubeApp({ printWarnings: false, outdir: blocked, yamlOutputType: YamlOutputType.FILE_PER_APP });
    const web = build(app);
    expect(() => app.synth()).toThrow();
    change(web);
    const retry = freshDir();
    (app as { outdir: string }).outdir = retry;
    app.synth();
    const deployment = parseYamlStream(fs.readFileSync(path.join(retry, 'app.k8s.yaml'), 'utf-8')).find((d) => d.kind === 'Deployment');
    expect(images(deployment)).toEqual(FRESH);
  });

  test('HikubeApp.synthesizeYaml of a plain App whose other construct fails', () => {
    const app = new App();
    const web = build(app);
    failingValidation(app);
    expect(() => h.HikubeApp.synthesizeYaml(app)).toThrow(HikubeValidationError);
    change(web);
    expect(images(ApiObject.of(web).toJson())).toEqual(FRESH);
  });
});

describe('a plain cdk8s App: the checked rendering lasts no longer than the synth', () => {
  test('synthYaml() fails on another construct\'s validation after the checks passed', () => {
    const app = new App();
    const web = build(app);
    failingValidation(app);
    expect(() => app.synthYaml()).toThrow('not ready yet');
    change(web);
    expect(images(ApiObject.of(web).toJson())).toEqual(FRESH);
  });

  test('synth() fails writing a chart file after the checks passed', () => {
    const outdir = freshDir();
    const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
    const web = build(app);
    // cdk8s writes chart by chart; a folder where the first chart's file goes stops it before the tenant-cluster chart.
    const first = app.charts[0];
    expect(first.node.id).not.toBe('inside');
    fs.mkdirSync(path.join(outdir, `${first.node.id}.k8s.yaml`), { recursive: true });
    expect(() => app.synth()).toThrow(/EISDIR/);
    change(web);
    expect(images(ApiObject.of(web).toJson())).toEqual(FRESH);
  });

  test('rendering one chart (Testing.synth) leaves no checked rendering to the other charts', () => {
    const app = Testing.app();
    const web = build(app);
    const cluster = app.node.findChild('prod') as h.HikubeCluster;
    Testing.synth(cluster);
    change(web);
    expect(images(ApiObject.of(web).toJson())).toEqual(FRESH);
  });

  test('synthYaml() called through the class, as the jsii runtime of Python and Java calls it', () => {
    const app = new App();
    const web = build(app);
    const ready = failingValidation(app);
    expect(() => App.prototype.synthYaml.call(app)).toThrow('not ready yet');
    change(web);
    expect(images(ApiObject.of(web).toJson())).toEqual(FRESH);
    ready();
    expect(images(parseYamlStream(App.prototype.synthYaml.call(app)).find((d) => d.kind === 'Deployment'))).toEqual(FRESH);
  });

  test('an app whose synthYaml a Python or Java subclass overrides (a fixed own property, as jsii defines it)', () => {
    const app = new App();
    const cdk8sSynthYaml = App.prototype.synthYaml;
    Object.defineProperty(app, 'synthYaml', { configurable: false, writable: false, value: () => cdk8sSynthYaml.call(app) });
    const web = build(app);
    const ready = failingValidation(app);
    expect(() => app.synthYaml()).toThrow('not ready yet');
    change(web);
    expect(images(ApiObject.of(web).toJson())).toEqual(FRESH);
    ready();
    expect(images(parseYamlStream(app.synthYaml()).find((d) => d.kind === 'Deployment'))).toEqual(FRESH);
  });

  test('a successful synth still writes what the checks read, and a later change renders afresh', () => {
    const app = new App();
    const web = build(app);
    const first = parseYamlStream(app.synthYaml()).find((d) => d.kind === 'Deployment');
    expect(images(first)).toEqual(['registry.example.com/web:1']);
    change(web);
    expect(images(ApiObject.of(web).toJson())).toEqual(FRESH);
  });
});
