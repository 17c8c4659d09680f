import { pythonSpelling } from './caller-spelling';
import { RULES, RuleCode, Severity } from './rules';

/** A JSON Patch operation on the tenant document (RFC 6902), as a repair applies it. */
export interface RepairOperation {
  readonly op: 'add' | 'replace' | 'remove' | 'move';
  readonly path: string;
  readonly value?: unknown;
  readonly from?: string;
}

/**
 * A mechanical fix: what to write instead, as JSON Patch operations on the tenant document, and the typed
 * setting that replaces them where one exists. `import` writes the fixed program from it and `check`
 * proposes it.
 */
export interface Repair {
  /** What to write, in words (`write version: v1.30`). */
  readonly description: string;
  /** The fix as operations on the document. */
  readonly operations: readonly RepairOperation[];
}

/** A problem as a check finds it, before it is placed in the construct tree. */
export interface Finding {
  readonly rule: RuleCode;
  /** The field inside the construct's input, e.g. `nodeGroups.web.maxReplicas`. */
  readonly field: string;
  /** The offending value, where there is one. */
  readonly value?: unknown;
  /** What is wrong and what is allowed, without the field. */
  readonly detail: string;
  readonly repair?: Repair;
  /**
   * The severity where the entry point, not the rule, decides it: a repair the library applied while reading
   * a manifest is a warning, also under a rule that is an error among the typed props.
   */
  readonly severity?: Severity;
}

/** The message of a finding: its field, then the detail. */
export function messageOf(f: { readonly field: string; readonly detail: string }): string {
  return f.field ? `${f.field}: ${f.detail}` : f.detail;
}

/**
 * One problem found in the input, in the same shape for every layer and every language.
 */
export interface ValidationProblem {
  /** Stable code of the rule that failed, e.g. `HK-UNKNOWN-KEY`; the rules table of docs/rules.md lists them. */
  readonly rule: string;
  /** `error`, `warning` or `note`; a warning is an error here only in strict mode. */
  readonly severity: Severity;
  /** Path of the construct the input belongs to (or the class name, outside a construct tree). */
  readonly path: string;
  /** The field inside the construct's input, e.g. `nodeGroups.web.maxReplicas`. */
  readonly field: string;
  /** The offending value, where there is one. */
  readonly value?: unknown;
  /** The whole message, field and hint included. */
  readonly message: string;
  /** The message without the field, for a caller that names the field its own way (a file path, a line). */
  readonly detail: string;
  /** A mechanical fix, where one exists. */
  readonly repair?: Repair;
}

/**
 * The error the library throws for bad input, at construction or at synth. Its message lists every
 * problem as `<rule code> [construct path] field: message`; `problems` carries them one by one.
 *
 * It is not part of the jsii API (jsii types cannot extend `Error`); TypeScript and JavaScript callers
 * can import it from `cdk8s-hikube/lib/errors` or test `error.name === 'HikubeValidationError'`.
 * Other languages receive the same message in their own exception type.
 */
export class HikubeValidationError extends Error {
  /**
   * The problems, in the order they were found. Not enumerable: Node.js prints an uncaught error's own
   * enumerable properties after its stack, which would repeat every problem the message already lists.
   */
  declare public readonly problems: ValidationProblem[];

  public constructor(problems: ValidationProblem[]) {
    // The code leads each line: other languages receive only this message, and the code finds the rule in the docs.
    super(`Validation failed with the following errors:\n  ${problems.map((p) => `${p.rule} ${problemLine(p)}`).join('\n  ')}`);
    this.name = 'HikubeValidationError';
    Object.defineProperty(this, 'problems', { value: problems, enumerable: false, writable: false });
  }
}

/** A problem as one line, `[construct path] field: detail`, with the field also in the caller's spelling where that differs. */
export function problemLine(p: ValidationProblem): string {
  const python = p.field ? pythonSpelling(p.field) : undefined;
  return `[${p.path}] ${python ? `${p.field} (Python: ${python}): ${p.detail}` : p.message}`;
}

/** A finding placed at a construct path, with the severity its rule has in the library. */
export function placed(path: string, f: Finding, severity: Severity = f.severity ?? RULES[f.rule].severity): ValidationProblem {
  return {
    rule: f.rule,
    severity,
    path,
    field: f.field,
    message: messageOf(f),
    detail: f.detail,
    ...(f.value !== undefined ? { value: f.value } : {}),
    ...(f.repair ? { repair: f.repair } : {}),
  };
}

/** A finding with a detail of its own form (its message is `<field>: <detail>`). */
export function finding(rule: RuleCode, field: string, detail: string, extra: { value?: unknown; repair?: Repair } = {}): Finding {
  return { rule, field, detail, ...extra };
}

/** A finding of a part, placed under the field that holds the part (`outputs[0].loki` + `host`). */
export function nested(prefix: string, f: Finding): Finding {
  return { ...f, field: `${prefix}.${f.field}` };
}

/**
 * Formats one problem the same way everywhere: the field, the offending value and what is allowed.
 * The construct path is added by whoever reports it.
 */
export function problem(rule: RuleCode, field: string, value: unknown, allowed: string): Finding {
  return { rule, field, value, detail: `${describe(value)} is not valid; ${allowed}` };
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
