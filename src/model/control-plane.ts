import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { checkArgs } from './guard';
import { PlatformFeature, PlatformLine } from './platform-line';
import { cpuToMillis, formatCpu, formatSize, sizeToMebibytes } from './quantity';
import { ResourcesPreset } from './resources-preset';
import { DNS1123_SUBDOMAIN, finding, type Finding, problem } from './validation';

/** Sizing of one control-plane component: a preset, explicit limits, or both (explicit values win). */
export interface ComponentSizing {
  /**
   * Sizing preset. Legacy names work on every line; `<series>.<size>` names from platform v1.4.
   * @default - the line's default (API server `large`, or `c1.medium` from v1.4; others `micro` / `t1.micro`)
   */
  readonly preset?: ResourcesPreset;
  /**
   * CPU limit, overriding the preset's.
   * @default - from the preset
   */
  readonly cpu?: Cpu;
  /**
   * Memory limit, overriding the preset's.
   * @default - from the preset
   */
  readonly memory?: Size;
}

/** An extra volume for the API server pod; exactly one of `configMap` or `secret` (platform v1.6+). */
export interface ApiServerVolumeOptions {
  /** Volume name, unique; `talos-ca`, `talos-tls-cert` and `authentication-config` are reserved. */
  readonly name: string;
  /**
   * Name of a ConfigMap in the tenant namespace.
   * @default - not a ConfigMap volume
   */
  readonly configMap?: string;
  /**
   * Name of a Secret in the tenant namespace.
   * @default - not a Secret volume
   */
  readonly secret?: string;
}

/** Where an extra volume is mounted in the API server container (platform v1.6+). */
export interface ApiServerVolumeMountOptions {
  /** Name of a volume declared in `extraVolumes`. */
  readonly name: string;
  /** Absolute path in the container. */
  readonly mountPath: string;
  /**
   * Mount read-only.
   * @default true
   */
  readonly readOnly?: boolean;
}

/**
 * An extra volume for the API server pod, as `ControlPlaneOptions.apiServerExtraVolumes` lists it:
 * `ApiServerVolume.of({ name: 'oidc-ca', configMap: 'oidc-ca' })`. A class, so that a Python dict in the
 * list is refused instead of losing the keys jsii does not know (see `NodeGroupSpec`).
 */
export class ApiServerVolume {
  /**
   * An extra volume from its options, checked at once.
   *
   * @param options its name and its ConfigMap or Secret
   */
  public static of(options: ApiServerVolumeOptions): ApiServerVolume {
    checkArgs('ApiServerVolume.of', 'ApiServerVolume', 'of', [options]);
    return new ApiServerVolume(options);
  }

  /** The options as given. */
  public readonly options: ApiServerVolumeOptions;

  private constructor(options: ApiServerVolumeOptions) {
    this.options = options;
  }
}

/**
 * Where an extra volume is mounted in the API server container, as
 * `ControlPlaneOptions.apiServerExtraVolumeMounts` lists it: `ApiServerVolumeMount.of({ name, mountPath })`.
 */
export class ApiServerVolumeMount {
  /**
   * A mount from its options, checked at once.
   *
   * @param options the volume's name, the path and whether it is read-only
   */
  public static of(options: ApiServerVolumeMountOptions): ApiServerVolumeMount {
    checkArgs('ApiServerVolumeMount.of', 'ApiServerVolumeMount', 'of', [options]);
    return new ApiServerVolumeMount(options);
  }

  /** The options as given. */
  public readonly options: ApiServerVolumeMountOptions;

  private constructor(options: ApiServerVolumeMountOptions) {
    this.options = options;
  }
}

/** Control plane of a Hikube cluster (Kamaji, running as pods on the platform). */
export interface ControlPlaneOptions {
  /**
   * Number of control-plane replicas; 3 is recommended for production.
   * @default - the platform's default (2)
   */
  readonly replicas?: number;
  /**
   * API server sizing.
   * @default - the line's default preset
   */
  readonly apiServer?: ComponentSizing;
  /**
   * Controller manager sizing.
   * @default - the line's default preset
   */
  readonly controllerManager?: ComponentSizing;
  /**
   * Scheduler sizing.
   * @default - the line's default preset
   */
  readonly scheduler?: ComponentSizing;
  /**
   * Konnectivity server sizing.
   * @default - the line's default preset
   */
  readonly konnectivity?: ComponentSizing;
  /**
   * Extra API server flags (platform v1.6+). `--oidc-*` and `--authentication-config` are refused when
   * the cluster uses OIDC.
   * @default - none
   */
  readonly apiServerExtraArgs?: string[];
  /**
   * Extra volumes for the API server pod (platform v1.6+), each made by `ApiServerVolume.of()`.
   * @default - none
   */
  readonly apiServerExtraVolumes?: ApiServerVolume[];
  /**
   * Mounts of the extra volumes (platform v1.6+), each made by `ApiServerVolumeMount.of()`.
   * @default - none
   */
  readonly apiServerExtraVolumeMounts?: ApiServerVolumeMount[];
}

/** Properties of the control-plane construct. */
export interface ControlPlaneProps extends ControlPlaneOptions {
  /** The platform line the control plane is rendered for. */
  readonly platformLine: PlatformLine;
}

const RESERVED_VOLUMES = ['talos-ca', 'talos-tls-cert', 'authentication-config'];
const COMPONENTS = ['apiServer', 'controllerManager', 'scheduler', 'konnectivity'] as const;

/** The control plane of a Hikube cluster (`spec.controlPlane`); problems are reported on the cluster. */
export class ControlPlane {
  /** Options as given. */
  public readonly options: ControlPlaneOptions;
  private readonly line: PlatformLine;

  /**
   * @param props replicas and component sizing
   */
  public constructor(props: ControlPlaneProps) {
    this.options = props;
    this.line = props.platformLine;
  }

  /** API server flags, for checks made by the cluster. */
  public get apiServerExtraArgs(): string[] {
    return [...(this.options.apiServerExtraArgs ?? [])];
  }

  /** The `spec.controlPlane` fragment, or undefined when nothing is set. @internal */
  public _render(): Record<string, any> | undefined {
    const o = this.options;
    const out: Record<string, any> = {};
    if (o.replicas !== undefined) out.replicas = o.replicas;
    for (const component of COMPONENTS) {
      const sizing = renderSizing(o[component]);
      if (sizing === undefined) continue;
      if (component === 'konnectivity') out.konnectivity = { server: sizing };
      else out[component] = sizing;
    }
    if (o.apiServerExtraArgs !== undefined || o.apiServerExtraVolumes !== undefined || o.apiServerExtraVolumeMounts !== undefined) {
      out.apiServer = {
        ...out.apiServer,
        ...(o.apiServerExtraArgs ? { extraArgs: [...o.apiServerExtraArgs] } : {}),
        ...(o.apiServerExtraVolumes ? { extraVolumes: o.apiServerExtraVolumes.map(renderApiServerVolume) } : {}),
        ...(o.apiServerExtraVolumeMounts ? { extraVolumeMounts: o.apiServerExtraVolumeMounts.map(renderApiServerVolumeMount) } : {}),
      };
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }

  /** Checks the control plane against its platform line. @internal */
  public _check(): Finding[] {
    const o = this.options;
    const errors: Finding[] = [];
    if (o.replicas !== undefined && (!Number.isInteger(o.replicas) || o.replicas < 1)) {
      errors.push(problem('HK-CONTROL-PLANE', 'controlPlane.replicas', o.replicas, 'expected a whole number, 1 or more'));
    }
    for (const component of COMPONENTS) {
      const s = o[component];
      const field = component === 'konnectivity' ? 'controlPlane.konnectivity.server' : `controlPlane.${component}`;
      if (s?.preset && !this.line.supportsPreset(s.preset)) {
        const hint = this.line.supports(PlatformFeature.SERIES_PRESETS) ? '' : `; <series>.<size> presets need platform line ${PlatformLine.firstWith(PlatformFeature.SERIES_PRESETS)?.name}`;
        errors.push(problem('HK-CONTROL-PLANE', `${field}.resourcesPreset`, s.preset.name, `allowed on line ${this.line.name}: ${this.line.presetNames.join(', ')}${hint}`));
      }
      if (s?.cpu && !(cpuToMillis(s.cpu) > 0)) errors.push(problem('HK-CONTROL-PLANE', `${field}.resources.cpu`, s.cpu.amount, 'expected a positive CPU amount'));
      if (s?.memory && !(sizeToMebibytes(s.memory) > 0)) errors.push(problem('HK-CONTROL-PLANE', `${field}.resources.memory`, formatSize(s.memory), 'expected a positive memory size'));
    }
    const extras: Array<[string, unknown]> = [['apiServer.extraArgs', o.apiServerExtraArgs], ['apiServer.extraVolumes', o.apiServerExtraVolumes],
      ['apiServer.extraVolumeMounts', o.apiServerExtraVolumeMounts]];
    for (const [name, value] of extras) {
      if (value !== undefined && !this.line.supports(PlatformFeature.API_SERVER_EXTRAS)) {
        errors.push(finding('HK-LINE-FIELD', `controlPlane.${name}`, `${this.line.describeAvailability(PlatformFeature.API_SERVER_EXTRAS)}`));
      }
    }
    errors.push(...this.checkVolumes());
    return errors;
  }

  private checkVolumes(): Finding[] {
    const errors: Finding[] = [];
    const field = 'controlPlane.apiServer.extraVolumes';
    const names = new Set<string>();
    for (const { options: v } of this.options.apiServerExtraVolumes ?? []) {
      if (!v.name || !DNS1123_SUBDOMAIN.test(v.name) || v.name.length > 63) {
        errors.push(problem('HK-CONTROL-PLANE', `${field}[].name`, v.name, 'expected a non-empty lower-case DNS label'));
      } else if (RESERVED_VOLUMES.includes(v.name)) {
        errors.push(problem('HK-CONTROL-PLANE', `${field}[].name`, v.name, `reserved by the platform: ${RESERVED_VOLUMES.join(', ')}`));
      } else if (names.has(v.name)) {
        errors.push(problem('HK-CONTROL-PLANE', `${field}[].name`, v.name, 'volume names must be unique'));
      }
      names.add(v.name);
      if ((v.configMap === undefined) === (v.secret === undefined)) {
        errors.push(problem('HK-CONTROL-PLANE', `${field}[${v.name}]`, { configMap: v.configMap, secret: v.secret }, 'set exactly one source: configMap or secret'));
      }
    }
    for (const { options: m } of this.options.apiServerExtraVolumeMounts ?? []) {
      if (!names.has(m.name)) {
        errors.push(problem('HK-CONTROL-PLANE', 'controlPlane.apiServer.extraVolumeMounts[].name', m.name, `must name a volume in extraVolumes (${[...names].join(', ') || 'none declared'})`));
      }
      if (!m.mountPath?.startsWith('/')) {
        errors.push(problem('HK-CONTROL-PLANE', 'controlPlane.apiServer.extraVolumeMounts[].mountPath', m.mountPath, 'expected an absolute path'));
      }
    }
    return errors;
  }
}

function renderSizing(s: ComponentSizing | undefined): Record<string, any> | undefined {
  if (!s) return undefined;
  const resources: Record<string, string> = {};
  if (s.cpu) resources.cpu = formatCpu(s.cpu);
  if (s.memory) resources.memory = formatSize(s.memory);
  return {
    ...(s.preset ? { resourcesPreset: s.preset.name } : {}),
    ...(Object.keys(resources).length > 0 ? { resources } : {}),
  };
}

/** A core/v1 Volume from an extra API server volume (the same shape in the tenant spec and in Kamaji). @internal */
export function renderApiServerVolume(volume: ApiServerVolume): { name: string; configMap?: { name: string }; secret?: { secretName?: string } } {
  const v = volume.options;
  return v.configMap !== undefined ? { name: v.name, configMap: { name: v.configMap } } : { name: v.name, secret: { secretName: v.secret } };
}

/** A core/v1 VolumeMount from an extra API server mount; read-only unless asked otherwise. @internal */
export function renderApiServerVolumeMount({ options: m }: ApiServerVolumeMount): { name: string; mountPath: string; readOnly: boolean } {
  return { name: m.name, mountPath: m.mountPath, readOnly: m.readOnly ?? true };
}
