import { Duration } from 'cdk8s';
import { checkArgs } from './guard';
import { formatDuration } from './quantity';
import { checkWholeSeconds, problem, type Finding } from './validation';

/**
 * How many unhealthy workers a node group tolerates before remediation stops (`maxUnhealthy`),
 * as a percentage or an absolute count.
 */
export class MaxUnhealthy {
  /**
   * A percentage of the group's machines, 0 - 100.
   *
   * @param percent the percentage, 0 - 100
   */
  public static percent(percent: number): MaxUnhealthy {
    checkArgs('MaxUnhealthy.percent', 'MaxUnhealthy', 'percent', [percent]);
    return new MaxUnhealthy(percent, true);
  }

  /**
   * An absolute number of machines.
   *
   * @param machines the number of machines, a whole number
   */
  public static count(machines: number): MaxUnhealthy {
    checkArgs('MaxUnhealthy.count', 'MaxUnhealthy', 'count', [machines]);
    return new MaxUnhealthy(machines, false);
  }

  /**
   * @param value the number of machines, or the percentage when `isPercent`
   * @param isPercent whether `value` is a percentage of the group's machines
   */
  private constructor(public readonly value: number, public readonly isPercent: boolean) {}

  /** The string the platform reads (`50%` or `3`). */
  public toString(): string {
    return this.isPercent ? `${this.value}%` : `${this.value}`;
  }

  /** Problems with this value, if any. @internal */
  public _check(field: string): Finding[] {
    const ok = Number.isInteger(this.value) && this.value >= 0 && (!this.isPercent || this.value <= 100);
    return ok ? [] : [problem('HK-HEALTH-CHECK', field, this.toString(), this.isPercent ? 'expected a whole percentage from 0 to 100' : 'expected a whole number of machines, 0 or more')];
  }
}

/** Cluster-wide machine health checks of the workers (platform v1.6+). */
export interface NodeHealthCheckOptions {
  /**
   * Unhealthy machines tolerated per group before remediation stops.
   * @default - the platform's default (50%)
   */
  readonly maxUnhealthy?: MaxUnhealthy;

  /**
   * How long a new worker may take to join before it is replaced.
   * @default - the platform's default (10m on v1.6, 20m on main)
   */
  readonly nodeStartupTimeout?: Duration;

  /**
   * How long a node may report Ready=Unknown before it is replaced (platform main only).
   * @default - the platform's default (5m)
   */
  readonly readyUnknownTimeout?: Duration;

  /**
   * How long a node may report Ready=False before it is replaced (platform main only).
   * @default - the platform's default (10m)
   */
  readonly readyFalseTimeout?: Duration;
}

/** The platform's duration pattern for health-check and provisioning timeouts. */
const PLATFORM_DURATION = /^[1-9][0-9]{0,4}[smh]([0-9]{1,5}[smh]){0,2}$/;

/** Checks a duration the platform parses with its duration pattern; returns problems. @internal */
export function checkPlatformDuration(field: string, duration: Duration): Finding[] {
  const wholeSeconds = checkWholeSeconds('HK-HEALTH-CHECK', field, duration);
  if (wholeSeconds) return [wholeSeconds];
  return PLATFORM_DURATION.test(formatDuration(duration)) ? [] : [problem('HK-HEALTH-CHECK', field, formatDuration(duration), 'expected at most 99999 hours')];
}
