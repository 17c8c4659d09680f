import { PlatformLine } from '../model/platform-line';

/** Options for `HikubeCluster.fromManifest()`. */
export interface FromManifestOptions {
  /**
   * Platform line the document is written for.
   * @default - from the document's `appVersion` when it has one, else detected from its fields: among the
   * lines whose schema accepts it, `PlatformLine.DEFAULT` if it is one of them, else the newest released one
   */
  readonly platformLine?: PlatformLine;
  /**
   * Tenant namespace, replacing the document's `metadata.namespace`.
   * @default - the document's `metadata.namespace`, if any
   */
  readonly tenantNamespace?: string;
}
