import { App } from 'cdk8s';
import { HikubeValidationError } from '../../src/errors';

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
