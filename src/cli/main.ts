// Each command's module is required when the command runs (`Command.load`).
/* eslint-disable @typescript-eslint/no-require-imports */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs, Io } from './args';
import { UsageError } from './documents';

const HELP = `Usage: cdk8s-hikube <command> [options]

Commands:
  check FILE|DIR|- ...   check Kubernetes manifests against their platform line and the library's rules
  import FILE            write a program that builds the same clusters with the typed API
  plan FILE|DIR ...      vCPU, memory, GPUs and disk of each cluster at min and max replicas
  diff OLD NEW           what changes between two versions, and what the platform cannot do safely

Run 'cdk8s-hikube <command> --help' for the options of a command, 'cdk8s-hikube --version' for the version.
Exit code: 0 when fine, 1 when problems are found, 2 on usage errors.`;

interface Command {
  readonly valued: string[];
  readonly flags: string[];
  /**
   * The command's module, loaded when the command runs: an editor runs `check` on every save, and loading
   * what `import`, `plan` and `diff` use (the rendering, the generated bindings) took longer than the check.
   */
  readonly load: () => { readonly help: string; readonly run: (args: ReturnType<typeof parseArgs>, io: Io) => number };
}

const COMMANDS: Record<string, Command> = {
  check: {
    valued: ['line'],
    flags: ['strict', 'json'],
    load: () => {
      const m: typeof import('./check') = require('./check');
      return { help: m.CHECK_HELP, run: m.check };
    },
  },
  import: {
    valued: ['line', 'out', 'lang'],
    flags: [],
    load: () => {
      const m: typeof import('./import') = require('./import');
      return { help: m.IMPORT_HELP, run: m.importCommand };
    },
  },
  plan: {
    valued: ['line'],
    flags: ['json'],
    load: () => {
      const m: typeof import('./plan') = require('./plan');
      return { help: m.PLAN_HELP, run: m.plan };
    },
  },
  diff: {
    valued: ['line', 'git'],
    flags: ['json'],
    load: () => {
      const m: typeof import('./diff') = require('./diff');
      return { help: m.DIFF_HELP, run: m.diff };
    },
  },
};

/** The version of the package, from its `package.json` two levels above this module (in `src/` and in `lib/`). */
export function packageVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8')).version;
}

/** Runs the command line; returns the exit code. */
export function main(argv: string[], io: Io): number {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(packageVersion());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`cdk8s-hikube: unknown command ${JSON.stringify(name)}\n\n${HELP}`);
    return 2;
  }
  const { help, run: runCommand } = command.load();
  try {
    const args = parseArgs(rest, command.valued, command.flags);
    if (args.options.help) {
      io.out(help);
      return 0;
    }
    return runCommand(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`cdk8s-hikube ${name}: ${e.message}\n\n${help}`);
      return 2;
    }
    throw e;
  }
}

/** Entry point of the `cdk8s-hikube` executable. */
export function run(): void {
  // The command line reads YAML, whose fields are spelt the same whichever language's package launched it.
  delete process.env.JSII_AGENT;
  process.exitCode = main(process.argv.slice(2), {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  });
}

if (require.main === module) run();
