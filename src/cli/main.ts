import { parseArgs, Io } from './args';
import { check, CHECK_HELP } from './check';
import { diff, DIFF_HELP } from './diff';
import { UsageError } from './documents';
import { importCommand, IMPORT_HELP } from './import';
import { plan, PLAN_HELP } from './plan';

const HELP = `Usage: cdk8s-hikube <command> [options]

Commands:
  check FILE|DIR|- ...   check Kubernetes manifests against their platform line and the library's rules
  import FILE            write a program that builds the same clusters with the typed API
  plan FILE|DIR ...      vCPU, memory, GPUs and disk of each cluster at min and max replicas
  diff OLD NEW           what changes between two versions, and what the platform cannot do safely

Run 'cdk8s-hikube <command> --help' for the options of a command.
Exit code: 0 when fine, 1 when problems are found, 2 on usage errors.`;

interface Command {
  readonly help: string;
  readonly valued: string[];
  readonly flags: string[];
  readonly run: (args: ReturnType<typeof parseArgs>, io: Io) => number;
}

const COMMANDS: Record<string, Command> = {
  check: { help: CHECK_HELP, valued: ['line'], flags: ['strict', 'json'], run: check },
  import: { help: IMPORT_HELP, valued: ['line', 'out', 'lang'], flags: [], run: importCommand },
  plan: { help: PLAN_HELP, valued: ['line'], flags: ['json'], run: plan },
  diff: { help: DIFF_HELP, valued: ['line', 'git'], flags: ['json'], run: diff },
};

/** Runs the command line; returns the exit code. */
export function main(argv: string[], io: Io): number {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`cdk8s-hikube: unknown command ${JSON.stringify(name)}\n\n${HELP}`);
    return 2;
  }
  try {
    const args = parseArgs(rest, command.valued, command.flags);
    if (args.options.help) {
      io.out(command.help);
      return 0;
    }
    return command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`cdk8s-hikube ${name}: ${e.message}\n\n${command.help}`);
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
