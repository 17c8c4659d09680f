import { clusterYaml } from '../../support/fixtures';
import { checkCodes, RuleExample } from '../rule-example';

/** A cluster every line's schema accepts, which `check` passes without an error. */
const CLUSTER = clusterYaml('', false);

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n';

export const EXAMPLES: RuleExample[] = [
  {
    rule: 'HK-UNKNOWN-FIELD',
    title: 'a misspelt field of a hand-written manifest (instancetype)',
    failing: () => checkCodes(CLUSTER.replace('instanceType:', 'instancetype:')),
    valid: () => checkCodes(CLUSTER),
  },
  {
    rule: 'HK-LINE-FIELD',
    title: 'a field of lines v1.5 and later (images) read for line v1.3: a warning in hand-written YAML',
    failing: () => checkCodes(`${CLUSTER}  images:\n    kubectl: registry.example.com/kubectl:1.33\n`, '--line', 'v1.3'),
    valid: () => checkCodes(`${CLUSTER}  images:\n    kubectl: registry.example.com/kubectl:1.33\n`, '--line', 'v1.6'),
  },
  {
    rule: 'HK-INPUT-NOT-TEXT',
    title: 'a binary file (NUL bytes)',
    failing: () => checkCodes(`${CLUSTER}\u0000\u0000`),
    valid: () => checkCodes(CLUSTER),
  },
  {
    rule: 'HK-INPUT-EMPTY',
    title: 'a file with only a comment',
    failing: () => checkCodes('# clusters go here\n'),
    valid: () => checkCodes(`# clusters go here\n${CLUSTER}`),
  },
  {
    rule: 'HK-INPUT-NOT-OBJECT',
    title: 'a document that is a plain sentence',
    failing: () => checkCodes(`${CLUSTER}---\nsee the README for the clusters\n`),
    valid: () => checkCodes(`${CLUSTER}---\n# see the README for the clusters\n`),
  },
  {
    rule: 'HK-NO-CLUSTER',
    title: 'input that holds only a ConfigMap',
    failing: () => checkCodes(CONFIG_MAP),
    valid: () => checkCodes(`${CONFIG_MAP}---\n${CLUSTER}`),
  },
  {
    rule: 'HK-KIND',
    title: 'kind in lower case (kubernetes)',
    failing: () => checkCodes(CLUSTER.replace('kind: Kubernetes', 'kind: kubernetes')),
    valid: () => checkCodes(CLUSTER),
  },
  {
    rule: 'HK-KIND',
    title: 'an apiVersion the group does not serve (v1alpha2)',
    failing: () => checkCodes(CLUSTER.replace('v1alpha1', 'v1alpha2')),
    valid: () => checkCodes(CLUSTER),
  },
  {
    rule: 'HK-DUPLICATE',
    title: 'two clusters with one name in one namespace',
    failing: () => checkCodes(`${CLUSTER}---\n${CLUSTER}`),
    valid: () => checkCodes(`${CLUSTER}---\n${CLUSTER.replace('name: demo', 'name: demo-2')}`),
  },
];
