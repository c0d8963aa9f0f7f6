import { describe, expect, it } from "vitest";
import { changedManifestEntries, manifestKindOf, npmRegistrySpec, pipfileEntries, pyprojectEntries, requirementsEntries } from "./manifests";
import { parseToml, tomlGet, TomlError } from "./toml-lite";
import { editDistance, nearPopularName } from "./typosquat";

describe("manifest files", () => {
  it("recognises manifests by path", () => {
    expect(manifestKindOf("package.json")).toBe("package.json");
    expect(manifestKindOf("apps/web/package.json")).toBe("package.json");
    expect(manifestKindOf("node_modules/x/package.json")).toBeUndefined();
    expect(manifestKindOf("requirements-dev.txt")).toBe("requirements");
    expect(manifestKindOf("requirements/prod.txt")).toBe("requirements");
    expect(manifestKindOf("services/api/pyproject.toml")).toBe("pyproject");
    expect(manifestKindOf("Pipfile")).toBe("pipfile");
    expect(manifestKindOf("Pipfile.lock")).toBeUndefined();
    expect(manifestKindOf("notes.txt")).toBeUndefined();
  });

  it("classifies npm dependency specs", () => {
    expect(npmRegistrySpec("a", "^1.2.0")).toEqual({ name: "a", range: "^1.2.0", checkable: true });
    expect(npmRegistrySpec("a", "~1.2.0")).toEqual({ name: "a", range: "~1.2.0", checkable: true });
    expect(npmRegistrySpec("a", "npm:@scope/b@^2")).toEqual({ name: "@scope/b", range: "^2", checkable: true });
    for (const spec of ["workspace:*", "file:../a", "link:../a", "git+ssh://git@host/x.git", "user/repo", "../a", "~/a"]) {
      expect(npmRegistrySpec("a", spec)).toBeUndefined();
    }
  });

  it("reads requirements files, skipping options, includes, URLs and editable installs", () => {
    const text = [
      "# pinned",
      "-r base.txt",
      "--index-url http://127.0.0.1:1/simple",
      "requests[socks]==2.31.0 \\",
      "    --hash=sha256:abc",
      "Flask>=2 ; python_version > '3.8'",
      "-e ./local",
      "git+http://127.0.0.1:8080/x.git#egg=x",
      "./wheels/pkg.whl",
      "uvicorn  # server",
      "pkg @ http://127.0.0.1:8080/pkg.whl",
    ].join("\n");
    expect(requirementsEntries(text).map(({ name, range, line, external }) => ({ name, range, line, external }))).toEqual([
      { name: "requests", range: "==2.31.0", line: 4, external: undefined },
      { name: "Flask", range: ">=2", line: 6, external: undefined },
      { name: "uvicorn", range: "", line: 10, external: undefined },
      { name: "pkg", range: "@ http://127.0.0.1:8080/pkg.whl", line: 11, external: true },
    ]);
  });

  it("reads pyproject [project], optional groups and Poetry tables with lines", () => {
    const text = [
      "[project]",
      'name = "demo"',
      "dependencies = [",
      '  "httpx>=0.27",  # comment, with "quotes"',
      "  'PyYAML==6.*',",
      "]",
      "[project.optional-dependencies]",
      'test = ["pytest>=8"]',
      "[tool.poetry.dependencies]",
      'python = "^3.11"',
      'flask = { version = "^3.0", extras = ["async"] }',
      'local = { path = "../local", develop = true }',
      "[tool.poetry.group.dev.dependencies]",
      'black = "*"',
    ].join("\n");
    expect(pyprojectEntries(text).map(({ name, range, line }) => [name, range, line])).toEqual([
      ["httpx", ">=0.27", 4],
      ["PyYAML", "==6.*", 5],
      ["pytest", ">=8", 8],
      ["flask", "poetry:^3.0", 11],
      ["local", "", 12],
      ["black", "poetry:*", 14],
    ]);
  });

  it("reads Pipfile [packages] and [dev-packages]: any version, specifiers, tables and local paths", () => {
    const text = [
      "[[source]]",
      'url = "http://127.0.0.1:9/simple"',
      "[packages]",
      'requests = "*"',
      'PyYAML = "==6.*"',
      'flask = {version = ">=3.0", extras = ["async"]}',
      'django = {extras = ["bcrypt"]}',
      "[dev-packages]",
      'mylib = {path = ".", editable = true}',
      "[requires]",
      'python_version = "3.12"',
    ].join("\n");
    expect(pipfileEntries(text).map(({ name, range, line, external }) => [name, range, line, external ?? false])).toEqual([
      ["requests", "", 4, false],
      ["PyYAML", "==6.*", 5, false],
      ["flask", ">=3.0", 6, false],
      ["django", "", 7, false],
      ["mylib", "", 9, true],
    ]);
    expect(pipfileEntries("[packages\nbroken")).toEqual([]);
  });

  it("reports only new or changed entries", () => {
    const before = '{"dependencies": {"a": "^1.0.0", "b": "^2.0.0"}}';
    const after = '{"dependencies": {"a": "^1.0.0", "b": "^3.0.0", "c": "1.0.0"}}';
    expect(changedManifestEntries("package.json", before, after).map((e) => e.name)).toEqual(["b", "c"]);
    expect(changedManifestEntries("requirements", "PyYAML==6.0\n", "pyyaml==6.0\nrequests\n").map((e) => e.name)).toEqual(["requests"]);
  });
});

describe("toml-lite", () => {
  it("parses strings, arrays, inline tables, dotted keys and arrays of tables", () => {
    const doc = parseToml(
      ['title = "x" # c', "a.b = 'lit'", "[t]", 'arr = [1, "two", [3],]', 'inline = { k = "v", n.m = 2 }', "[[items]]", "id = 1", "[[items]]", 'multi = """', 'one"""'].join("\n"),
    );
    expect(tomlGet(doc, ["a", "b"])).toMatchObject({ type: "string", value: "lit" });
    expect(tomlGet(doc, ["t", "inline", "k"])).toMatchObject({ value: "v" });
    expect(tomlGet(doc, ["items"])).toMatchObject({ type: "array", items: [{ type: "table" }, { type: "table" }] });
    expect(() => parseToml("x = [1, 2")).toThrow(TomlError);
  });
});

describe("typosquat detection", () => {
  it("measures transpositions as one edit", () => {
    expect(editDistance("lodash", "lodahs")).toBe(1);
    expect(editDistance("react", "raect")).toBe(1);
    expect(editDistance("express", "expresss")).toBe(1);
    expect(editDistance("lodash", "ldhsoa", 1)).toBeGreaterThan(1);
  });

  it("flags names one edit from a popular name that are not popular themselves", () => {
    expect(nearPopularName("npm", "lodahs")).toBe("lodash");
    expect(nearPopularName("npm", "expres")).toBe("express");
    expect(nearPopularName("npm", "react")).toBeUndefined();
    expect(nearPopularName("npm", "react-dom")).toBeUndefined();
    expect(nearPopularName("npm", "ws2")).toBeUndefined(); // too short to judge
    expect(nearPopularName("pypi", "reqeusts")).toBe("requests");
    expect(nearPopularName("pypi", "Python_Dateutil")).toBeUndefined();
    expect(nearPopularName("npm", "left-pad-extra-long-name")).toBeUndefined();
  });
});
