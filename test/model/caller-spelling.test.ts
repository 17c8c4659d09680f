import { spawnSync } from 'child_process';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as h from '../../src';
import { pythonSpelling } from '../../src/diagnostics/caller-spelling';

/** The jsii runtime of each language names it in JSII_AGENT, in the Node.js process that runs the library. */
function as<T>(agent: string | undefined, body: () => T): T {
  const before = process.env.JSII_AGENT;
  if (agent === undefined) delete process.env.JSII_AGENT;
  else process.env.JSII_AGENT = agent;
  try {
    return body();
  } finally {
    if (before === undefined) delete process.env.JSII_AGENT;
    else process.env.JSII_AGENT = before;
  }
}

function synthError(): string {
  const app = Testing.app();
  new h.HikubeCluster(app, 'prod', { tenantNamespace: 'tenant-acme' }).addNodeGroup('web', { minReplicas: 5, maxReplicas: 1 });
  try {
    app.synthYaml();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synthesized');
}

test('under Python, a field is also given in Python spelling', () => {
  expect(as('Python/3.11.7', synthError)).toContain('[prod] nodeGroups.web.minReplicas (Python: node_groups.web.min_replicas): 5 is not valid; must not exceed maxReplicas (1)');
});

test('JavaScript, Java and any other caller get the field as the library names it', () => {
  for (const agent of [undefined, 'Java/17.0.15', 'DotNet/8.0.0']) {
    expect(as(agent, synthError)).toContain('[prod] nodeGroups.web.minReplicas: 5 is not valid; must not exceed maxReplicas (1)');
  }
});

test('names the caller chose and fields of YAML documents keep their spelling', () => {
  const spelt = (field: string) => as('Python/3.11.7', () => pythonSpelling(field));
  expect(spelt('nodeGroups.gpuNodes.maxReplicas')).toBe('node_groups.gpuNodes.max_replicas');
  expect(spelt('outputs[0].loki.bearerToken.secretName')).toBe('outputs[0].loki.bearer_token.secret_name');
  expect(spelt('addons.ingressNginx.valuesOverride.controller.replicaCount')).toBe('addons.ingressNginx.values_override.controller.replicaCount');
  expect(spelt('labels.teamName')).toBeUndefined();
  expect(spelt('spec.nodeGroups.web.minReplicas')).toBeUndefined();
  expect(spelt('version')).toBeUndefined();
});

test('the command line reads YAML: its messages are the same whichever language launched it', () => {
  const root = path.resolve(__dirname, '..', '..');
  const check = (agent: string | undefined) => spawnSync(process.execPath, [path.join(root, 'bin', 'cdk8s-hikube'), 'check', path.join(root, 'test', 'cli', 'fixtures', 'check', 'broken.yaml')],
    { encoding: 'utf-8', env: { ...process.env, JSII_AGENT: agent } });
  const fromPython = check('Python/3.11.7');
  expect(fromPython.status).toBe(1);
  expect(fromPython.stdout).toContain('spec.nodeGroups.small.minReplicas: 4 is not valid');
  expect(fromPython.stdout).not.toContain('Python:');
  expect(fromPython.stdout).toBe(check(undefined).stdout);
});
