/**
 * A mocha reporter written into the run's $HOME and passed with `--reporter`: it drives the project's own
 * reporter (spec unless the project names another) for the console, and writes a JSON report (mocha's
 * json format plus each test's `titlePath`) for the gate. Mocha allows one reporter; this keeps both.
 */
export const MOCHA_REPORTER_FILE = "gatehouse-mocha-reporter.cjs";
export const MOCHA_JSON_FILE = "gatehouse-mocha.json";
/** Environment variable naming the project's reporter. */
export const MOCHA_INNER_ENV = "GATEHOUSE_MOCHA_REPORTER";

export const MOCHA_REPORTER_SOURCE = `"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

function fromProject(name) {
  try {
    return require(require.resolve(name, { paths: [process.cwd()] }));
  } catch (e) {
    return null;
  }
}

function GatehouseReporter(runner, options) {
  const mocha = fromProject("mocha");
  const wanted = process.env.${MOCHA_INNER_ENV} || "spec";
  let Inner = mocha && (mocha.reporters[wanted] || mocha.reporters[wanted.toLowerCase()]);
  if (!Inner) Inner = fromProject(wanted) || fromProject(path.resolve(wanted));
  if (!Inner && mocha) Inner = mocha.reporters.spec;
  if (Inner) this.inner = new Inner(runner, options);

  const counts = { passes: 0, pending: 0 };
  const failures = [];
  const passes = [];
  const titlePath = (t) => (typeof t.titlePath === "function" ? t.titlePath() : [t.fullTitle()]);
  runner.on("pass", (t) => {
    counts.passes += 1;
    passes.push(titlePath(t).join(" > "));
  });
  runner.on("pending", () => {
    counts.pending += 1;
  });
  runner.on("fail", (t, err) => {
    failures.push({
      title: t.title,
      fullTitle: t.fullTitle(),
      titlePath: titlePath(t),
      file: t.file || (t.parent && t.parent.file) || null,
      err: { message: String((err && err.message) || err), stack: String((err && err.stack) || "") },
    });
  });
  runner.once("end", () => {
    const stats = { tests: counts.passes + counts.pending + failures.length, passes: counts.passes, pending: counts.pending, failures: failures.length };
    fs.writeFileSync(path.join(os.homedir(), "${MOCHA_JSON_FILE}"), JSON.stringify({ stats, failures, passes }));
  });
}

GatehouseReporter.prototype.done = function (failures, fn) {
  if (this.inner && typeof this.inner.done === "function") this.inner.done(failures, fn);
  else fn(failures);
};

module.exports = GatehouseReporter;
`;
