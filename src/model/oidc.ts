import { checkArgs } from './guard';
import { EMAIL, problem, type Finding } from './validation';

/** How the tenant API server authenticates people (platform v1.6+). */
export enum OidcMode {
  /** No OIDC: only the admin kubeconfig works. */
  NONE = 'None',
  /** Trust the platform's identity realm (the platform must have OIDC enabled). */
  SYSTEM = 'System',
  /** Trust an issuer of your own, from an AuthenticationConfiguration. */
  CUSTOM_CONFIG = 'CustomConfig',
}

/** Role granted to an OIDC user inside the tenant cluster. */
export enum OidcRole {
  /** cluster-admin. */
  ADMIN = 'admin',
  /** Read-only. */
  VIEW = 'view',
}

/** A person granted access through OIDC. */
export interface OidcUserOptions {
  /** E-mail claim the issuer presents. */
  readonly email: string;
  /** Role inside the tenant cluster. */
  readonly role: OidcRole;
}

/**
 * A person granted access through OIDC, as `OidcOptions.users` lists them:
 * `OidcUser.of({ email: 'ops@acme.example', role: OidcRole.ADMIN })`. A class, so that a Python dict in the
 * list is refused instead of losing the keys jsii does not know (see `NodeGroupSpec`).
 */
export class OidcUser {
  /**
   * A user from its options, checked at once.
   *
   * @param options the e-mail claim and the role
   */
  public static of(options: OidcUserOptions): OidcUser {
    checkArgs('OidcUser.of', 'OidcUser', 'of', [options], { OidcRole });
    return new OidcUser(options);
  }

  /** A user as a manifest states it, unchecked: the cluster that holds it checks it. @internal */
  public static _read(options: OidcUserOptions): OidcUser {
    return new OidcUser(options);
  }

  /** The options as given. */
  public readonly options: OidcUserOptions;

  private constructor(options: OidcUserOptions) {
    this.options = options;
  }
}

/** OIDC settings of the tenant API server (platform v1.6+). */
export interface OidcOptions {
  /** Identity mode. */
  readonly mode: OidcMode;
  /**
   * Inline AuthenticationConfiguration YAML; only with `OidcMode.CUSTOM_CONFIG`, exclusive with `customConfigSecret`.
   * @default - none
   */
  readonly customConfig?: string;
  /**
   * Name of a Secret in the tenant namespace whose `config.yaml` holds the AuthenticationConfiguration;
   * only with `OidcMode.CUSTOM_CONFIG`, exclusive with `customConfig`.
   * @default - none
   */
  readonly customConfigSecret?: string;
  /**
   * Users and their roles, each made by `OidcUser.of()`.
   * @default - none
   */
  readonly users?: OidcUser[];
}

/** Spec fragment for `oidc`. @internal */
export function renderOidc(o: OidcOptions): Record<string, any> {
  const custom: Record<string, any> = {};
  if (o.customConfig !== undefined) custom.config = o.customConfig;
  if (o.customConfigSecret !== undefined) custom.secretRef = { name: o.customConfigSecret };
  return {
    mode: o.mode,
    ...(Object.keys(custom).length > 0 ? { customConfig: custom } : {}),
    ...(o.users ? { users: o.users.map(({ options: u }) => ({ email: u.email, role: u.role })) } : {}),
  };
}

/** Checks OIDC settings and the API server flags that conflict with them. @internal */
export function checkOidc(o: OidcOptions, apiServerArgs: string[]): Finding[] {
  const errors: Finding[] = [];
  if (!Object.values(OidcMode).includes(o.mode)) {
    errors.push(problem('HK-OIDC', 'oidc.mode', o.mode, `allowed: ${Object.values(OidcMode).join(', ')}`));
  }
  const hasConfig = o.customConfig !== undefined;
  const hasSecret = o.customConfigSecret !== undefined;
  if (o.mode === OidcMode.CUSTOM_CONFIG && hasConfig === hasSecret) {
    errors.push(problem('HK-OIDC', 'oidc.customConfig', { config: hasConfig, secretRef: hasSecret }, 'mode CustomConfig needs exactly one of customConfig or customConfigSecret'));
  }
  if (o.mode !== OidcMode.CUSTOM_CONFIG && (hasConfig || hasSecret)) {
    errors.push(problem('HK-OIDC', 'oidc.customConfig', o.mode, 'a custom configuration is used only with mode CustomConfig'));
  }
  for (const { options: u } of o.users ?? []) {
    if (!EMAIL.test(u.email ?? '')) errors.push(problem('HK-OIDC', 'oidc.users[].email', u.email, 'expected an e-mail address'));
    if (!Object.values(OidcRole).includes(u.role)) errors.push(problem('HK-OIDC', 'oidc.users[].role', u.role, `allowed: ${Object.values(OidcRole).join(', ')}`));
  }
  if (o.mode !== OidcMode.NONE) {
    for (const arg of apiServerArgs) {
      if (arg.startsWith('--oidc-') || arg.startsWith('--authentication-config')) {
        errors.push(problem('HK-OIDC', 'controlPlane.apiServer.extraArgs', arg, `the platform sets authentication itself when oidc.mode is ${o.mode}; remove the flag or use mode None`));
      }
    }
  }
  return errors;
}
