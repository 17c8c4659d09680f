import { App } from 'cdk8s';
import { HikubeValidationError, ValidationProblem } from '../../src/errors';

/** Synthesizes an app that must fail with the library's error; returns the message. */
export function synthError(app: App): string {
  try {
    app.synthYaml();
  } catch (e) {
    expect(e).toBeInstanceOf(HikubeValidationError);
    return (e as Error).message;
  }
  throw new Error('expected synthesis to fail');
}

/** The problems synthesis refuses an app with, none when it synthesizes; any other failure is thrown. */
export function synthProblems(app: App): ValidationProblem[] {
  try {
    app.synthYaml();
    return [];
  } catch (e) {
    if (!(e instanceof HikubeValidationError)) throw e;
    return e.problems;
  }
}
