import { checkCodes, RuleExample } from '../rule-example';

const DOC = `apiVersion: apps.cozystack.io/v1alpha1
kind: Kubernetes
metadata: { name: prod, namespace: tenant-a }
spec:
  version: v1.32
  nodeGroups:
    md0: { minReplicas: 1, maxReplicas: 2, instanceType: u1.large, resources: {}, roles: [ingress-nginx] }
`;

export const EXAMPLES: RuleExample[] = [
  { rule: 'HK-YAML', title: 'a flow map left open', failing: () => checkCodes(DOC.replace('roles: [ingress-nginx] }', 'roles: [ingress-nginx]')), valid: () => checkCodes(DOC) },
];
