import * as kplus from 'cdk8s-plus-28';

/** Workload kinds whose pod template the Pod Security admission checks. */
const WORKLOAD_TEMPLATES: Record<string, (o: any) => any> = {
  Pod: (o) => o.spec,
  Deployment: (o) => o.spec?.template?.spec,
  StatefulSet: (o) => o.spec?.template?.spec,
  DaemonSet: (o) => o.spec?.template?.spec,
  ReplicaSet: (o) => o.spec?.template?.spec,
  Job: (o) => o.spec?.template?.spec,
  CronJob: (o) => o.spec?.jobTemplate?.spec?.template?.spec,
};

const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const SECCOMP_OK = ['RuntimeDefault', 'Localhost'];

/** Pod Security Standards level enforced on a namespace. */
export enum PodSecurityLevel {
  /** Hardened: non-root, no privilege escalation, restricted volumes and capabilities. */
  RESTRICTED = 'restricted',
  /** Prevents known privilege escalations. */
  BASELINE = 'baseline',
  /** Unrestricted. */
  PRIVILEGED = 'privileged',
}

/** The Pod Security Standards as the API server's admission applies them. */
export class PodSecurity {
  /**
   * A container security context that the `restricted` level admits: non-root, read-only root
   * filesystem, no privilege escalation, every capability dropped, the runtime's seccomp profile.
   */
  public static restrictedContainerContext(): kplus.ContainerSecurityContextProps {
    return restrictedContainerContext();
  }

  /**
   * What the admission of a namespace at `level` would reject in a rendered manifest (empty when
   * admitted, or when the manifest is not a workload).
   *
   * @param manifest a rendered Kubernetes object (a Pod or a pod-template owner)
   * @param level the Pod Security level of the namespace
   */
  public static violations(manifest: any, level: PodSecurityLevel): string[] {
    return podSecurityViolations(manifest, level);
  }

  private constructor() {}
}

function restrictedContainerContext(): kplus.ContainerSecurityContextProps {
  return {
    ensureNonRoot: true,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: [kplus.Capability.ALL] },
    seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
  };
}

/**
 * Baseline: no privileged containers, host namespaces, host paths or host ports. Restricted: also
 * non-root, no privilege escalation, all capabilities dropped, a seccomp profile, a limited set of volumes.
 */
function podSecurityViolations(doc: any, level: PodSecurityLevel): string[] {
  const template = WORKLOAD_TEMPLATES[doc?.kind]?.(doc);
  if (!template || level === PodSecurityLevel.PRIVILEGED) return [];
  const out: string[] = [];
  const containers: any[] = [...(template.initContainers ?? []), ...(template.containers ?? [])];
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) if (template[key]) out.push(`${key}: true`);
  for (const v of template.volumes ?? []) {
    if (v.hostPath) out.push(`volume ${v.name} uses hostPath`);
    else if (level === PodSecurityLevel.RESTRICTED && !Object.keys(v).some((k) => RESTRICTED_VOLUMES.includes(k))) out.push(`volume ${v.name} has a type restricted pods may not use`);
  }
  const podContext = template.securityContext ?? {};
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    const where = `container ${c.name}`;
    if (sc.privileged) out.push(`${where} is privileged`);
    if ((c.ports ?? []).some((p: any) => p.hostPort)) out.push(`${where} uses a host port`);
    if (level !== PodSecurityLevel.RESTRICTED) continue;
    if (sc.allowPrivilegeEscalation !== false) out.push(`${where} must set allowPrivilegeEscalation: false`);
    if (!(sc.runAsNonRoot ?? podContext.runAsNonRoot)) out.push(`${where} must run as non-root (runAsNonRoot: true)`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) out.push(`${where} must drop ALL capabilities`);
    if ((sc.capabilities?.add ?? []).some((cap: string) => cap !== 'NET_BIND_SERVICE')) out.push(`${where} may add only NET_BIND_SERVICE`);
    if (!SECCOMP_OK.includes(sc.seccompProfile?.type ?? podContext.seccompProfile?.type)) {
      out.push(`${where} needs a seccomp profile (RuntimeDefault or Localhost)`);
    }
  }
  return out;
}
