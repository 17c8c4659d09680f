import { custom, onOff, PluginSection, section, stringList } from './section';
import { checkArgs } from '../../model/guard';
import { problem, type Finding } from '../../model/validation';

/** Options of the container log input. */
export interface ContainerLogsInputOptions {
  /**
   * Tag of the records; the Kubernetes filter reads pod names from it, so keep the `kube.` prefix
   * unless you also change the filter's `tagPrefix`.
   * @default "kube.*"
   */
  readonly tag?: string;
  /**
   * Files to read.
   * @default "/var/log/containers/*.log"
   */
  readonly path?: string;
  /**
   * Files to skip (glob patterns), e.g. FluentBit's own logs.
   * @default - none
   */
  readonly excludePaths?: string[];
  /**
   * Memory the input may buffer before it pauses, e.g. `50MB`.
   * @default "50MB"
   */
  readonly memBufLimit?: string;
  /**
   * Read files found at start-up from their beginning (only files without a saved position).
   * @default false
   */
  readonly readFromHead?: boolean;
  /**
   * Seconds between scans for new files.
   * @default 10
   */
  readonly refreshIntervalSeconds?: number;
}

/** Options of the kubelet journal input. */
export interface KubeletJournalInputOptions {
  /**
   * Tag of the records.
   * @default "host.kubelet"
   */
  readonly tag?: string;
  /**
   * systemd units to read.
   * @default ["kubelet.service"]
   */
  readonly units?: string[];
  /**
   * Journal folder on the node.
   * @default "/var/log/journal"
   */
  readonly path?: string;
  /**
   * Start at the end of the journal the first time (later starts resume from the saved cursor).
   * @default true
   */
  readonly readFromTail?: boolean;
}

/**
 * Where FluentBit reads records: a `pipeline.inputs` entry. Inputs that follow files keep their
 * position in a database on the node, so a restarted pod neither loses nor resends lines.
 */
export class FluentBitInput {
  /**
   * Container logs of every pod on the node (`tail`), in the CRI format the platform's containerd
   * writes, with the built-in `cri` multiline parser joining lines the runtime split.
   * @param options the settings of this plugin
   */
  public static containerLogs(options: ContainerLogsInputOptions = {}): FluentBitInput {
    checkArgs('FluentBitInput.containerLogs', 'FluentBitInput', 'containerLogs', [options]);
    return new FluentBitInput('tail', () => {
      const o = options ?? {};
      const errors: Finding[] = [];
      const excluded = stringList('excludePaths', o.excludePaths, errors);
      const refresh = o.refreshIntervalSeconds ?? 10;
      if (typeof refresh !== 'number' || !Number.isInteger(refresh) || refresh < 1) {
        errors.push(problem('HK-FLUENTBIT', 'refreshIntervalSeconds', refresh, 'expected a whole number of seconds, 1 or more'));
      }
      return section('input', 'tail', {
        'tag': o.tag ?? 'kube.*',
        'path': o.path ?? '/var/log/containers/*.log',
        'exclude_path': excluded.join(',') || undefined,
        'multiline.parser': 'cri',
        'mem_buf_limit': o.memBufLimit ?? '50MB',
        'skip_long_lines': 'on',
        'refresh_interval': refresh,
        'read_from_head': onOff(o.readFromHead),
        'db.locking': 'on',
      }, { errors, keepsPositions: true });
    });
  }

  /**
   * The kubelet's systemd journal on each node (`systemd`), read from the persistent journal under
   * `/var/log/journal`. Nodes without one give no records: Talos workers (platform v1.6 and later) have no
   * systemd, and a journal kept only in `/run/log/journal` is not mounted.
   * @param options the settings of this plugin
   */
  public static kubeletJournal(options: KubeletJournalInputOptions = {}): FluentBitInput {
    checkArgs('FluentBitInput.kubeletJournal', 'FluentBitInput', 'kubeletJournal', [options]);
    return new FluentBitInput('systemd', () => {
      const o = options ?? {};
      const errors: Finding[] = [];
      const units = o.units === undefined ? ['kubelet.service'] : stringList('units', o.units, errors);
      if (o.units !== undefined && units.length === 0 && errors.length === 0) errors.push(problem('HK-FLUENTBIT', 'units', o.units, 'expected at least one unit'));
      for (const u of units) if (!/^[A-Za-z0-9@._:-]+$/.test(u)) errors.push(problem('HK-FLUENTBIT', 'units', u, 'expected a systemd unit name such as kubelet.service'));
      return section('input', 'systemd', {
        tag: o.tag ?? 'host.kubelet',
        path: o.path ?? '/var/log/journal',
        systemd_filter: units.map((u) => `_SYSTEMD_UNIT=${u}`),
        systemd_filter_type: units.length > 1 ? 'or' : undefined,
        read_from_tail: onOff(o.readFromTail ?? true),
        strip_underscores: 'on',
        lowercase: 'on',
      }, { errors, keepsPositions: true });
    });
  }

  /**
   * Any input plugin, by its name in the FluentBit manual, with its properties (including `tag`).
   * Properties of the plugins the library knows are still checked.
   * @param plugin the FluentBit plugin name, as in its manual
   * @param properties the plugin's properties by name, checked against the property table where the plugin is known
   * @param tag the tag its records get
   */
  public static of(plugin: string, properties: { [name: string]: string }, tag?: string): FluentBitInput {
    checkArgs('FluentBitInput.of', 'FluentBitInput', 'of', [plugin, properties, tag]);
    return new FluentBitInput(plugin, () => {
      const out = custom('input', plugin, properties, undefined, undefined);
      if (tag !== undefined) out.properties.tag = tag;
      return out;
    });
  }

  private constructor(
    /** The FluentBit plugin name. */
    public readonly plugin: string,
    private readonly build: () => PluginSection) {}

  /** The section this input renders. @internal */
  public _section(): PluginSection {
    return this.build();
  }
}
