import { Construct, IConstruct } from 'constructs';

/** Construct metadata type under which the library records warnings. */
export const WARNING_METADATA = 'hikube:warning';

/**
 * Formats one problem the same way everywhere: the spec field, the offending value and what is allowed.
 * cdk8s prefixes validation messages with the construct path.
 */
export function problem(field: string, value: unknown, allowed: string): string {
  return `${field}: ${describe(value)} is not valid; ${allowed}`;
}

/** Error for input that can be rejected while a construct is being built. */
export function invalid(scope: IConstruct, field: string, value: unknown, allowed: string): Error {
  return new Error(`[${scope.node.path}] ${problem(field, value, allowed)}`);
}

/** Records a warning on a construct; it is listed by HikubeCluster.warnings and kept in the construct tree. */
export function warn(scope: IConstruct, message: string): void {
  // Validations may run more than once (every synth); a warning is recorded once.
  if (scope.node.metadata.some((m) => m.type === WARNING_METADATA && m.data === message)) return;
  scope.node.addMetadata(WARNING_METADATA, message, { stackTrace: false });
}

/** Collects every warning recorded below (and on) a construct, prefixed with the construct path. */
export function collectWarnings(scope: IConstruct): string[] {
  const out: string[] = [];
  for (const c of scope.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type === WARNING_METADATA) {
        out.push(`[${c.node.path}] ${entry.data}`);
      }
    }
  }
  return out;
}

/** Adds a list-returning validation to a construct (cdk8s runs it at synth). */
export function addChecks(scope: Construct, check: () => string[]): void {
  scope.node.addValidation({ validate: check });
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** RFC 1035 label: what the platform requires of a cluster name. */
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 label: what node group names and Kubernetes resource names require. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: host names, storage class names. */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Returns a message when `name` is not a DNS subdomain of at most 253 characters, else undefined. */
export function checkSubdomain(field: string, name: string, what: string): string | undefined {
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    return problem(field, name, `${what} must be a lower-case DNS subdomain (RFC 1123) of at most 253 characters`);
  }
  return undefined;
}
