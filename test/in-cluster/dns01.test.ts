import { Testing } from 'cdk8s';
import * as h from '../../src';
import { HikubeValidationError } from '../../src/errors';
import { validateAgainstSchemas } from '../support/crds';
import { parseYamlStream } from '../support/schemas';

/** DNS-01 solvers cert-manager supports itself, and the webhook escape hatch, with credentials by reference. */

function setup() {
  const app = Testing.app();
  const cluster = new h.HikubeCluster(app, 'prod', {
    tenantNamespace: 'tenant-acme',
    platformLine: h.PlatformLine.V1_6,
    nodeGroups: { web: h.NodeGroupSpec.of({ instanceType: h.InstanceType.S1_LARGE, roles: [h.NodeRole.INGRESS_NGINX], minReplicas: 1 }) },
    addons: [new h.CertManager(), new h.GatewayApi(), new h.IngressNginx()],
  });
  return { app, chart: new h.TenantClusterChart(app, 'inside', { cluster }) };
}

/** The ClusterIssuer of an issuer that solves DNS-01 only. */
function issuerOf(dns01: h.Dns01Solver): any {
  const s = setup();
  new h.LetsEncryptIssuer(s.chart, 'le', { email: 'ops@acme-shop.ch', name: 'letsencrypt-dns', http01: false, dns01 });
  return parseYamlStream(s.app.synthYaml()).find((d) => d.kind === 'ClusterIssuer');
}

function problemsOf(build: (chart: h.TenantClusterChart) => void): string[] {
  const s = setup();
  try {
    build(s.chart);
    s.app.synthYaml();
  } catch (e) {
    if (e instanceof HikubeValidationError) return e.problems.map((p) => `${p.rule} [${p.path}] ${p.message}`);
    throw e;
  }
  return [];
}

const issuer = (dns01: h.Dns01Solver) => (chart: h.TenantClusterChart) => new h.LetsEncryptIssuer(chart, 'le', { email: 'ops@acme-shop.ch', http01: false, dns01 });
const ref = (name: string, key: string): h.Dns01SecretKeyRef => ({ name, key });

describe('the solvers as cert-manager reads them', () => {
  test('RFC2136: the server, the TSIG key by reference, HMAC-SHA256 unless told', () => {
    const doc = issuerOf(h.Dns01Solver.rfc2136({
      nameserver: 'ns1.acme.ch:53', tsigKeyName: 'acme-dns01', tsigSecretSecretRef: ref('rfc2136-tsig', 'secret'), dnsZones: ['acme.ch'],
    }));
    expect(doc.spec.acme.solvers).toEqual([{
      selector: { dnsZones: ['acme.ch'] },
      dns01: { rfc2136: { nameserver: 'ns1.acme.ch:53', tsigKeyName: 'acme-dns01', tsigAlgorithm: 'HMACSHA256', tsigSecretSecretRef: { name: 'rfc2136-tsig', key: 'secret' } } },
    }]);
    expect(validateAgainstSchemas(doc)).toEqual([]);
  });

  test('RFC2136: another algorithm, an IPv6 server, and unsigned updates', () => {
    const signed = issuerOf(h.Dns01Solver.rfc2136({
      nameserver: '[2001:db8::53]:5353', tsigKeyName: 'k', tsigAlgorithm: h.TsigAlgorithm.HMAC_SHA512, tsigSecretSecretRef: ref('tsig', 'key'),
    }));
    expect(signed.spec.acme.solvers[0].dns01.rfc2136).toEqual({ nameserver: '[2001:db8::53]:5353', tsigKeyName: 'k', tsigAlgorithm: 'HMACSHA512', tsigSecretSecretRef: { name: 'tsig', key: 'key' } });
    const unsigned = issuerOf(h.Dns01Solver.rfc2136({ nameserver: '192.0.2.53' }));
    expect(unsigned.spec.acme.solvers).toEqual([{ dns01: { rfc2136: { nameserver: '192.0.2.53' } } }]);
    expect(issuerOf(h.Dns01Solver.rfc2136({ nameserver: 'NS1.Acme.ch' })).spec.acme.solvers[0].dns01.rfc2136).toEqual({ nameserver: 'NS1.Acme.ch' });
    expect([signed, unsigned].flatMap(validateAgainstSchemas)).toEqual([]);
  });

  test('Route53: cert-manager\'s spelling of the IDs (accessKeyID, hostedZoneID), the keys by reference, a role', () => {
    const doc = issuerOf(h.Dns01Solver.route53({
      region: 'eu-central-2',
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKeySecretRef: ref('route53-credentials', 'secret-access-key'),
      role: 'arn:aws:iam::123456789012:role/dns01',
    }));
    expect(doc.spec.acme.solvers).toEqual([{
      dns01: {
        route53: {
          region: 'eu-central-2',
          hostedZoneID: 'Z0123456789ABCDEFGHIJ',
          accessKeyID: 'AKIAIOSFODNN7EXAMPLE',
          secretAccessKeySecretRef: { name: 'route53-credentials', key: 'secret-access-key' },
          role: 'arn:aws:iam::123456789012:role/dns01',
        },
      },
    }]);
    expect(validateAgainstSchemas(doc)).toEqual([]);
  });

  test('Route53: both halves of the key from one Secret', () => {
    const doc = issuerOf(h.Dns01Solver.route53({
      region: 'eu-west-1', accessKeyIdSecretRef: ref('route53-credentials', 'access-key-id'), secretAccessKeySecretRef: ref('route53-credentials', 'secret-access-key'),
    }));
    expect(doc.spec.acme.solvers[0].dns01.route53).toEqual({
      region: 'eu-west-1',
      accessKeyIDSecretRef: { name: 'route53-credentials', key: 'access-key-id' },
      secretAccessKeySecretRef: { name: 'route53-credentials', key: 'secret-access-key' },
    });
    expect(validateAgainstSchemas(doc)).toEqual([]);
  });

  test('a webhook: its group, solver and settings as given', () => {
    const doc = issuerOf(h.Dns01Solver.webhook({
      groupName: 'acme.infomaniak.com', solverName: 'infomaniak', config: { apiTokenSecretRef: { name: 'infomaniak-api-credentials', key: 'api-token' }, ttl: 300 }, dnsZones: ['acme.ch'],
    }));
    expect(doc.spec.acme.solvers).toEqual([{
      selector: { dnsZones: ['acme.ch'] },
      dns01: { webhook: { groupName: 'acme.infomaniak.com', solverName: 'infomaniak', config: { apiTokenSecretRef: { name: 'infomaniak-api-credentials', key: 'api-token' }, ttl: 300 } } },
    }]);
    expect(validateAgainstSchemas(doc)).toEqual([]);
  });

  test('Cloudflare through dns01 renders as cloudflareDns01 does', () => {
    const viaSolver = issuerOf(h.Dns01Solver.cloudflare({ apiTokenSecretName: 'cloudflare', dnsZones: ['acme.example'] }));
    const s = setup();
    new h.LetsEncryptIssuer(s.chart, 'le', { email: 'ops@acme-shop.ch', name: 'letsencrypt-dns', http01: false, cloudflareDns01: { apiTokenSecretName: 'cloudflare', dnsZones: ['acme.example'] } });
    const viaProp = parseYamlStream(s.app.synthYaml()).find((d) => d.kind === 'ClusterIssuer');
    expect(viaSolver).toEqual(viaProp);
    expect(viaSolver.spec.acme.solvers).toEqual([{ selector: { dnsZones: ['acme.example'] }, dns01: { cloudflare: { apiTokenSecretRef: { name: 'cloudflare', key: 'api-token' } } } }]);
  });

  test('after HTTP-01, as the issuer\'s second solver; the issuer solves DNS-01, so a Gateway takes it without http01', () => {
    const s = setup();
    const le = new h.LetsEncryptIssuer(s.chart, 'le', { email: 'ops@acme-shop.ch', dns01: h.Dns01Solver.rfc2136({ nameserver: 'ns1.acme.ch' }) });
    expect([le.solvesDns01, h.Dns01Solver.rfc2136({ nameserver: 'ns1.acme.ch' }).provider]).toEqual([true, 'rfc2136']);
    new h.Gateway(s.chart, 'public', { namespace: 'shop', hosts: ['*.apps.acme.ch'], issuer: le });
    const doc = parseYamlStream(s.app.synthYaml()).find((d) => d.kind === 'ClusterIssuer');
    expect(doc.spec.acme.solvers.map((x: any) => Object.keys(x.http01 ?? x.dns01)[0])).toEqual(['ingress', 'rfc2136']);
  });

  test('the options are copied: a change after the call changes nothing', () => {
    const zones = ['acme.ch'];
    const config: any = { zone: { name: 'acme.ch' } };
    const solver = h.Dns01Solver.webhook({ groupName: 'acme.infomaniak.com', solverName: 'infomaniak', config, dnsZones: zones });
    zones.push('other.ch');
    config.zone.name = 'changed.ch';
    const doc = issuerOf(solver);
    expect(doc.spec.acme.solvers[0]).toEqual({ selector: { dnsZones: ['acme.ch'] }, dns01: { webhook: { groupName: 'acme.infomaniak.com', solverName: 'infomaniak', config: { zone: { name: 'acme.ch' } } } } });
  });
});

describe('refused: settings cert-manager refuses or cannot use', () => {
  const at = '[inside/le]';

  test('RFC2136: the server, half a TSIG key, an algorithm without a key, bad references', () => {
    expect(problemsOf(issuer(h.Dns01Solver.rfc2136({ nameserver: 'ns1.acme.ch:99999', tsigKeyName: 'acme key', dnsZones: ['*.acme.ch', 'acme.ch', 'acme.ch'] })))).toEqual([
      `HK-ISSUER-DNS01 ${at} dns01.dnsZones: "*.acme.ch" is not valid; expected a lower-case DNS zone such as "acme.ch", without "*." or a final dot (a zone covers every host below it)`,
      `HK-ISSUER-DNS01 ${at} dns01.dnsZones: "acme.ch" is not valid; each zone once`,
      `HK-ISSUER-DNS01 ${at} dns01.nameserver: "ns1.acme.ch:99999" is not valid; expected the server as host or host:port, e.g. "ns1.acme.ch:53" or "[2001:db8::53]:53" (an IPv6 address in brackets)`,
      `HK-ISSUER-DNS01 ${at} dns01.tsigSecretSecretRef: undefined is not valid; a TSIG key is its name and its secret, and cert-manager refuses tsigKeyName alone; give tsigSecretSecretRef too, or neither for unsigned updates`,
      `HK-ISSUER-DNS01 ${at} dns01.tsigKeyName: "acme key" is not valid; expected the key's name as the server's configuration has it, e.g. "acme-dns01"`,
    ]);
    expect(problemsOf(issuer(h.Dns01Solver.rfc2136({ nameserver: '2001:db8::53', tsigAlgorithm: h.TsigAlgorithm.HMAC_SHA1, tsigSecretSecretRef: ref('TSIG', 'a b') })))).toEqual([
      `HK-ISSUER-DNS01 ${at} dns01.nameserver: "2001:db8::53" is not valid; expected the server as host or host:port, e.g. "ns1.acme.ch:53" or "[2001:db8::53]:53" (an IPv6 address in brackets)`,
      `HK-ISSUER-DNS01 ${at} dns01.tsigKeyName: undefined is not valid; a TSIG key is its name and its secret, and cert-manager refuses tsigSecretSecretRef alone; give tsigKeyName too, or neither for unsigned updates`,
      `HK-ISSUER-DNS01 ${at} dns01.tsigSecretSecretRef.name: "TSIG" is not valid; expected the name of a Secret (a lower-case DNS name) in cert-manager's namespace`,
      `HK-ISSUER-DNS01 ${at} dns01.tsigSecretSecretRef.key: "a b" is not valid; expected a key of the Secret's data (letters, digits, "-", "_" and ".")`,
    ]);
    expect(problemsOf(issuer(h.Dns01Solver.rfc2136({ nameserver: 'ns1.acme.ch', tsigAlgorithm: h.TsigAlgorithm.HMAC_SHA1 })))).toEqual([
      `HK-ISSUER-DNS01 ${at} dns01.tsigAlgorithm: "HMACSHA1" is not valid; the algorithm of a TSIG key; give tsigKeyName and tsigSecretSecretRef, or leave it out for unsigned updates`,
    ]);
  });

  test('Route53: no key (Hikube\'s nodes have no AWS identity), both key IDs, a secret key where the ID goes (not repeated), region, zone, role', () => {
    const secret = ref('route53', 'secret-access-key');
    expect(problemsOf(issuer(h.Dns01Solver.route53({ region: 'Frankfurt', role: 'arn:aws:iam::123456789012:role/dns01', secretAccessKeySecretRef: secret })))).toEqual([
      `HK-ISSUER-DNS01 ${at} dns01.region: "Frankfurt" is not valid; expected an AWS region such as "eu-central-2"`,
      `HK-ISSUER-DNS01 ${at} dns01.accessKeyId: undefined is not valid; Hikube's nodes have no AWS identity of their own, so cert-manager needs an access key; give accessKeyId or accessKeyIdSecretRef`,
    ]);
    expect(problemsOf(issuer(h.Dns01Solver.route53({
      region: 'eu-central-2', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', accessKeyIdSecretRef: ref('route53', 'id'), secretAccessKeySecretRef: secret, hostedZoneId: 'acme.ch', role: 'dns01',
    })))).toEqual([
      `HK-ISSUER-DNS01 ${at} dns01.hostedZoneId: "acme.ch" is not valid; expected a hosted zone ID such as "Z0123456789ABCDEFGHIJ"`,
      `HK-ISSUER-DNS01 ${at} dns01.accessKeyId: "AKIAIOSFODNN7EXAMPLE" is not valid; give accessKeyId or accessKeyIdSecretRef, not both (cert-manager refuses both)`,
      `HK-ISSUER-DNS01 ${at} dns01.role: "dns01" is not valid; expected the ARN of an IAM role, e.g. "arn:aws:iam::123456789012:role/dns01"`,
    ]);
    const leaked = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const problems = problemsOf(issuer(h.Dns01Solver.route53({ region: 'eu-central-2', accessKeyId: leaked, secretAccessKeySecretRef: secret })));
    expect(problems).toEqual([
      `HK-ISSUER-DNS01 ${at} dns01.accessKeyId: expected an access key ID (upper-case letters and digits, e.g. "AKIA..."); the secret access key belongs in the Secret secretAccessKeySecretRef names`,
    ]);
    expect(problems.join('\n')).not.toContain(leaked);
  });

  test('a webhook: group, solver, and a credential in its settings', () => {
    expect(problemsOf(issuer(h.Dns01Solver.webhook({
      groupName: 'infomaniak', solverName: 'info maniak', config: { apiToken: 'abc123', zones: [{ secretKey: 'xyz' }], apiKeySecretRef: { name: 'k', key: 'token' } },
    })))).toEqual([
      `HK-ISSUER-DNS01 ${at} dns01.groupName: "infomaniak" is not valid; expected the API group the webhook serves, a lower-case DNS name such as "acme.infomaniak.com"`,
      `HK-ISSUER-DNS01 ${at} dns01.solverName: "info maniak" is not valid; expected the solver's name inside the webhook, e.g. "infomaniak"`,
      `HK-SECRET-PROPERTY ${at} dns01.config.apiToken: apiToken holds a credential, which the ClusterIssuer would carry in plain text; put it in a Secret in cert-manager's namespace and give the webhook its reference (most take apiTokenSecretRef: { name, key }; see the webhook's documentation)`,
      `HK-SECRET-PROPERTY ${at} dns01.config.zones[0].secretKey: secretKey holds a credential, which the ClusterIssuer would carry in plain text; put it in a Secret in cert-manager's namespace and give the webhook its reference (most take secretKeySecretRef: { name, key }; see the webhook's documentation)`,
    ]);
  });

  test('Cloudflare\'s zones and Secret are checked too, through either option; the two options are exclusive; no empty zone list', () => {
    expect(problemsOf((chart) => new h.LetsEncryptIssuer(chart, 'le', { email: 'ops@acme-shop.ch', cloudflareDns01: { apiTokenSecretName: 'Cloudflare', dnsZones: [] } }))).toEqual([
      `HK-ISSUER-DNS01 ${at} cloudflareDns01.dnsZones: [] is not valid; an empty list selects no host, so the solver never answers; leave dnsZones out to answer for every zone`,
      `HK-ISSUER-DNS01 ${at} cloudflareDns01.apiTokenSecretName: "Cloudflare" is not valid; expected the name of a Secret (a lower-case DNS name) in cert-manager's namespace`,
    ]);
    expect(problemsOf((chart) => new h.LetsEncryptIssuer(chart, 'le', {
      email: 'ops@acme-shop.ch', cloudflareDns01: { apiTokenSecretName: 'cloudflare' }, dns01: h.Dns01Solver.rfc2136({ nameserver: 'ns1.acme.ch' }),
    }))).toEqual([
      `HK-ISSUER-DNS01 ${at} cloudflareDns01: {"apiTokenSecretName":"cloudflare"} is not valid; give cloudflareDns01 or dns01, not both: one DNS-01 solver per issuer (dns01: Dns01Solver.cloudflare(...) takes the same settings)`,
    ]);
  });

  test('types at runtime, for callers without TypeScript: unknown keys, enum strings, a plain object, functions in the settings', () => {
    const any = (v: unknown) => v as any;
    expect(() => h.Dns01Solver.rfc2136(any({ nameserver: 'ns1.acme.ch', tsigKey: 'k' }))).toThrow('[Dns01Solver.rfc2136] options.tsigKey: unknown option of Rfc2136Dns01Options (known: nameserver, tsigAlgorithm, tsigKeyName, tsigSecretSecretRef, dnsZones)');
    expect(() => h.Dns01Solver.rfc2136(any({ nameserver: 'ns1.acme.ch', tsigAlgorithm: 'hmac-sha256' }))).toThrow('[Dns01Solver.rfc2136] options.tsigAlgorithm: the string "hmac-sha256" is not valid; expected one of TsigAlgorithm.HMAC_MD5 ("HMACMD5"), TsigAlgorithm.HMAC_SHA1 ("HMACSHA1"), TsigAlgorithm.HMAC_SHA256 ("HMACSHA256"), TsigAlgorithm.HMAC_SHA512 ("HMACSHA512"); did you mean TsigAlgorithm.HMAC_SHA256 ("HMACSHA256")?');
    expect(() => h.Dns01Solver.route53(any({ region: 'eu-central-2', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }))).toThrow('[Dns01Solver.route53] options.secretAccessKeySecretRef: required; expected a Dns01SecretKeyRef');
    expect(() => h.Dns01Solver.route53(any({ region: 'eu-central-2', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKeySecretRef: 'route53' })))
      .toThrow('[Dns01Solver.route53] options.secretAccessKeySecretRef: the string "route53" is not valid; expected Dns01SecretKeyRef (an object of options)');
    expect(() => h.Dns01Solver.webhook(any({ groupName: 'acme.infomaniak.com', solverName: 'infomaniak', config: { ttl: () => 300 } }))).toThrow('[Dns01Solver.webhook] options.config.ttl: a function has no JSON form; expected plain JSON data');
    const s = setup();
    expect(() => new h.LetsEncryptIssuer(s.chart, 'le', any({ email: 'ops@acme-shop.ch', dns01: { rfc2136: { nameserver: 'ns1.acme.ch' } } })))
      .toThrow('[inside/le] dns01: a plain object is not valid; expected a Dns01Solver: Dns01Solver.cloudflare(...) or Dns01Solver.rfc2136(...) or Dns01Solver.route53(...) or Dns01Solver.webhook(...)');
  });
});

describe('the issuer\'s own checks still run', () => {
  test('an issuer without HTTP-01 and without DNS-01 names both ways to a solver', () => {
    expect(problemsOf((chart) => new h.LetsEncryptIssuer(chart, 'le', { email: 'ops@acme-shop.ch', http01: false }))).toEqual([
      'HK-ISSUER [inside/le] http01: false is not valid; an issuer needs a solver: keep HTTP-01, add dns01, or give it to a Gateway with http01: true',
    ]);
  });
});
