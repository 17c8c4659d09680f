import { pythonSpelling } from './caller-spelling';

/**
 * One problem found in the input, in the same shape for every layer and every language.
 */
export interface ValidationProblem {
  /** Stable code of the rule that failed, e.g. `HK-UNKNOWN-KEY`; see `RuleCode`. */
  readonly rule: string;
  /** Path of the construct the input belongs to (or the class name, outside a construct tree). */
  readonly path: string;
  /** The field inside the construct's input, e.g. `nodeGroups.web.maxReplicas`. */
  readonly field: string;
  /** The whole message, field and hint included. */
  readonly message: string;
}

/** Stable rule codes of problems. */
export const RuleCode = {
  /** A value of the wrong type (a string where a list is expected, a plain object where a class instance is). */
  TYPE: 'HK-TYPE',
  /** A key the struct does not have. */
  UNKNOWN_KEY: 'HK-UNKNOWN-KEY',
  /** A required input is missing. */
  REQUIRED: 'HK-REQUIRED',
  /** A value outside an enumeration. */
  ENUM: 'HK-ENUM',
  /** A value the consumer (platform, API server, controller) does not accept. */
  VALUE: 'HK-VALUE',
  /** Two objects with the same identity applied to the same API server, or lost by the output layout. */
  DUPLICATE: 'HK-DUPLICATE',
  /** The final document does not match the platform line's published schema. */
  SCHEMA: 'HK-SCHEMA',
  /** A warning turned into an error by strict mode. */
  STRICT: 'HK-STRICT',
  /** A validation of a construct from outside the library failed. */
  CONSTRUCT: 'HK-CONSTRUCT',
  /** The model was changed after it was synthesized. */
  FROZEN: 'HK-FROZEN',
} as const;

/**
 * The error the library throws for bad input, at construction or at synth. Its message lists every
 * problem as `[construct path] field: message`; `problems` carries them one by one.
 *
 * It is not part of the jsii API (jsii types cannot extend `Error`); TypeScript and JavaScript callers
 * can import it from `cdk8s-hikube/lib/errors` or test `error.name === 'HikubeValidationError'`.
 * Other languages receive the same message in their own exception type.
 */
export class HikubeValidationError extends Error {
  /** The problems, in the order they were found. */
  public readonly problems: ValidationProblem[];

  public constructor(problems: ValidationProblem[]) {
    super(`Validation failed with the following errors:\n  ${problems.map((p) => `[${p.path}] ${inCallerSpelling(p)}`).join('\n  ')}`);
    this.name = 'HikubeValidationError';
    this.problems = problems;
  }
}

/** The message with the field also in the caller's spelling, when that differs. */
function inCallerSpelling(p: ValidationProblem): string {
  const python = p.message.startsWith(`${p.field}: `) ? pythonSpelling(p.field) : undefined;
  return python ? `${p.field} (Python: ${python})${p.message.slice(p.field.length)}` : p.message;
}
