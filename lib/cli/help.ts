/** Usage text and version. */
import fs from "node:fs";
import path from "node:path";

export const HELP = `gatehouse — run Gatehouse's gates on a change, or submit one for review, from the command line

Usage:
  gatehouse check --repo DIR --patch FILE|- [--base REF] [--gates LIST] [--format text|json|sarif]
                  [--no-cache]
  gatehouse complexity FILE... [--format text|json]
  gatehouse submit --url URL --token TOKEN --repo NAME [--title TEXT] [--base REF] [--model NAME]
                   [--instruction TEXT] [--patch FILE|-] [--format text|json] < patch.diff
  gatehouse daemon start|stop|status|serve [--idle-minutes N]
  gatehouse --help | --version

check
  Applies the unified diff to REF in a throw-away git worktree (the checkout at DIR is never
  modified) and runs the gates on it.
    --repo DIR              the git repository
    --patch FILE|-          unified diff against REF; "-" reads it from stdin
    --base REF              base commit (default HEAD)
    --gates LIST            comma-separated subset of tests,dependencies,complexity,error-contract,static-analysis
                            (default: all)
    --format FMT            text (default), json or sarif
    --test-command CMD      the repository's test command (default: detected)
    --test-timeout SECONDS  wall-clock limit for one test run (default 300)
    --min-pass-rate PCT     minimum test pass rate (default 95)
    --no-cache              keep nothing on disk: by default registry answers are kept for up to an
                            hour (5 minutes for "not found"), and what the error-contract search
                            read from each file is kept by blob id, in $GATEHOUSE_CACHE_DIR, else
                            $XDG_CACHE_HOME/gatehouse, else ~/.cache/gatehouse

complexity
  Prints cyclomatic and cognitive complexity of every function in the given files.
    --format FMT            text (default) or json

daemon
  Keeps one CLI process running for this user, so that check and complexity skip Node's start
  and run warm (for agents and hooks that run them again and again). While it runs, those commands
  go to it automatically, with their arguments, environment and working directory; without it, or
  with GATEHOUSE_DAEMON=off, they run in their own process. The socket is in $GATEHOUSE_DAEMON_DIR,
  else $XDG_RUNTIME_DIR/gatehouse, else /tmp/gatehouse-<uid>, a folder only you may enter (mode 700).
    start                   start it in the background; it stops after --idle-minutes without
                            a run (default 15)
    status                  is it running? (exit status 3 when not)
    stop                    stop it
    serve                   run it in the foreground

submit
  Sends a unified diff made elsewhere (Codex, Claude Code, Aider, Copilot…) to a Gatehouse server,
  which checks that it applies, runs the gates and queues it for review. Prints the job's URL.
    --url URL               the Gatehouse server (default: $GATEHOUSE_URL)
    --token TOKEN           personal API token, gat_… (default: $GATEHOUSE_TOKEN; prefer the env
                            variable, command lines are visible to other users)
    --repo NAME             the repository's name in Gatehouse
    --title TEXT            job title (default: the patch's "Subject:" line, else "Patch from MODEL")
    --base REF              commit the patch applies to (default: the repository's default branch)
    --model NAME            the agent or model that wrote the change (default "external")
    --instruction TEXT      what the change was asked to do, shown to reviewers
    --patch FILE|-          read the diff from FILE (default: stdin)
    --format FMT            text (default: the job URL) or json (the server's response)
  Exit status: 0 submitted, 1 server or network error, 2 refused (bad input, patch does not apply,
  unknown repository, missing or invalid token).

Exit status (check):
  0  no gate failed
  1  a gate failed, or could not decide (status error)
  2  bad input: not a git repository, unknown ref, unreadable or malformed patch, patch that does
     not apply, unknown gate or format
`;

/** Version from the package.json next to lib/ (found from this file's location, whatever the cwd). */
export function readVersion(): string {
  for (const start of [moduleDir(), process.argv[1] ? path.dirname(process.argv[1]) : undefined]) {
    let dir = start;
    for (let i = 0; dir && i < 6; i++) {
      try {
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
        if (pkg.name === "gatehouse" && pkg.version) return pkg.version;
      } catch {
        // keep walking up
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return "0.0.0";
}

function moduleDir(): string | undefined {
  const d = typeof __dirname === "string" ? __dirname : undefined;
  return d && path.isAbsolute(d) ? d : undefined;
}
