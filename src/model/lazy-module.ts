import * as path from 'path';

/**
 * A module's exports, loaded when one is first read. The generated bindings are large (Kamaji's control
 * plane alone is 300 KB of JavaScript) and each is used only where its object is rendered: loading the
 * library, or checking a manifest, should not pay for the ones a program never reaches.
 */
export function lazyModule<T extends object>(load: () => T): T {
  let loaded: T | undefined;
  return new Proxy({} as T, { get: (_, name) => (loaded ??= load())[name as keyof T] });
}

/* eslint-disable @typescript-eslint/no-require-imports */
let yamlLoaded: typeof import('yaml') | undefined;

/**
 * The YAML library, as the copy cdk8s bundles and has already loaded when it is a 2.x release (the API this
 * library is written against), else this library's own copy. A second copy costs its loading (70 modules,
 * 10 to 17 ms) on every start of the command line, which parses its input before anything else.
 */
export function yamlLibrary(): typeof import('yaml') {
  return yamlLoaded ??= cdk8sYaml() ?? require('yaml');
}

function cdk8sYaml(): typeof import('yaml') | undefined {
  try {
    const from = { paths: [path.dirname(require.resolve('cdk8s'))] };
    const { version } = require(require.resolve('yaml/package.json', from));
    return typeof version === 'string' && version.startsWith('2.') ? require(require.resolve('yaml', from)) : undefined;
  } catch {
    return undefined;
  }
}
/* eslint-enable @typescript-eslint/no-require-imports */
