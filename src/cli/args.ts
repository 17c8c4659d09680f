import { UsageError } from './documents';
import { PlatformLine } from '../model/platform-line';

/** Parsed command-line arguments of one subcommand. */
export interface Args {
  readonly positional: string[];
  readonly options: Record<string, string | true>;
}

/** Parses `--flag`, `--option value` and `--option=value`; anything not declared is a usage error. */
export function parseArgs(argv: string[], valued: string[], flags: string[]): Args {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-' || !arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.replace(/^--?/, '').split(/=(.*)/s, 2);
    if (name === 'help' || name === 'h' || flags.includes(name)) {
      options[name === 'h' ? 'help' : name] = true;
    } else if (valued.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      options[name] = value;
    } else {
      throw new UsageError(`unknown option ${arg}`);
    }
  }
  return { positional, options };
}

/** The platform line named by `--line`, if given. */
export function lineOption(args: Args): PlatformLine | undefined {
  const name = args.options.line;
  if (name === undefined) return undefined;
  const line = PlatformLine.all().find((l) => l.name === name || l.name === `v${name}`);
  if (!line) throw new UsageError(`--line ${name}: not a platform line; use one of ${PlatformLine.all().map((l) => l.name).join(', ')}`);
  return line;
}

/** Where a command writes. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}
