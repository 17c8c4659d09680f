import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { clusterYaml } from '../support/fixtures';

interface Finding {
  readonly code: string;
  readonly severity: string;
  readonly path: string;
  readonly message: string;
  readonly repair?: { readonly description: string };
}

interface Result {
  readonly code: number;
  readonly findings: Finding[];
}


/** Runs `check --json --line v1.3` on a YAML text. */
function check(yaml: string): Result {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'values-check-'));
  const file = path.join(dir, 'cluster.yaml');
  fs.writeFileSync(file, yaml);
  const out: string[] = [];
  try {
    const code = main(['check', '--json', '--line', 'v1.3', file], { out: (t) => out.push(t), err: () => undefined });
    return { code, findings: JSON.parse(out.join('\n')).findings };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The Velero guide's add-on, with its backup location as `location` (YAML under backupStorageLocation). */
function velero(location: string): string {
  return `  addons:
    velero:
      enabled: true
      valuesOverride:
        velero:
          configuration:
            backupStorageLocation:
${location}`;
}

const MAP_LOCATION = `              name: default
              provider: aws
              bucket: velero-backups
              config:
                region: us-east-1
                s3Url: https://prod.s3.hikube.cloud
`;

const LIST_LOCATION = `              - name: default
                provider: aws
                bucket: velero-backups
                config:
                  region: us-east-1
                  s3Url: https://prod.s3.hikube.cloud
`;

describe('check: documented values where the platform defines them', () => {
  test('refuses the Velero guide\'s map-form backup location, with the list form to write', () => {
    const r = check(clusterYaml(velero(MAP_LOCATION)));
    expect(r.code).toBe(1);
    const shape = r.findings.find((f) => f.code === 'HK-VALUES-SHAPE');
    expect(shape?.severity).toBe('error');
    expect(shape?.path).toBe('spec.addons.velero.valuesOverride.velero.configuration.backupStorageLocation');
    expect(shape?.message).toContain('takes a list of locations');
    expect(shape?.repair?.description).toBe('write the backup location as the only item of a list');
  });

  test('passes the list form', () => {
    const r = check(clusterYaml(velero(LIST_LOCATION)));
    expect(r.findings.map((f) => f.code)).not.toContain('HK-VALUES-SHAPE');
    expect(r.code).toBe(0);
  });

  test('refuses a storage class the platform does not have, with the nearest one', () => {
    const r = check(clusterYaml('  storageClass: replicatd\n'));
    expect(r.code).toBe(1);
    const unknown = r.findings.find((f) => f.code === 'HK-STORAGE-CLASS-UNKNOWN');
    expect(unknown?.severity).toBe('error');
    expect(unknown?.message).toContain('did you mean replicated?');
  });

  test('refuses fast-ssd, naming the classes there are', () => {
    const r = check(clusterYaml('  storageClass: fast-ssd\n'));
    expect(r.code).toBe(1);
    expect(r.findings.find((f) => f.code === 'HK-STORAGE-CLASS-UNKNOWN')?.message).toContain('the platform has the storage classes replicated, local');
  });

  test.each(['replicated', 'local'])('passes the platform class %s', (name) => {
    const r = check(clusterYaml(`  storageClass: ${name}\n`));
    expect(r.code).toBe(0);
  });

  test('refuses a misspelt key inside cert-manager\'s own key, with the key meant', () => {
    const r = check(clusterYaml('  addons:\n    certManager:\n      enabled: true\n      valuesOverride:\n        cert-manager:\n          promethus:\n            enabled: true\n'));
    expect(r.code).toBe(1);
    expect(r.findings.find((f) => f.code === 'HK-VALUES-OVERRIDE')?.message).toContain('did you mean prometheus?');
  });

  test('refuses Cilium encryption without its type', () => {
    const r = check(clusterYaml('  addons:\n    cilium:\n      valuesOverride:\n        cilium:\n          encryption:\n            enabled: true\n'));
    expect(r.code).toBe(1);
    expect(r.findings.find((f) => f.code === 'HK-VALUES-SHAPE')?.message).toContain('set type: wireguard');
  });

  test('leaves keys of charts the platform reference does not list unchecked', () => {
    const r = check(clusterYaml('  addons:\n    ingressNginx:\n      enabled: true\n      valuesOverride:\n        ingress-nginx:\n          controler: {}\n'));
    expect(r.findings.map((f) => f.code)).not.toContain('HK-VALUES-KEY');
  });
});
