import { finding, type Finding } from './validation';

/**
 * Git sources as Flux reads them, shared by the tenant cluster's bootstrap and the syncs inside it:
 * which need a key, which travel without TLS, and when two of them are one directory.
 */

/** A Git URL Flux reaches over SSH, which always needs a key. @internal */
export function isSshUrl(url: string): boolean {
  return /^ssh:\/\//i.test(url);
}

/** A Git URL fetched without TLS. @internal */
export function isPlainHttpUrl(url: string): boolean {
  return /^http:\/\//i.test(url);
}

/** The warning on a source fetched over plain HTTP: anyone on the way can change what the cluster applies. @internal */
export function plainHttpFinding(rule: 'HK-FLUX-HTTP' | 'HK-GITOPS-HTTP', field: string, url: string): Finding {
  return finding(rule, field, `${url} is fetched over plain HTTP, so anyone on the network path can change the manifests the cluster applies (and read the credentials sent); use https://`, { value: url });
}

/**
 * One Git directory, whatever the spelling: scheme and host in any case, with or without `.git` or a
 * trailing slash, the path with or without `./`. Two syncs with the same key apply the same manifests.
 * @internal
 */
export function gitSourceKey(url: string, path: string | undefined): string {
  const repo = url.replace(/^([a-z]+:\/\/[^/]+)/i, (m) => m.toLowerCase()).replace(/\/+$/, '').replace(/\.git$/, '');
  const dir = (path ?? './').split('/').filter((p) => p !== '' && p !== '.').join('/');
  return `${repo}\u0000${dir}`;
}
