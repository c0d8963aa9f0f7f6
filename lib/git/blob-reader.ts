import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { gitEnv } from "../patch/git";

interface Pending {
  resolve(text: string | null): void;
}

/**
 * Reads files at a commit on demand through one `git cat-file --batch` process instead of one `git show`
 * per file (a monorepo has hundreds of package.json files). Requests are answered in order. For reading
 * many known blobs in one pass, see blobs.ts.
 */
export class GitBlobReader {
  private child?: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private readonly queue: Pending[] = [];
  private failed = false;

  constructor(
    private readonly repoDir: string,
    private readonly commit: string,
  ) {}

  private start(): ChildProcessWithoutNullStreams {
    const child = spawn("git", ["-c", "core.hooksPath=/dev/null", "cat-file", "--batch"], {
      cwd: this.repoDir,
      env: gitEnv(),
      stdio: ["pipe", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    const fail = (): void => {
      this.failed = true;
      for (const pending of this.queue.splice(0)) pending.resolve(null);
    };
    child.on("error", fail);
    child.on("close", fail);
    child.stdin.on("error", fail);
    child.stderr.resume();
    return child;
  }

  private drain(): void {
    for (;;) {
      const pending = this.queue[0];
      const headerEnd = this.buffer.indexOf(0x0a);
      if (!pending || headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString("utf8");
      if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
        this.buffer = this.buffer.subarray(headerEnd + 1);
        this.queue.shift();
        pending.resolve(null);
        continue;
      }
      const [, type, sizeText] = header.split(" ");
      const size = Number(sizeText);
      if (this.buffer.length < headerEnd + 1 + size + 1) return; // wait for the rest of the blob
      const body = this.buffer.subarray(headerEnd + 1, headerEnd + 1 + size);
      this.buffer = this.buffer.subarray(headerEnd + 1 + size + 1);
      this.queue.shift();
      pending.resolve(type === "blob" ? body.toString("utf8") : null);
    }
  }

  read(relativePath: string): Promise<string | null> {
    if (this.failed || /[\n\r]/.test(relativePath)) return Promise.resolve(null);
    this.child ??= this.start();
    const child = this.child;
    return new Promise((resolve) => {
      this.queue.push({ resolve });
      child.stdin.write(`${this.commit}:${relativePath}\n`);
    });
  }

  close(): void {
    this.child?.stdin.end();
  }
}
