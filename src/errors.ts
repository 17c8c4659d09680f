// The documented import path of the library's error (`cdk8s-hikube/lib/errors`); the diagnostics live below the model.
export { HikubeValidationError, type ValidationProblem, type Repair, type RepairOperation } from './diagnostics/problems';
export { RULES, type RuleCode, type Severity } from './diagnostics/rules';
