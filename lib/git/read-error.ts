/** Reading a commit's objects with git failed (unknown commit, not a repository, git died). */
export class GitReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GitReadError";
  }
}
