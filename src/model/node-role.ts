import { checkArgs } from './guard';

/**
 * A node role: each becomes the node label `node-role.kubernetes.io/<role>`.
 *
 * Roles add labels only, never taints. `INGRESS_NGINX` is where the ingress-nginx add-on runs.
 */
export class NodeRole {
  /** Nodes that run the ingress-nginx controller (a DaemonSet selecting this label). */
  public static readonly INGRESS_NGINX = new NodeRole('ingress-nginx');

  /**
   * A custom role; it must be a valid label name (letters, digits, `-`, `_`, `.`, at most 63).
   *
   * @param name the role name, the suffix of the `node-role.kubernetes.io/<name>` label
   */
  public static of(name: string): NodeRole {
    checkArgs('NodeRole.of', 'NodeRole', 'of', [name]);
    return new NodeRole(name);
  }

  /**
   * @param name the role name, the suffix of the `node-role.kubernetes.io/<name>` label
   */
  private constructor(public readonly name: string) {}

  /** The node label key this role produces. */
  public get labelKey(): string {
    return `node-role.kubernetes.io/${this.name}`;
  }
}

/** A label name segment as Kubernetes validates it. */
export const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
