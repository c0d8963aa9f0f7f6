import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { MemoryRegistryCache } from "./cache";
import { createDependenciesGate, resolvePackages, type DependencyGateOptions } from "./gate";
import { changeInput, createGateRepo as createRepo, type GateTestRepo as TestRepo } from "../../testing/gate-repo";
import { closedPort, startRegistryServer, type RegistryServer } from "./test-support/registry-server";
import type { DependencyFinding } from "./types";

const NOW = new Date("2025-06-01T00:00:00Z");

let server: RegistryServer;
const repos: TestRepo[] = [];

function options(extra: DependencyGateOptions = {}): DependencyGateOptions {
  return {
    npmRegistry: server.npmRegistry,
    pypiBaseUrl: server.pypiBaseUrl,
    cache: new MemoryRegistryCache(),
    retryBaseDelayMs: 10,
    now: () => NOW,
    ...extra,
  };
}

function repo(files: Record<string, string>): TestRepo {
  const created = createRepo(files);
  repos.push(created);
  return created;
}

const pkg = (deps: Record<string, string> = {}, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ name: "app", version: "1.0.0", dependencies: deps, ...extra }, null, 2) + "\n";

function findings(result: { findings: unknown[] }): DependencyFinding[] {
  return result.findings as DependencyFinding[];
}

beforeAll(async () => {
  server = await startRegistryServer();
});
afterAll(async () => {
  await server.close();
  for (const r of repos) r.remove();
});
beforeEach(() => {
  server.requests.length = 0;
});

describe("npm packages in changed code", () => {
  it("fails on a package the registry does not have, at its first usage", async () => {
    const r = repo({ "package.json": pkg({ axios: "^1.6.0" }), "src/a.ts": "export const a = 1;\n" });
    const result = await createDependenciesGate(options()).run(
      changeInput(r, { "src/a.ts": 'import axios from "axios";\nimport client from "axios-v2";\nexport const a = 1;\n' }),
    );
    expect(result.status).toBe("fail");
    expect(findings(result)).toEqual([
      expect.objectContaining({ ecosystem: "npm", package: "axios-v2", kind: "not-found", file: "src/a.ts", line: 2 }),
    ]);
    expect(result.summary).toContain("axios-v2");
    expect(server.requests).toContain("/npm/axios-v2");
  });

  it("checks the imports of a Vue component's <script> block", async () => {
    const r = repo({ "package.json": pkg({ axios: "^1.6.0" }), "src/App.vue": "<template><p>hi</p></template>\n" });
    const after = '<template><p>hi</p></template>\n<script setup lang="ts">\nimport client from "axios-v2";\n</script>\n';
    const result = await createDependenciesGate(options()).run(changeInput(r, { "src/App.vue": after }));
    expect(result.status).toBe("fail");
    expect(findings(result)).toEqual([
      expect.objectContaining({ ecosystem: "npm", package: "axios-v2", kind: "not-found", file: "src/App.vue", line: 3 }),
    ]);
  });

  it("passes when every new import is published and declared", async () => {
    const r = repo({ "package.json": pkg({ axios: "^1.6.0", lodash: "^4.17.0" }), "src/a.ts": "" });
    const result = await createDependenciesGate(options()).run(
      changeInput(r, { "src/a.ts": 'import axios from "axios";\nimport merge from "lodash/merge";\n' }),
    );
    expect(result.status).toBe("pass");
    expect(result.packagesChecked).toBe(2);
  });

  it("fails when runtime code imports a published package that no package.json declares (express + lodash.merge)", async () => {
    const r = repo({
      "package.json": pkg({}, { workspaces: ["packages/*"] }),
      "packages/web/package.json": JSON.stringify({ name: "web", dependencies: { react: "^18.2.0" } }),
      "packages/web/src/x.ts": "",
    });
    const result = await createDependenciesGate(options()).run(
      changeInput(r, { "packages/web/src/x.ts": 'import React from "react";\n\nimport _ from "lodash";\n' }),
    );
    expect(result.status).toBe("fail");
    expect(findings(result)).toEqual([
      expect.objectContaining({ package: "lodash", kind: "undeclared", file: "packages/web/src/x.ts", line: 3, context: "runtime", blocking: true }),
    ]);
    expect(findings(result)[0]?.message).toContain("works only while another package happens to install it");
  });

  const UNDECLARED_CASES: { name: string; file: string; code: string; policy?: "fail" | "warn"; status: string; context: string }[] = [
    { name: "runtime code, default policy", file: "lib/app.js", code: 'const merge = require("lodash");\n', status: "fail", context: "runtime" },
    { name: "runtime code, policy lowered to warn", file: "lib/app.js", code: 'const merge = require("lodash");\n', policy: "warn", status: "warn", context: "runtime" },
    { name: "a test file", file: "test/app.test.js", code: 'const merge = require("lodash");\n', status: "warn", context: "test" },
    { name: "a type-only import", file: "lib/types.ts", code: 'import type { Dictionary } from "lodash";\nexport type D = Dictionary<string>;\n', status: "warn", context: "typing" },
  ];

  it.each(UNDECLARED_CASES)("undeclared package in $name → $status", async ({ file, code, policy, status, context }) => {
    const r = repo({ "package.json": pkg({}), [file]: "" });
    const input = changeInput(r, { [file]: code });
    const result = await createDependenciesGate(options()).run(policy ? { ...input, policy: { ...input.policy, undeclaredDependencies: policy } } : input);
    expect(result.status).toBe(status);
    expect(findings(result)).toEqual([expect.objectContaining({ package: "lodash", kind: "undeclared", context, file })]);
  });

  it("warns about a package deprecated in its resolved version", async () => {
    const r = repo({ "package.json": pkg({ request: "^2.88.0" }), "a.js": "" });
    const result = await createDependenciesGate(options()).run(changeInput(r, { "a.js": 'const request = require("request");\n' }));
    expect(result.status).toBe("warn");
    expect(findings(result)).toEqual([
      expect.objectContaining({ package: "request", kind: "deprecated", line: 1, message: expect.stringContaining("request has been deprecated") }),
    ]);
  });

  it("flags a package first published days ago and a one-edit typo of a popular name", async () => {
    const r = repo({ "package.json": pkg({ "fresh-helper-kit": "^0.1.0", lodahs: "^0.0.1" }), "a.ts": "" });
    const result = await createDependenciesGate(options()).run(
      changeInput(r, { "a.ts": 'import kit from "fresh-helper-kit";\nimport _ from "lodahs";\n' }),
    );
    expect(result.status).toBe("warn");
    const byPackage = Object.fromEntries(findings(result).map((f) => [f.package, f]));
    expect(byPackage["fresh-helper-kit"]).toMatchObject({ kind: "suspicious", line: 1 });
    expect(byPackage["fresh-helper-kit"].message).toMatch(/first published 6 day/);
    expect(byPackage.lodahs).toMatchObject({ kind: "suspicious", line: 2 });
    expect(byPackage.lodahs.message).toContain('"lodash"');
  });

  it("asks nothing about built-ins, relative paths, aliases, subpath imports and workspace packages", async () => {
    const r = repo({
      "package.json": pkg({}, { workspaces: ["packages/*"] }),
      "packages/ui/package.json": JSON.stringify({ name: "@acme/ui", version: "1.0.0" }),
      "tsconfig.json": '{\n  // JSONC: comments and trailing commas\n  "compilerOptions": { "paths": { "@/*": ["./src/*"], "@app/*": ["./app/*"], }, },\n}\n',
      "web/jsconfig.json": '{ "compilerOptions": { "baseUrl": "src" } }',
      "web/src/components/Button.jsx": "export default function Button() {}\n",
      "src/a.ts": "",
    });
    const code = [
      'import fs from "fs";',
      'import { readFile } from "fs/promises";',
      'import path from "node:path";',
      'import { test } from "bun:test";',
      'import local from "./local";',
      'import up from "../up";',
      'import util from "@/lib/util";',
      'import page from "@app/page";',
      'import internal from "#internal/x";',
      'import { Button } from "@acme/ui";',
      'import Btn from "components/Button";',
      'const text = "import x from \\"fake-in-string\\"";',
      '// import y from "fake-in-comment";',
    ].join("\n");
    const result = await createDependenciesGate(options()).run(changeInput(r, { "src/a.ts": code }));
    expect(result.status).toBe("pass");
    expect(result.packagesChecked).toBe(0);
    expect(server.requests).toEqual([]);
  });

  it("checks scoped names and subpaths, dynamic import, require and import type", async () => {
    const r = repo({
      "package.json": pkg({ "@acme/widgets": "^2.0.0", chalk: "^5.0.0", express: "^4.18.0", zod: "^3.22.0" }),
      "src/a.ts": "",
    });
    const code = [
      'import { Button } from "@acme/widgets/button";',
      "export async function load() {",
      '  const { default: chalk } = await import("chalk");',
      "  return chalk;",
      "}",
      'const express = require("express");',
      'import type { ZodType } from "zod";',
      'import type { Node } from "estree";',
    ].join("\n");
    const result = await createDependenciesGate(options()).run(changeInput(r, { "src/a.ts": code }));
    expect(server.requests.sort()).toEqual(["/npm/@acme%2fwidgets", "/npm/chalk", "/npm/estree", "/npm/express", "/npm/zod"]);
    expect(result.status).toBe("fail");
    expect(findings(result)).toEqual([expect.objectContaining({ package: "estree", kind: "not-found", line: 8 })]);
  });

  it("verifies the @types package when a type-only import is declared through it", async () => {
    const r = repo({ "package.json": pkg({ "@types/estree": "^1.0.0" }), "src/a.ts": "" });
    const result = await createDependenciesGate(options()).run(changeInput(r, { "src/a.ts": 'import type { Node } from "estree";\n' }));
    expect(result.status).toBe("pass");
    expect(server.requests).toEqual(["/npm/@types%2festree"]);
  });

  it("does not re-check imports the file already had", async () => {
    const before = 'import client from "axios-v2";\n';
    const r = repo({ "package.json": pkg(), "src/a.ts": before });
    const result = await createDependenciesGate(options()).run(
      changeInput(r, { "src/a.ts": `${before}import other from "axios-v2/sub";\nexport const x = client;\n` }),
    );
    expect(result.status).toBe("pass");
    expect(server.requests).toEqual([]);
  });

  it("reports an unpublished package as not found", async () => {
    const r = repo({ "package.json": pkg({ "gone-pkg": "^1.0.0" }), "a.ts": "" });
    const result = await createDependenciesGate(options()).run(changeInput(r, { "a.ts": 'import "gone-pkg";\n' }));
    expect(result.status).toBe("fail");
    expect(findings(result)[0]).toMatchObject({ kind: "not-found", message: expect.stringContaining("unpublished") });
  });
});

describe("package.json changes", () => {
  it("fails when no published version satisfies a new range", async () => {
    const r = repo({ "package.json": pkg({ lodash: "^4.17.21" }) });
    const result = await createDependenciesGate(options()).run(
      changeInput(r, { "package.json": pkg({ lodash: "^4.17.21", axios: "^2.0.0" }) }),
    );
    expect(result.status).toBe("fail");
    expect(findings(result)).toEqual([
      expect.objectContaining({ package: "axios", kind: "version-not-found", file: "package.json", line: 6 }),
    ]);
    expect(server.requests).toEqual(["/npm/axios"]); // the unchanged lodash entry is not asked about
  });

  it("accepts dist-tags and changed ranges that resolve, skips workspace and git specs, follows npm: aliases", async () => {
    const r = repo({ "package.json": pkg({ axios: "^0.27.0" }) });
    const after = pkg(
      { axios: "next", "local-lib": "workspace:*", forked: "github:someone/forked", us: "npm:lodash@^4.17.0" },
      { devDependencies: { zod: "~3.23.0" }, peerDependencies: { react: ">=18" }, optionalDependencies: { chalk: "5.x" } },
    );
    const result = await createDependenciesGate(options()).run(changeInput(r, { "package.json": after }));
    expect(result.status).toBe("pass");
    expect(server.requests.sort()).toEqual(["/npm/axios", "/npm/chalk", "/npm/lodash", "/npm/react", "/npm/zod"]);
  });

  it("does not accept a prerelease for a plain caret range (npm semantics)", async () => {
    const r = repo({ "package.json": pkg() });
    const result = await createDependenciesGate(options()).run(changeInput(r, { "package.json": pkg({ axios: "^1.8.0" }) }));
    expect(findings(result)).toEqual([expect.objectContaining({ kind: "version-not-found" })]);
  });
});

describe("Python", () => {
  it("maps import names to distributions and ignores the standard library and first-party modules", async () => {
    const r = repo({
      "requirements.txt": "-r requirements-base.txt\nPyYAML>=6.0\nscikit-learn==1.5.0\n",
      "requirements-base.txt": "",
      "mypkg/__init__.py": "",
      "app/main.py": "",
      "app/helpers.py": "",
    });
    const code = [
      "import os, sys",
      "from collections import OrderedDict",
      "import yaml",
      "from sklearn.model_selection import (",
      "    train_test_split,",
      "    KFold,",
      ")",
      "import mypkg.sub",
      "import helpers",
      '"""',
      "import notarealpackage",
      '"""',
      "from . import sibling",
    ].join("\n");
    const result = await createDependenciesGate(options()).run(changeInput(r, { "app/main.py": code }));
    expect(server.requests.sort()).toEqual(["/pypi/pyyaml/json", "/pypi/scikit-learn/json"]);
    expect(result.status).toBe("pass");
  });

  it("warns about an undeclared import and fails on a missing distribution", async () => {
    const r = repo({ "pyproject.toml": '[project]\nname = "x"\ndependencies = ["requests>=2.31"]\n', "main.py": "" });
    const result = await createDependenciesGate(options()).run(
      changeInput(r, { "main.py": "import requests\nimport flask\nimport totally_made_up_lib\n" }),
    );
    expect(result.status).toBe("fail");
    expect(findings(result)).toEqual([
      expect.objectContaining({ ecosystem: "pypi", package: "totally_made_up_lib", kind: "not-found", line: 3 }),
      expect.objectContaining({ ecosystem: "pypi", package: "flask", kind: "undeclared", line: 2 }),
    ]);
  });

  it("checks changed requirements lines against published versions (PEP 440)", async () => {
    const r = repo({ "requirements.txt": "PyYAML==6.0\n" });
    const after = "PyYAML==6.0\n-r other.txt\nrequests==99.0  # does not exist\nnumpy>=2.0\n";
    const result = await createDependenciesGate(options()).run(changeInput(r, { "requirements.txt": after }));
    expect(result.status).toBe("fail");
    expect(findings(result)).toEqual([expect.objectContaining({ package: "requests", kind: "version-not-found", line: 3 })]);
    expect(server.requests.sort()).toEqual(["/pypi/numpy/json", "/pypi/requests/json"]);
  });

  it("checks pyproject [project] and [tool.poetry] dependencies", async () => {
    const before = '[project]\nname = "x"\ndependencies = []\n';
    const after = [
      "[project]",
      'name = "x"',
      "dependencies = [",
      '  "PyYAML==6.*",',
      '  "ghost-dist-zz>=1",',
      "]",
      "",
      "[tool.poetry.dependencies]",
      'python = "^3.11"',
      'flask = "^9.0"',
    ].join("\n");
    const r = repo({ "pyproject.toml": before });
    const result = await createDependenciesGate(options()).run(changeInput(r, { "pyproject.toml": after }));
    expect(result.status).toBe("fail");
    expect(findings(result)).toEqual([
      expect.objectContaining({ package: "ghost-dist-zz", kind: "not-found", file: "pyproject.toml", line: 5 }),
      expect.objectContaining({ package: "flask", kind: "version-not-found", file: "pyproject.toml", line: 10 }),
    ]);
  });

  it("checks Pipfile packages and counts them as declarations for imports", async () => {
    const before = '[packages]\nrequests = "*"\n';
    const after = [
      "[packages]",
      'requests = "*"',
      'PyYAML = "==6.*"',
      'ghost-dist-zz = ">=1"',
      "",
      "[dev-packages]",
      'flask = {version = ">=9.0", extras = ["async"]}',
      'mylib = {path = "./mylib", editable = true}',
    ].join("\n");
    const r = repo({ Pipfile: before, "app.py": "" });
    const result = await createDependenciesGate(options()).run(changeInput(r, { Pipfile: after, "app.py": "import requests\nimport yaml\n" }));
    expect(result.status).toBe("fail");
    expect(findings(result)).toEqual([
      expect.objectContaining({ package: "ghost-dist-zz", kind: "not-found", file: "Pipfile", line: 4 }),
      expect.objectContaining({ package: "flask", kind: "version-not-found", file: "Pipfile", line: 7 }),
    ]);
    // requests and yaml are declared by the Pipfile: no undeclared warning.
    expect(findings(result).filter((f) => f.kind === "undeclared")).toEqual([]);
  });

  it("checks setup.py requirement lists and counts setup.cfg as declarations", async () => {
    const r = repo({ "setup.py": 'from setuptools import setup\nsetup(name="x", install_requires=[])\n', "setup.cfg": "[options]\ninstall_requires =\n    requests\n", "app.py": "" });
    const after = 'from setuptools import setup\nsetup(\n    name="x",\n    install_requires=["PyYAML==6.*", "ghost-dist-zz>=1"],\n)\n';
    const result = await createDependenciesGate(options()).run(changeInput(r, { "setup.py": after, "app.py": "import requests\n" }));
    expect(result.status).toBe("fail");
    expect(findings(result)).toEqual([expect.objectContaining({ package: "ghost-dist-zz", kind: "not-found", file: "setup.py", line: 4 })]);
  });

  it("warns about inactive projects and yanked pinned releases", async () => {
    const r = repo({ "requirements.txt": "" });
    const result = await createDependenciesGate(options()).run(
      changeInput(r, { "requirements.txt": "oldlib>=1.0\nrequests==2.32.0\n" }),
    );
    expect(result.status).toBe("warn");
    expect(findings(result).map((f) => [f.package, f.kind])).toEqual([
      ["oldlib", "deprecated"],
      ["requests", "deprecated"],
    ]);
    expect(findings(result)[1].message).toContain("yanked");
  });

  describe("typing-only imports", () => {
    const typingExtensions = {
      info: { name: "typing_extensions", version: "4.12.2", classifiers: [], yanked: false },
      releases: { "4.12.2": [{ filename: "typing_extensions-4.12.2-py3-none-any.whl", upload_time_iso_8601: "2024-06-07T00:00:00.000000Z", yanked: false }] },
    };
    const CLICK_PYPROJECT = '[project]\nname = "click"\ndependencies = []\n\n[dependency-groups]\ntests = ["pytest"]\ntyping = ["mypy", "pyright", "pytest"]\n';
    const TYPING_TEST = "from pathlib import Path\n\nfrom typing_extensions import assert_type\n\nimport click\n";

    it("click a1d87858: typing_extensions in tests/typing/ comes with the declared type checker", async () => {
      server.addDocument("pypi:typing-extensions", typingExtensions);
      const r = repo({ "pyproject.toml": CLICK_PYPROJECT, "src/click/__init__.py": "", "tests/typing/typing_edit.py": "" });
      const result = await createDependenciesGate(options()).run(changeInput(r, { "tests/typing/typing_edit.py": TYPING_TEST }));
      expect(result.status).toBe("pass");
      expect(findings(result)).toEqual([]);
    });

    it("without a declared type checker it is a warning, never a runtime failure", async () => {
      server.addDocument("pypi:typing-extensions", typingExtensions);
      const r = repo({ "pyproject.toml": '[project]\nname = "click"\ndependencies = []\n', "src/click/__init__.py": "", "tests/typing/typing_edit.py": "" });
      const result = await createDependenciesGate(options()).run(changeInput(r, { "tests/typing/typing_edit.py": TYPING_TEST }));
      expect(result.status).toBe("warn");
      expect(findings(result)).toEqual([expect.objectContaining({ package: "typing_extensions", kind: "undeclared", context: "typing" })]);
    });

    const TYPE_CHECKING_CASES: { name: string; code: string; status: string; context?: string }[] = [
      { name: "declared in a dependency group, under TYPE_CHECKING", code: "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import yaml\n", status: "pass" },
      { name: "declared nowhere, under TYPE_CHECKING", code: "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import flask\n", status: "warn", context: "typing" },
      { name: "declared nowhere, at runtime", code: "import flask\n", status: "fail", context: "runtime" },
      { name: "declared nowhere, in an else branch of TYPE_CHECKING", code: "if TYPE_CHECKING:\n    pass\nelse:\n    import flask\n", status: "fail", context: "runtime" },
    ];
    it.each(TYPE_CHECKING_CASES)("$name → $status", async ({ code, status, context }) => {
      const pyproject = '[project]\nname = "app"\ndependencies = []\n[project.optional-dependencies]\nyaml = ["PyYAML>=6"]\n';
      const r = repo({ "pyproject.toml": pyproject, "app/__init__.py": "", "app/models.py": "" });
      const result = await createDependenciesGate(options()).run(changeInput(r, { "app/models.py": code }));
      expect(result.status).toBe(status);
      expect(findings(result).map((f) => f.context)).toEqual(context ? [context] : []);
    });
  });

  it("is an error when no PyPI index is configured anywhere, saying what to set", async () => {
    vi.stubEnv("PIP_INDEX_URL", "");
    vi.stubEnv("PIP_EXTRA_INDEX_URL", "");
    vi.stubEnv("PIP_CONFIG_FILE", "/dev/null"); // pip's own switch: no configuration file at all
    try {
      const r = repo({ "main.py": "" });
      const result = await createDependenciesGate({ ...options(), pypiBaseUrl: undefined }).run(
        changeInput(r, { "main.py": "import yaml\n" }),
      );
      expect(result.status).toBe("error");
      expect(result.summary).toContain("no PyPI index configured: set PIP_INDEX_URL to your index's simple URL");
      expect(result.summary).toContain("pip config list");
    } finally {
      vi.unstubAllEnvs();
    }
  });

  describe("pip's configuration files", () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-pip-"));
      // A PEP 503 simple index on disk, as pip's extra-index-url = file:///…/simple points at.
      mkdirSync(path.join(dir, "simple", "pyyaml"), { recursive: true });
      writeFileSync(
        path.join(dir, "simple", "pyyaml", "index.html"),
        '<!DOCTYPE html><html><body>\n<a href="../../files/PyYAML-6.0.1.tar.gz#sha256=00">PyYAML-6.0.1.tar.gz</a>\n' +
          '<a href="../../files/PyYAML-6.0.2-cp311-cp311-linux_x86_64.whl" data-yanked="">PyYAML-6.0.2-cp311-cp311-linux_x86_64.whl</a>\n</body></html>\n',
      );
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    function usePipConf(name: string, text: string): void {
      const home = path.join(dir, name);
      mkdirSync(path.join(home, ".config", "pip"), { recursive: true });
      writeFileSync(path.join(home, ".config", "pip", "pip.conf"), text);
      vi.stubEnv("HOME", home);
      vi.stubEnv("XDG_CONFIG_HOME", "");
      vi.stubEnv("XDG_CONFIG_DIRS", path.join(home, "no-xdg"));
      vi.stubEnv("PIP_CONFIG_FILE", "");
      vi.stubEnv("PIP_INDEX_URL", "");
      vi.stubEnv("PIP_EXTRA_INDEX_URL", "");
    }

    async function run(code: string) {
      const r = repo({ "requirements.txt": "PyYAML\n", "main.py": "" });
      return createDependenciesGate({ ...options(), pypiBaseUrl: undefined, pipConfigCommand: null }).run(changeInput(r, { "main.py": code }));
    }

    it("uses index-url from the user's pip.conf (JSON API beside /simple/)", async () => {
      usePipConf("http", `[global]\nindex-url = ${server.pypiBaseUrl}/simple/\nextra-index-url =\n`);
      try {
        const result = await run("import yaml\n");
        expect(result.status).toBe("pass");
        expect(server.requests).toEqual(["/pypi/pyyaml/json"]);
      } finally {
        vi.unstubAllEnvs();
      }
    });

    it("reads a file:// simple index: found, yanked files skipped, unknown names not found", async () => {
      usePipConf("file", `[global]\nindex-url = file://${dir}/simple\n`);
      try {
        expect((await run("import yaml\n")).status).toBe("pass");
        const missing = await run("import yaml\nimport totally_made_up_lib\n");
        expect(missing.status).toBe("fail");
        expect(findings(missing)).toEqual([expect.objectContaining({ package: "totally_made_up_lib", kind: "not-found", line: 2 })]);
      } finally {
        vi.unstubAllEnvs();
      }
    });

    it("with only extra indexes, a name they lack is an error, not a verdict: pip would ask its default index too", async () => {
      usePipConf("extra", `[global]\nextra-index-url = file://${dir}/simple\n`);
      try {
        const found = await run("import yaml\n");
        expect(found.summary).toBe("1 new package checked, all published");
        const unknown = await run("import totally_made_up_lib\n");
        expect(unknown.status).toBe("error");
        expect(unknown.summary).toContain("pip would also ask its default index, which is not configured here");
        expect(unknown.summary).toContain("set PIP_INDEX_URL");
      } finally {
        vi.unstubAllEnvs();
      }
    });
  });

  it("derives the PyPI base from PIP_INDEX_URL", async () => {
    vi.stubEnv("PIP_INDEX_URL", `${server.pypiBaseUrl}/simple/`);
    try {
      const r = repo({ "requirements.txt": "PyYAML\n", "main.py": "" });
      const result = await createDependenciesGate({ ...options(), pypiBaseUrl: undefined }).run(
        changeInput(r, { "main.py": "import yaml\n" }),
      );
      expect(result.status).toBe("pass");
      expect(server.requests).toEqual(["/pypi/pyyaml/json"]);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("repository without git", () => {
  it("reads manifests from disk when the directory is not a git repository", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-deps-nogit-"));
    try {
      writeFileSync(path.join(dir, "package.json"), pkg({ lodash: "^4" }));
      const input = changeInput({ dir, commit: "HEAD", files: {}, remove: () => undefined, cleanup: () => undefined }, { "a.ts": 'import _ from "lodash";\n' });
      const result = await createDependenciesGate(options()).run(input);
      expect(result.status).toBe("pass");
      expect(server.requests).toEqual(["/npm/lodash"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("status", () => {
  it("is skipped when no changed file is code or a manifest", async () => {
    const r = repo({ "README.md": "hi\n" });
    const result = await createDependenciesGate(options()).run(changeInput(r, { "README.md": "hello\n", "docs/x.txt": "x" }));
    expect(result.status).toBe("skipped");
  });

  it("is an error returned with options that fail validation, not an exception", async () => {
    const r = repo({ "a.ts": "" });
    const result = await createDependenciesGate({ concurrency: 0 }).run(changeInput(r, { "a.ts": 'import "lodash";\n' }));
    expect(result.status).toBe("error");
    expect(result.summary).toContain("concurrency");
  });
});

describe("registry failures", () => {
  let broken: RegistryServer;
  beforeEach(async () => {
    broken = await startRegistryServer();
  });
  afterEach(async () => {
    await broken.close();
  });

  it("is an error naming the registry when it refuses connections", async () => {
    const port = await closedPort();
    const r = repo({ "package.json": pkg({ lodash: "^4" }), "a.ts": "" });
    const result = await createDependenciesGate(options({ npmRegistry: `http://127.0.0.1:${port}/` })).run(
      changeInput(r, { "a.ts": 'import _ from "lodash";\n' }),
    );
    expect(result.status).toBe("error");
    expect(result.summary).toContain(`npm registry http://127.0.0.1:${port}/`);
    expect(result.summary).toContain("connection refused");
  });

  it("retries a 500 and then succeeds", async () => {
    broken.misbehave("npm:lodash", { kind: "fail", times: 1, status: 500 });
    const r = repo({ "package.json": pkg({ lodash: "^4" }), "a.ts": "" });
    const result = await createDependenciesGate(options({ npmRegistry: broken.npmRegistry })).run(
      changeInput(r, { "a.ts": 'import _ from "lodash";\n' }),
    );
    expect(result.status).toBe("pass");
    expect(broken.requests).toEqual(["/npm/lodash", "/npm/lodash"]);
  });

  it("is an error when 5xx persists past the retries", async () => {
    broken.misbehave("npm:lodash", { kind: "fail", times: 10, status: 503 });
    const r = repo({ "package.json": pkg({ lodash: "^4" }), "a.ts": "" });
    const result = await createDependenciesGate(options({ npmRegistry: broken.npmRegistry, retries: 2 })).run(
      changeInput(r, { "a.ts": 'import _ from "lodash";\n' }),
    );
    expect(result.status).toBe("error");
    expect(result.summary).toContain("HTTP 503 (3 attempts)");
    expect(broken.requests).toHaveLength(3);
  });

  it("is an error when the registry never answers", async () => {
    broken.misbehave("npm:lodash", { kind: "hang" });
    const r = repo({ "package.json": pkg({ lodash: "^4" }), "a.ts": "" });
    const result = await createDependenciesGate(options({ npmRegistry: broken.npmRegistry, timeoutMs: 200, retries: 1 })).run(
      changeInput(r, { "a.ts": 'import _ from "lodash";\n' }),
    );
    expect(result.status).toBe("error");
    expect(result.summary).toContain("timed out after 200 ms");
    expect(broken.requests).toHaveLength(2);
  });

  it("stops with an error when the run is aborted", async () => {
    broken.misbehave("npm:lodash", { kind: "hang" });
    const controller = new AbortController();
    const r = repo({ "package.json": pkg({ lodash: "^4" }), "a.ts": "" });
    const pending = createDependenciesGate(options({ npmRegistry: broken.npmRegistry, timeoutMs: 60_000 })).run(
      changeInput(r, { "a.ts": 'import _ from "lodash";\n' }, controller.signal),
    );
    await vi.waitFor(() => expect(broken.requests).toHaveLength(1));
    controller.abort();
    const result = await pending;
    expect(result.status).toBe("error");
    expect(result.summary).toContain("aborted");
  });

  it("is an error on malformed JSON, and the error is not cached", async () => {
    broken.misbehave("pypi:pyyaml", { kind: "malformed" });
    const cache = new MemoryRegistryCache();
    const r = repo({ "requirements.txt": "PyYAML\n", "main.py": "" });
    const input = changeInput(r, { "main.py": "import yaml\n" });
    const result = await createDependenciesGate(options({ pypiBaseUrl: broken.pypiBaseUrl, cache })).run(input);
    expect(result.status).toBe("error");
    expect(result.summary).toContain(`PyPI index ${broken.pypiBaseUrl}/`);
    expect(result.summary).toContain("malformed JSON");
    expect(cache.size).toBe(0);
  });

  it("keeps decided findings when another lookup fails", async () => {
    broken.misbehave("npm:lodash", { kind: "malformed" });
    const r = repo({ "package.json": pkg({ lodash: "^4" }), "a.ts": "" });
    const result = await createDependenciesGate(options({ npmRegistry: broken.npmRegistry })).run(
      changeInput(r, { "a.ts": 'import _ from "lodash";\nimport x from "axios-v2";\n' }),
    );
    expect(result.status).toBe("error");
    expect(findings(result)).toEqual([expect.objectContaining({ package: "axios-v2", kind: "not-found" })]);
  });
});

describe("cache and concurrency", () => {
  it("answers a second run from the cache, negative results included", async () => {
    const cache = new MemoryRegistryCache();
    const r = repo({ "package.json": pkg({ lodash: "^4" }), "a.ts": "" });
    const input = changeInput(r, { "a.ts": 'import _ from "lodash";\nimport x from "axios-v2";\n' });
    const gate = createDependenciesGate(options({ cache }));
    const first = await gate.run(input);
    const requestsAfterFirst = server.requests.length;
    const second = await createDependenciesGate(options({ cache })).run(input);
    expect(requestsAfterFirst).toBe(2);
    expect(server.requests.length).toBe(2);
    expect(second.status).toBe(first.status);
    expect(second.findings).toEqual(first.findings);
    expect(second.lookupsFromCache).toBe(2);
  });

  it("never has more requests in flight than the concurrency limit", async () => {
    const slow = await startRegistryServer({ delayMs: 50 });
    try {
      const names = Array.from({ length: 12 }, (_, i) => `missing-pkg-${i}`);
      const resolutions = await resolvePackages(names, options({ npmRegistry: slow.npmRegistry, concurrency: 3 }));
      expect(resolutions.map((r) => r.status)).toEqual(names.map(() => "not-found"));
      expect(slow.requests).toHaveLength(12);
      expect(slow.maxInFlight).toBeLessThanOrEqual(3);
      expect(slow.maxInFlight).toBeGreaterThan(1);
    } finally {
      await slow.close();
    }
  });

  it("resolvePackages reports latest versions, ranges and cache use", async () => {
    const cache = new MemoryRegistryCache();
    const first = await resolvePackages(["react", { name: "axios", range: "^2.0.0" }, { ecosystem: "pypi", name: "PyYAML" }], options({ cache }));
    expect(first).toEqual([
      expect.objectContaining({ name: "react", status: "found", latest: "18.3.1", fromCache: false }),
      expect.objectContaining({ name: "axios", status: "version-not-found", latest: "1.7.2" }),
      expect.objectContaining({ ecosystem: "pypi", name: "PyYAML", status: "found", latest: "6.0.1" }),
    ]);
    const again = await resolvePackages(["react", "react"], options({ cache }));
    expect(again[1]).toMatchObject({ status: "found", fromCache: true });
    expect(again[0]).toMatchObject({ status: "found", fromCache: true });
    expect(server.requests.filter((p) => p === "/npm/react")).toHaveLength(1);
  });

  it("reads the npm registry from NPM_CONFIG_REGISTRY when no option is given", async () => {
    vi.stubEnv("NPM_CONFIG_REGISTRY", server.npmRegistry);
    try {
      const [react] = await resolvePackages(["react"], { cache: new MemoryRegistryCache() });
      expect(react).toMatchObject({ status: "found", latest: "18.3.1" });
      expect(server.requests).toEqual(["/npm/react"]);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
