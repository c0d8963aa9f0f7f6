/** Entry point of the `gatehouse` command: dispatches to the subcommands, maps errors to exit codes. */
import { HELP, readVersion } from "./help";
import { processIo, UsageError, type CliIo } from "./io";

export async function main(argv: string[], io: CliIo = processIo(), signal?: AbortSignal): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      // Commands load what they use lazily (zod, parsers, gates): --help stays fast and `complexity`
      // never loads TypeScript.
      case "check": {
        const { parseCheckArgs } = await import("./args");
        const opts = parseCheckArgs(rest);
        const { runCheck } = await import("./check");
        return await runCheck(opts, io, signal);
      }
      case "complexity": {
        const { parseComplexityArgs } = await import("./args");
        const opts = parseComplexityArgs(rest);
        const { runComplexityCommand } = await import("../gates/complexity/cli");
        return await runComplexityCommand(opts.files, opts.format, io);
      }
      case "submit": {
        const { parseSubmitArgs, runSubmit } = await import("./submit");
        return await runSubmit(parseSubmitArgs(rest, io.env), io, signal);
      }
      case "daemon": {
        const { parseDaemonArgs } = await import("./args");
        const opts = parseDaemonArgs(rest);
        const { runDaemonCommand } = await import("./daemon/command");
        return await runDaemonCommand(opts, io, signal);
      }
      case "--help":
      case "-h":
      case "help":
        io.stdout(HELP);
        return 0;
      case "--version":
      case "-v":
        io.stdout(`${readVersion()}\n`);
        return 0;
      case undefined:
        io.stderr(HELP);
        return 2;
      default:
        throw new UsageError(`unknown command: ${command} (see gatehouse --help)`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`gatehouse: ${err.message}\n`);
      return 2;
    }
    const msg = err instanceof Error ? err.message : String(err);
    io.stderr(`gatehouse: internal error: ${msg.replace(/\s*\n\s*/g, " ")}\n`);
    return 2;
  }
}

/**
 * Runs `main` for the real process: Ctrl-C / SIGTERM abort the gates (which stop their test runs),
 * a second signal exits at once.
 */
export async function runFromProcess(argv: string[] = process.argv.slice(2)): Promise<never> {
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) process.exit(130);
    process.stderr.write(`gatehouse: ${sig}, stopping…\n`);
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const code = await main(argv, processIo(), controller.signal);
  // Flush before exiting: lingering sockets (registry keep-alive) must not keep the process alive.
  await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
  await new Promise<void>((resolve) => process.stderr.write("", () => resolve()));
  process.exit(code);
}
