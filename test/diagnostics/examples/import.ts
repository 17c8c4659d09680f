import * as h from '../../../src';
import { RuleExample, checkCodes, libraryCodes } from '../rule-example';

const cluster = (addons: string) => `apiVersion: apps.cozystack.io/v1alpha1
kind: Kubernetes
metadata:
  name: web
spec:
  nodeGroups:
    md0:
      minReplicas: 1
      maxReplicas: 2
      instanceType: u1.medium
      ephemeralStorage: 20Gi
      resources: {}
      roles: [ingress-nginx]
  addons:
${addons}`;

export const EXAMPLES: RuleExample[] = [
  {
    rule: 'HK-VALUES-MISPLACED',
    title: 'check: ingress-nginx controller values beside the chart key, where the chart reads them',
    failing: () => checkCodes(cluster('    ingressNginx:\n      enabled: true\n      valuesOverride:\n        controller:\n          config: {use-forwarded-headers: "true"}\n')),
    valid: () => checkCodes(cluster('    ingressNginx:\n      enabled: true\n      valuesOverride:\n        ingress-nginx:\n          controller:\n            config: {use-forwarded-headers: "true"}\n')),
  },
  {
    rule: 'HK-VALUES-MISPLACED',
    title: 'fromManifest: Flux gitRepository is read as the typed bootstrap, with a warning; the bootstrap itself is not',
    failing: () => libraryCodes((app) => h.HikubeCluster.fromManifest(app, 'c', cluster('    fluxcd:\n      enabled: true\n      valuesOverride:\n        gitRepository: {url: "https://git.example.com/fleet.git", branch: main}\n'))),
    valid: () => libraryCodes((app) => h.HikubeCluster.fromManifest(app, 'c', cluster('    fluxcd:\n      enabled: true\n      valuesOverride:\n        flux-instance:\n          instance:\n            sync: {kind: GitRepository, url: "https://git.example.com/fleet.git", ref: refs/heads/main, path: ./, interval: 1m}\n'))),
  },
];
