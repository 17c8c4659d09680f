/**
 * Credentials in values the library writes as given: URLs, and free-form properties and headers. Objects
 * are committed to Git and stored by the API server in plain text; credentials belong in Secrets, which
 * the typed options reference by name.
 */

/**
 * URL query keys whose value is a credential: API keys and tokens (`api_key`, `token`, `access_token`),
 * passwords, and the signature and credential of pre-signed S3 and Azure SAS URLs.
 */
const SECRET_QUERY_KEY = /^(api[-_]?key|apikey|key|(access|auth|private|refresh|id)?[-_]?token|secret|client[-_]?secret|password|passwd|pwd|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|awsaccesskeyid)$/i;
/** User names that are tokens of Git hosts: GitHub (`ghp_`, `github_pat_`, ...) and GitLab (`glpat-`). */
const TOKEN_USER = /^(gh[pousr]_|github_pat_|glpat-)/;

/** What a URL writes in plain text: descriptions of its credentials, and the URL with them masked. */
export interface UrlCredentials {
  /** The credentials found (`the password after "deploy:"`, `query key api_key`); empty when there are none. */
  readonly found: string[];
  /** The URL with each credential replaced by `***`, safe to print. */
  readonly masked: string;
}

/**
 * The credentials a URL (or a path with a query, such as FluentBit's `uri`) carries: a password in its
 * user-info, a Git host token as its user name, and query keys that hold credentials. `notSecrets` lists
 * query keys whose value only looks like a secret (compared without case).
 * @internal
 */
export function urlCredentials(value: string, notSecrets: readonly string[] = []): UrlCredentials {
  const isPath = value.startsWith('/');
  if (!isPath && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return { found: [], masked: value };
  let url: URL;
  try {
    url = new URL(value, isPath ? 'http://path.invalid' : undefined);
  } catch {
    return { found: [], masked: value };
  }
  const allowed = new Set(notSecrets.map((k) => k.toLowerCase()));
  const found: string[] = [];
  let masked = value;
  const mask = (secret: string) => {
    masked = masked.split(secret).join('***');
  };
  if (url.password) {
    found.push(`the password after "${decodeURIComponent(url.username)}:"`);
    mask(url.password);
  } else if (TOKEN_USER.test(url.username)) {
    found.push('a token as the user name');
    mask(url.username);
  }
  for (const [key, v] of new URL(url.href).searchParams) {
    if (v && SECRET_QUERY_KEY.test(key) && !allowed.has(key.toLowerCase())) {
      found.push(`query key ${key}`);
      mask(encodeURIComponent(v));
      mask(v);
    }
  }
  return { found, masked };
}

/**
 * Names of properties and settings that hold a credential in most plugins and tools, matched as a whole
 * name or as its last part after `.` or `_` (`http_passwd`, `rdkafka.sasl.password`, `api_key`), but not
 * settings that name where a credential is (`token_file`, `secret_name`).
 * @internal
 */
export const SECRET_NAME = /(^|[._])(passw(or)?d|secret|client_secret|token|api_?key|apikey|access_key|secret_key|shared_key|sas_token|license_key)$/i;

/** HTTP headers that carry a credential. @internal */
export const SECRET_HEADER = /^((proxy-)?authorization|cookie|.*(api-?key|token|secret|password|signature))$/i;
