/**
 * A key of a Kubernetes Secret in FluentBit's namespace. The library references it (as an environment
 * variable or a mounted file); the value is never written into the configuration.
 */
export interface FluentBitSecretKey {
  /** Name of the Secret, in the namespace FluentBit runs in. */
  readonly secretName: string;
  /** Key inside the Secret. */
  readonly key: string;
}

/** HTTP basic authentication with a password from a Secret. */
export interface FluentBitBasicAuth {
  /** User name. */
  readonly user: string;
  /** Where the password is. */
  readonly password: FluentBitSecretKey;
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
  readonly ca?: FluentBitSecretKey;
  /**
   * Client certificate (PEM) for mutual TLS, mounted from a Secret. Needs `clientKey`.
   * @default - no client certificate
   */
  readonly clientCertificate?: FluentBitSecretKey;
  /**
   * Client private key (PEM) for mutual TLS, mounted from a Secret. Needs `clientCertificate`.
   * @default - no client key
   */
  readonly clientKey?: FluentBitSecretKey;
  /**
   * Server name sent in the TLS handshake (SNI).
   * @default - the host
   */
  readonly serverName?: string;
}
