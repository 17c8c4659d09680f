import { checkArgs } from '../../model/guard';

/**
 * A key of a Kubernetes Secret in FluentBit's namespace. The library references it (as an environment
 * variable or a mounted file); the value is never written into the configuration.
 */
export interface FluentBitSecretKeyOptions {
  /** Name of the Secret, in the namespace FluentBit runs in. */
  readonly secretName: string;
  /** Key inside the Secret. */
  readonly key: string;
}

/**
 * A key of a Kubernetes Secret, as the maps `HttpOutputOptions.secretHeaders` and
 * `CustomOutputOptions.secretProperties` hold it: `FluentBitSecretKey.of({ secretName: 'splunk', key: 'token' })`.
 * Options that take one secret key take `FluentBitSecretKeyOptions` directly. A class in the maps, so that
 * a Python dict there is refused instead of losing the keys jsii does not know (see `NodeGroupSpec`).
 */
export class FluentBitSecretKey {
  /**
   * A secret key from its options, checked at once.
   *
   * @param options the Secret's name and the key inside it
   */
  public static of(options: FluentBitSecretKeyOptions): FluentBitSecretKey {
    checkArgs('FluentBitSecretKey.of', 'FluentBitSecretKey', 'of', [options]);
    return new FluentBitSecretKey(options);
  }

  /** The options as given. */
  public readonly options: FluentBitSecretKeyOptions;

  private constructor(options: FluentBitSecretKeyOptions) {
    this.options = options;
  }
}

/** HTTP basic authentication with a password from a Secret. */
export interface FluentBitBasicAuth {
  /** User name. */
  readonly user: string;
  /** Where the password is. */
  readonly password: FluentBitSecretKeyOptions;
}

/** Transport security of an output's connection. */
export interface FluentBitTls {
  /**
   * Verify the server's certificate.
   * @default true
   */
  readonly verify?: boolean;
  /**
   * CA certificate (PEM) to verify the server with, mounted from a Secret.
   * @default - the image's system CAs
   */
  readonly ca?: FluentBitSecretKeyOptions;
  /**
   * Client certificate (PEM) for mutual TLS, mounted from a Secret. Needs `clientKey`.
   * @default - no client certificate
   */
  readonly clientCertificate?: FluentBitSecretKeyOptions;
  /**
   * Client private key (PEM) for mutual TLS, mounted from a Secret. Needs `clientCertificate`.
   * @default - no client key
   */
  readonly clientKey?: FluentBitSecretKeyOptions;
  /**
   * Server name sent in the TLS handshake (SNI).
   * @default - the host
   */
  readonly serverName?: string;
}
