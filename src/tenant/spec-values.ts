import { valueAt } from './line-schema';
import type { RuleCode } from '../diagnostics/rules';
import { KubernetesVersion } from '../model/kubernetes-version';
import { isPlainObject } from '../model/merge';
import { parseQuantity } from '../model/quantity';
import { type Finding, finding, problem } from '../model/validation';

/**
 * Checks of values a published schema cannot express, on the document as the platform receives it: a quantity
 * the schema's pattern accepts may still be negative or too small to boot a machine, and an image override is
 * a free string. The typed props are checked where they are given; these checks read the values that reach the
 * document another way (a JSON patch, a field of a manifest the typed API does not read), with the rule codes
 * of the typed props.
 */

const MI = 2 ** 20;

/** What a quantity field takes. */
interface QuantityRule {
  readonly rule: RuleCode;
  /** The smallest value that works, in base units (cores, bytes). */
  readonly least: number;
  /** Zero does not work either (for a floor of 0). */
  readonly positive?: boolean;
  /** Only whole units (virtual CPUs). */
  readonly whole?: boolean;
  /** A percentage (`5%`) is taken too. */
  readonly percent?: boolean;
  /** What is allowed, for the message. */
  readonly allowed: string;
}

const DISK: QuantityRule = { rule: 'HK-DISK', least: MI, allowed: 'a worker disk of at least 1Mi, such as 20Gi (a worker without a disk does not boot)' };
const GROUP_CPU: QuantityRule = { rule: 'HK-RESOURCES', least: 1, whole: true, allowed: 'a whole number of virtual CPUs, 1 or more (a worker without a CPU does not boot)' };
const GROUP_MEMORY: QuantityRule = {
  rule: 'HK-RESOURCES', least: 512 * MI, allowed: 'at least 512Mi, what a worker needs to boot its system and run the kubelet (the platform\'s smallest instance type, u1.nano)',
};
const POD_CPU: QuantityRule = { rule: 'HK-NODE-GROUP', least: 0, allowed: 'a CPU amount of 0 or more, such as 2 or 500m' };
const RESERVED_CPU: QuantityRule = { rule: 'HK-KUBELET', least: 0, allowed: 'a CPU amount of 0 or more, such as 500m' };
const RESERVED_MEMORY: QuantityRule = { rule: 'HK-KUBELET', least: 0, allowed: 'a memory size of 0 or more, such as 512Mi' };
const THRESHOLD: QuantityRule = { rule: 'HK-KUBELET', least: 0, percent: true, allowed: 'a percentage from 0% to 100% or a memory size of 0 or more, such as 5% or 500Mi' };
const CONTROL_PLANE_CPU: QuantityRule = { rule: 'HK-CONTROL-PLANE', least: 0, positive: true, allowed: 'a positive CPU amount, such as 500m or 2' };
const CONTROL_PLANE_MEMORY: QuantityRule = { rule: 'HK-CONTROL-PLANE', least: 0, positive: true, allowed: 'a positive memory size, such as 512Mi' };

/** The quantity fields of one node group (or node pool), relative to it. */
function groupFields(diskField: string): Array<[string[], QuantityRule]> {
  return [
    [[diskField], DISK],
    [['resources', 'cpu'], GROUP_CPU],
    [['resources', 'memory'], GROUP_MEMORY],
    [['podCpuLimit'], POD_CPU],
    [['podCpuRequest'], POD_CPU],
    [['kubelet', 'systemReservedCpu'], RESERVED_CPU],
    [['kubelet', 'kubeReservedCpu'], RESERVED_CPU],
    [['kubelet', 'systemReservedMemory'], RESERVED_MEMORY],
    [['kubelet', 'kubeReservedMemory'], RESERVED_MEMORY],
    [['kubelet', 'evictionHardMemory'], THRESHOLD],
    [['kubelet', 'evictionSoftMemory'], THRESHOLD],
  ];
}

const CONTROL_PLANE_COMPONENTS = [['apiServer'], ['controllerManager'], ['scheduler'], ['konnectivity', 'server']];

/** Why a value does not fit a quantity field, or undefined when it does. */
export function quantityProblem(field: string, value: unknown, r: QuantityRule): Finding | undefined {
  if (r.percent && typeof value === 'string' && value.endsWith('%')) {
    const number = value.slice(0, -1);
    const pct = Number(number);
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(number) && pct >= 0 && pct <= 100) return undefined;
    return problem(r.rule, field, value, `expected ${r.allowed}`);
  }
  const n = parseQuantity(value);
  if (Number.isNaN(n)) return problem(r.rule, field, value, `it is not a Kubernetes quantity; expected ${r.allowed}`);
  if (n < 0) return problem(r.rule, field, value, `it is negative; expected ${r.allowed}`);
  if (n < r.least || (r.positive && n === 0) || (r.whole && !Number.isInteger(n))) return problem(r.rule, field, value, `expected ${r.allowed}`);
  return undefined;
}

/**
 * The quantity fields of a `Kubernetes` spec (its node groups and control plane) or of a `KubernetesNodes` spec
 * (one pool, its fields at the top), as paths below `spec` with the rule each follows.
 */
function quantityFields(spec: Record<string, any>, shape: 'cluster' | 'pool', diskField: string): Array<[string[], QuantityRule]> {
  if (shape === 'pool') return groupFields(diskField);
  const out: Array<[string[], QuantityRule]> = [];
  for (const name of Object.keys(isPlainObject(spec.nodeGroups) ? spec.nodeGroups : {})) {
    for (const [at, rule] of groupFields(diskField)) out.push([['nodeGroups', name, ...at], rule]);
  }
  for (const component of CONTROL_PLANE_COMPONENTS) {
    out.push([['controlPlane', ...component, 'resources', 'cpu'], CONTROL_PLANE_CPU]);
    out.push([['controlPlane', ...component, 'resources', 'memory'], CONTROL_PLANE_MEMORY]);
  }
  return out;
}

/** Errors, and warnings for the caller to record. */
export interface SpecFindings {
  readonly errors: Finding[];
  readonly warnings: Finding[];
}

/** What `checkSpecValues` reads besides the document. */
export interface SpecValueContext {
  /** `cluster` for a `Kubernetes` spec, `pool` for a `KubernetesNodes` spec. */
  readonly shape: 'cluster' | 'pool';
  /** The line's worker disk field (`diskSize` or `ephemeralStorage`). */
  readonly diskField: string;
  /** The cluster's version, where the document does not name one the platform reads. */
  readonly version: KubernetesVersion;
  /** The spec the typed model renders, whose values its own checks have covered. */
  readonly model: Record<string, any>;
  /** Fields (dotted, below `spec`) the schema check already refused. */
  readonly refused: ReadonlySet<string>;
}

/**
 * The values of a final document that differ from what the typed model renders, checked as the typed props
 * are: quantities, and image overrides. Errors are returned; warnings come apart, for the caller to record.
 */
export function checkSpecValues(spec: Record<string, any>, ctx: SpecValueContext): SpecFindings {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const changed = (segments: string[]) => {
    const value = valueAt(spec, segments);
    return value !== undefined && value !== null && !ctx.refused.has(segments.join('.')) && value !== valueAt(ctx.model, segments);
  };
  for (const [segments, rule] of quantityFields(spec, ctx.shape, ctx.diskField)) {
    if (!changed(segments)) continue;
    const p = quantityProblem(`spec.${segments.join('.')}`, valueAt(spec, segments), rule);
    if (p) errors.push(p);
  }
  if (isPlainObject(spec.images)) {
    const version = versionOf(spec.version) ?? ctx.version;
    const images = Object.fromEntries(Object.keys(spec.images).filter((k) => changed(['images', k])).map((k) => [k, spec.images[k]]));
    const found = imageFindings('spec.images', images, version);
    errors.push(...found.errors);
    warnings.push(...found.warnings);
  }
  return { errors, warnings };
}

/** The minor version a spec names the way the platform reads it (`v1.33`); undefined for anything else. */
function versionOf(value: unknown): KubernetesVersion | undefined {
  return typeof value === 'string' && /^v1\.(0|[1-9]\d*)$/.test(value) ? KubernetesVersion.of(value) : undefined;
}

/**
 * An image reference as container runtimes parse it: an optional registry host (with a port), a lower-case
 * repository path, then a tag, a digest or both.
 */
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const PATH_PART = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const TAG = '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(?:(${DOMAIN})/)?(${PATH_PART}(?:/${PATH_PART})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);
/** Container runtimes refuse a name (registry and repository) longer than this. */
const MAX_NAME = 255;

/** The tag of a valid image reference, or undefined when it has none; null when the reference is not valid. */
export function imageTag(reference: string): string | undefined | null {
  const m = REFERENCE.exec(reference);
  if (!m) return null;
  const name = reference.slice(0, reference.length - (m[3] !== undefined ? m[3].length + 1 : 0) - (m[4] !== undefined ? m[4].length + 1 : 0));
  return name.length > MAX_NAME ? null : m[3];
}

/** The Kubernetes minor version a kubectl image's tag names (`1.33`, `v1.33.2`, `1.33.0-debian-12-r3`); undefined when it names none. */
function kubectlMinor(tag: string | undefined): number | undefined {
  const m = tag === undefined ? null : /^v?1\.(0|[1-9]\d*)(?:$|[.+_-])/.exec(tag);
  return m ? Number(m[1]) : undefined;
}

/**
 * Image overrides: each a reference a runtime can pull (an empty string is the platform's own image), and a
 * kubectl within one minor version of the cluster, the skew kubectl supports.
 * @param prefix the field that holds the images (`images` or `spec.images`)
 * @param images the overrides by key
 * @param version the cluster's Kubernetes version
 */
export function imageFindings(prefix: string, images: Record<string, unknown>, version: KubernetesVersion): SpecFindings {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  for (const [key, reference] of Object.entries(images)) {
    if (typeof reference !== 'string' || reference === '') continue;
    const field = `${prefix}.${key}`;
    const tag = imageTag(reference);
    if (tag === null) {
      errors.push(problem('HK-IMAGE', field, reference, 'expected an image reference such as registry.example.com/tools/kubectl:1.33 or ...@sha256:<digest> '
        + '(a lower-case repository path, an optional registry host and port, a tag of letters, digits, "_", "." and "-"), or "" for the platform\'s image'));
      continue;
    }
    const minor = key === 'kubectl' ? kubectlMinor(tag) : undefined;
    if (minor !== undefined && Math.abs(minor - version.minor) > 1) {
      warnings.push(finding('HK-IMAGE-SKEW', field,
        `tag ${tag} is kubectl v1.${minor}, ${Math.abs(minor - version.minor)} minor versions from the cluster's ${version}; kubectl supports one minor version either side of the API server, `
        + `so use a kubectl image of v1.${version.minor - 1} to v1.${version.minor + 1}`, { value: reference }));
    }
  }
  return { errors, warnings };
}
