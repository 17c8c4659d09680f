import { Chart } from 'cdk8s';
import { HikubeCluster, NodeGroupOptions, NodeGroupSpec, NodeRole, OidcMode, OidcRole, OidcUser, OidcUserOptions, PlatformLine } from '../../../src';
import { HikubeApp } from '../../../src/synth/hikube-app';
import { libraryCodes, RuleExample } from '../rule-example';

/** The codes of a cluster whose group `md0` is built from `options`, as an untyped caller (JavaScript, Python) may pass them. */
function group(options: unknown): () => string[] {
  return () => libraryCodes((app) => new HikubeCluster(app, 'c', {
    tenantNamespace: 'tenant-a', nodeGroups: { md0: NodeGroupSpec.of(options as NodeGroupOptions) },
  }));
}

/** The codes of a cluster on line v1.6 with one OIDC user built from `options`. */
function oidcUser(options: unknown): () => string[] {
  return () => libraryCodes((app) => new HikubeCluster(app, 'c', {
    tenantNamespace: 'tenant-a',
    platformLine: PlatformLine.V1_6,
    nodeGroups: { md0: NodeGroupSpec.of({ roles: [NodeRole.INGRESS_NGINX] }) },
    oidc: { mode: OidcMode.NONE, users: [OidcUser.of(options as OidcUserOptions)] },
  }));
}

/** A cluster synthesized once, then given a group before or after that synth. */
function groupAdded(afterSynth: boolean): () => string[] {
  return () => libraryCodes((app) => {
    const c = new HikubeCluster(app, 'c', { tenantNamespace: 'tenant-a', nodeGroups: { md0: NodeGroupSpec.of({ roles: [NodeRole.INGRESS_NGINX] }) } });
    if (!afterSynth) c.addNodeGroup('late');
    app.synthYaml();
    if (afterSynth) c.addNodeGroup('late');
  });
}

/** A chart with a validation of its own that fails or passes, synthesized by `HikubeApp`. */
function ownValidation(fails: boolean): () => string[] {
  return () => libraryCodes((app) => {
    new Chart(app, 'own').node.addValidation({ validate: () => (fails ? ['the chart is incomplete'] : []) });
  }, new HikubeApp());
}

export const EXAMPLES: RuleExample[] = [
  { rule: 'HK-TYPE', title: 'a string where a list of roles is expected', failing: group({ roles: 'ingress-nginx' }), valid: group({ roles: [NodeRole.INGRESS_NGINX] }) },
  { rule: 'HK-UNKNOWN-KEY', title: 'a misspelt option', failing: group({ minReplica: 1 }), valid: group({ minReplicas: 1 }) },
  { rule: 'HK-REQUIRED', title: 'an OIDC user without its e-mail', failing: oidcUser({ role: OidcRole.VIEW }), valid: oidcUser({ email: 'alice@example.com', role: OidcRole.VIEW }) },
  {
    rule: 'HK-ENUM',
    title: 'an OIDC role outside the enumeration',
    failing: oidcUser({ email: 'alice@example.com', role: 'root' }),
    valid: oidcUser({ email: 'alice@example.com', role: OidcRole.VIEW }),
  },
  { rule: 'HK-FROZEN', title: 'a group added after synth', failing: groupAdded(true), valid: groupAdded(false) },
  { rule: 'HK-CONSTRUCT', title: 'a chart of the user whose own validation fails', failing: ownValidation(true), valid: ownValidation(false) },
];
