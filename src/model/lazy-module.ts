/**
 * A module's exports, loaded when one is first read. The generated bindings are large (Kamaji's control
 * plane alone is 300 KB of JavaScript) and each is used only where its object is rendered: loading the
 * library, or checking a manifest, should not pay for the ones a program never reaches.
 */
export function lazyModule<T extends object>(load: () => T): T {
  let loaded: T | undefined;
  return new Proxy({} as T, { get: (_, name) => (loaded ??= load())[name as keyof T] });
}
