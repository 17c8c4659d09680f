import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { runChecks } from '../model/validation';

const CHECKED_TO_JSON = Symbol.for('cdk8s-hikube.checked-to-json');

interface CheckedToJson {
  /** The override that was declared; a subclass that overrides it again is rendered through its own toJson(). */
  readonly toJson: () => any[];
  /** Constructs whose checks the override runs (with everything below them). */
  readonly checked: () => IConstruct[];
  /** Builds the objects the chart creates only when it renders. */
  readonly render?: () => void;
}

/**
 * Declares that a library chart overrides `toJson()` only to run the library's checks (and to build the
 * objects it creates at render time) before `Chart.toJson()`. `HikubeApp` then runs those checks itself,
 * once for the whole app, instead of taking cdk8s's per-chart path, which re-resolves and re-validates the
 * whole app for every chart.
 */
export function declareCheckedToJson(chart: Chart, cls: { prototype: Chart }, checked: () => IConstruct[], render?: () => void): void {
  const declared: CheckedToJson = { toJson: cls.prototype.toJson, checked, render };
  Object.defineProperty(chart, CHECKED_TO_JSON, { value: declared });
}

/** Whether the chart's `toJson()` is a declared checks-only override. */
export function hasCheckedToJson(chart: Chart): boolean {
  const declared = (chart as unknown as { [CHECKED_TO_JSON]?: CheckedToJson })[CHECKED_TO_JSON];
  return declared !== undefined && declared.toJson === chart.toJson;
}

/**
 * Runs the checks of every declared chart, each construct's once however many charts name it, and builds
 * the charts' late objects when all pass (the rendering assumes a valid model). Returns the problems.
 */
export function checkAndRender(charts: Chart[]): string[] {
  const declared = charts.filter(hasCheckedToJson)
    .map((c) => (c as unknown as { [CHECKED_TO_JSON]: CheckedToJson })[CHECKED_TO_JSON]);
  const roots = new Set(declared.flatMap((d) => d.checked()));
  const outermost = [...roots].filter((root) => !root.node.scopes.slice(0, -1).some((s) => roots.has(s)));
  const errors = outermost.flatMap(runChecks);
  if (errors.length === 0) declared.forEach((d) => d.render?.());
  return errors;
}
