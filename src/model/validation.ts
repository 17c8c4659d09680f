import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { isPositiveWholeSeconds } from './quantity';

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

const CHECKS = Symbol.for('cdk8s-hikube.checks');

/**
 * Registers checks on a construct; `runChecks()` of the chart that renders it runs them at synth.
 *
 * They are not cdk8s validations on purpose: cdk8s re-validates the whole app once per chart, which
 * makes a fleet of cluster charts quadratic. Each chart runs its own checks once, when it renders.
 */
export function addChecks(scope: Construct, check: () => string[]): void {
  const holder = scope as unknown as { [CHECKS]?: Array<() => string[]> };
  (holder[CHECKS] ??= []).push(check);
}

/** Runs every check registered below (and on) a construct; returns messages prefixed with construct paths. */
export function runChecks(root: IConstruct): string[] {
  const errors: string[] = [];
  for (const c of root.node.findAll()) {
    for (const check of (c as unknown as { [CHECKS]?: Array<() => string[]> })[CHECKS] ?? []) {
      errors.push(...check().map((e) => `[${c.node.path}] ${e}`));
    }
  }
  return errors;
}

/** Throws the library's validation error when there are problems. */
export function throwIfInvalid(errors: string[]): void {
  if (errors.length > 0) {
    throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  }
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

/** An e-mail address, loosely: what OIDC claims and ACME accounts need. */
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A Git URL Flux can fetch: it needs a scheme (`git@host:path` shorthand is not accepted). */
export const GIT_URL = /^(https?|ssh):\/\/\S+$/;

/** Returns a message when a duration is not a positive whole number of seconds, else undefined. */
export function checkWholeSeconds(field: string, duration: Duration): string | undefined {
  return isPositiveWholeSeconds(duration) ? undefined
    : problem(field, `${duration.toMilliseconds()}ms`, 'expected a positive whole number of seconds');
}

/** Returns a message when `name` is not a DNS subdomain of at most 253 characters, else undefined. */
export function checkSubdomain(field: string, name: string, what: string): string | undefined {
  if (typeof name !== 'string' || name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    return problem(field, name, `${what} must be a lower-case DNS subdomain (RFC 1123) of at most 253 characters`);
  }
  return undefined;
}
