import { Construct } from 'constructs';
import { appendInPodTemplate } from './pod-patch';
import { checkWorkload, IWorkload } from './workload';
import { DNS1123_SUBDOMAIN, invalid } from '../model/validation';

/**
 * Pull secrets for private registries, referenced by name and never written: create the
 * `kubernetes.io/dockerconfigjson` Secret in the namespace out of band (or through your secret manager).
 */
export class ImagePullSecrets {
  /**
   * Lets a workload's pods pull with these Secrets (its pod template's `imagePullSecrets`, after any it has).
   * The declarative form of patching a ServiceAccount by hand, for one workload; `SecureNamespace`'s
   * `imagePullSecrets` covers every pod of a namespace.
   * @param workload the workload whose pods pull with the Secrets
   * @param secretNames names of Secrets in the workload's namespace (referenced, never written)
   */
  public static addToWorkload(workload: IWorkload, secretNames: string[]): void {
    const checked = checkWorkload('ImagePullSecrets.addToWorkload', 'workload', workload);
    const names = checkSecretNames(checked.workload, 'imagePullSecrets', secretNames);
    appendInPodTemplate(checked.workload, checked, ['spec', 'imagePullSecrets'], names.map((name) => ({ name })));
  }

  private constructor() {}
}

/** Secret names, checked: a non-empty list of DNS names. @internal */
export function checkSecretNames(scope: Construct, field: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((n) => typeof n !== 'string' || n.length > 253 || !DNS1123_SUBDOMAIN.test(n))) {
    throw invalid('HK-PULL-SECRET', scope, field, value, 'expected a list of Secret names (lower-case DNS names), e.g. ["registry-credentials"]');
  }
  return [...value];
}
