import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { HikubeApp, HikubeAppProps, HikubeCluster, InstanceType, NodeGroupSpec } from '../../src';

const ROOT = path.resolve(__dirname, '../..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hikube-messages-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A cluster whose only finding is a warning: an instance type the catalog does not list. */
function clusterWithWarning(app: App): HikubeCluster {
  return new HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-a',
    nodeGroups: { md0: NodeGroupSpec.of({ instanceType: InstanceType.of('x9.custom') }) },
  });
}

/** What the app's synth writes to standard error and standard output, and through the console. */
function printedBy(run: () => void): string[] {
  const lines: string[] = [];
  const capture = (chunk: unknown) => {
    lines.push(...String(chunk).split('\n').filter((l) => l));
    return true;
  };
  const spies = [
    jest.spyOn(process.stderr, 'write').mockImplementation(capture),
    jest.spyOn(process.stdout, 'write').mockImplementation(capture),
    ...(['log', 'error', 'warn', 'info', 'debug'] as const).map((m) => jest.spyOn(console, m).mockImplementation(capture)),
  ];
  try {
    run();
  } finally {
    spies.forEach((s) => s.mockRestore());
  }
  return lines;
}

function hikubeApp(props: HikubeAppProps = {}): HikubeApp {
  return new HikubeApp({ outdir: fs.mkdtempSync(path.join(scratch, 'dist-')), ...props });
}

describe('warnings', () => {
  test('HikubeApp prints each warning once to standard error, however often it synthesizes', () => {
    const app = hikubeApp();
    const cluster = clusterWithWarning(app);
    const lines = printedBy(() => {
      app.synth();
      app.synth();
      app.synthYaml();
    });
    expect(cluster.warnings).toHaveLength(1);
    expect(lines).toEqual([expect.stringMatching(/^warning HK-INSTANCE-TYPE: \[prod\] nodeGroups\.md0\.instanceType: x9\.custom is not in /)]);
  });

  test('printWarnings: false silences it; the warnings stay on the cluster', () => {
    const app = hikubeApp({ printWarnings: false });
    const cluster = clusterWithWarning(app);
    expect(printedBy(() => app.synth())).toEqual([]);
    expect(cluster.warnings).toEqual([expect.stringContaining('nodeGroups.md0.instanceType')]);
  });

  test('a failing synth prints no warning: its error lists the problems', () => {
    const app = hikubeApp();
    clusterWithWarning(app);
    new HikubeCluster(app, 'broken', { tenantNamespace: 'tenant-a', host: 'Not_A_Host' });
    expect(printedBy(() => expect(() => app.synth()).toThrow(/Not_A_Host/))).toEqual([]);
  });

  test('the library constructs never print, with a plain cdk8s App', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(scratch, 'dist-')) });
    const cluster = clusterWithWarning(app);
    expect(printedBy(() => app.synth())).toEqual([]);
    expect(cluster.warnings).toHaveLength(1);
  });
});

test('an uncaught validation error prints each problem once, as `cdk8s synth` shows it', () => {
  // The program a `cdk8s init` app runs under `cdk8s synth`, in a process of its own so that Node.js itself
  // prints the uncaught error. Inside the repository so that it resolves cdk8s from its node_modules.
  const dir = fs.mkdtempSync(path.join(__dirname, '.messages-'));
  try {
    fs.writeFileSync(path.join(dir, 'main.ts'), `
import { App } from 'cdk8s';
import { HikubeCluster, NodeGroupSpec } from '../../../src';
const app = new App({ outdir: ${JSON.stringify(path.join(scratch, 'uncaught'))} });
new HikubeCluster(app, 'prod', {
  tenantNamespace: 'tenant-a',
  host: 'Shop_Site',
  nodeGroups: {
    web: NodeGroupSpec.of({ minReplicas: 3, maxReplicas: 2 }),
    db: NodeGroupSpec.of({ minReplicas: 5, maxReplicas: 1 }),
  },
  controlPlane: { replicas: 0 },
});
app.synth();
`);
    const child = spawnSync(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), path.join(dir, 'main.ts')], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'test', 'tsconfig.json') },
    });
    expect(child.status).toBe(1);
    const fields = ['host', 'nodeGroups.web.minReplicas', 'nodeGroups.db.minReplicas', 'controlPlane.replicas'];
    for (const field of fields) {
      const mentions = child.stderr.split('\n').filter((l) => l.includes(`${field}:`) || l.includes(`'${field}'`));
      expect({ field, mentions }).toEqual({ field, mentions: [expect.stringContaining(`[prod] ${field}: `)] });
    }
    // The message, then the stack: no property dump of the problems after it.
    expect(child.stderr).not.toMatch(/problems: \[|rule: 'HK-/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the problems stay readable by code', () => {
  const app = new App({ outdir: fs.mkdtempSync(path.join(scratch, 'dist-')) });
  new HikubeCluster(app, 'prod', { tenantNamespace: 'tenant-a', host: 'Shop_Site' });
  try {
    app.synthYaml();
    throw new Error('expected a validation error');
  } catch (e) {
    const error = e as { problems: Array<{ rule: string; field: string }>; name: string };
    expect(error.name).toBe('HikubeValidationError');
    expect(error.problems).toEqual([expect.objectContaining({ rule: 'HK-HOST', field: 'host' })]);
    expect(Object.keys(error)).not.toContain('problems');
  }
});
