import { describe, expect, it } from "vitest";
import { extractJsImports, isJsLikeFile } from "./extract-js-imports";
import { extractPythonImports } from "./extract-python-imports";
import { classifyJsSpecifier, npmPackageName, pathAliasFromKey, typesPackageFor, type JsLocalContext } from "./js-specifiers";
import { acceptedDistributions, distributionForModule, normalizePypiName } from "./python-distributions";

describe("extractJsImports", () => {
  it("finds every import form with its line, and nothing in strings, comments or templates' text", () => {
    const source = [
      'import a from "react";',
      'import type { B } from "@scope/pkg/sub";',
      'export * from "lodash/merge";',
      'export type { T } from "type-only-reexport";',
      'const x = require("express");',
      'const s = "import y from \'fake\'"; // require("fake2")',
      '/* import z from "fake3" */',
      'async function f() { return import("chalk"); }',
      'import fs = require("node:fs");',
      'type Z = typeof import("zod");',
      "const t = `import q from 'fake4'`;",
      'import "side-effect";',
      "const dynamic = require(name);",
    ].join("\n");
    expect(extractJsImports("a.ts", source)).toEqual([
      { specifier: "react", line: 1 },
      { specifier: "@scope/pkg/sub", line: 2, typeOnly: true },
      { specifier: "lodash/merge", line: 3 },
      { specifier: "type-only-reexport", line: 4, typeOnly: true },
      { specifier: "express", line: 5 },
      { specifier: "chalk", line: 8 },
      { specifier: "node:fs", line: 9 },
      { specifier: "zod", line: 10, typeOnly: true },
      { specifier: "side-effect", line: 12 },
    ]);
  });

  it("parses JSX in .tsx/.jsx files", () => {
    const source = 'import { motion } from "framer-motion";\nexport const C = () => <motion.div>{"import x from \'y\'"}</motion.div>;\n';
    expect(extractJsImports("c.tsx", source).map((u) => u.specifier)).toEqual(["framer-motion"]);
    expect(extractJsImports("c.jsx", source).map((u) => u.specifier)).toEqual(["framer-motion"]);
  });

  it("reads the <script> blocks of Vue and Svelte components, with the component's line numbers", () => {
    const vue = [
      "<template>",
      '  <div>{{ "import fake from \'in-template\'" }}</div>',
      "</template>",
      '<script setup lang="ts">',
      'import { ref } from "vue";',
      'import type { Props } from "@acme/types";',
      "const n = ref(0);",
      "</script>",
      "<style>@import 'in-style.css';</style>",
    ].join("\n");
    expect(extractJsImports("src/Counter.vue", vue)).toEqual([
      { specifier: "vue", line: 5 },
      { specifier: "@acme/types", line: 6, typeOnly: true },
    ]);
    const svelte = '<script context="module">\n  export const prerender = true;\n</script>\n<script>\n  import { fade } from "svelte/transition";\n  const x = await import("axios-v2");\n</script>\n<p>import nothing from "here"</p>\n';
    expect(extractJsImports("src/App.svelte", svelte)).toEqual([
      { specifier: "svelte/transition", line: 5 },
      { specifier: "axios-v2", line: 6 },
    ]);
    expect(isJsLikeFile("src/App.svelte")).toBe(true);
    expect(isJsLikeFile("src/App.html")).toBe(false);
  });
});

describe("classifyJsSpecifier", () => {
  const context: JsLocalContext = {
    workspaceNames: new Set(["@acme/ui"]),
    pathAliases: ["@/*", "~lib/*", "config"].map(pathAliasFromKey),
    baseUrlRoots: new Set(["components"]),
  };
  const kindOf = (specifier: string) => classifyJsSpecifier(specifier, context);

  it("reduces subpaths to the package name", () => {
    expect(npmPackageName("lodash/merge")).toBe("lodash");
    expect(npmPackageName("@scope/pkg/sub/path")).toBe("@scope/pkg");
    expect(npmPackageName("@/lib")).toBeUndefined();
    expect(kindOf("@scope/pkg/sub")).toEqual({ kind: "package", name: "@scope/pkg" });
  });

  it("ignores built-ins, relative paths, #imports, URLs, aliases and workspace packages", () => {
    expect(kindOf("fs")).toMatchObject({ reason: "builtin" });
    expect(kindOf("fs/promises")).toMatchObject({ reason: "builtin" });
    expect(kindOf("node:test")).toMatchObject({ reason: "builtin" });
    expect(kindOf("bun:sqlite")).toMatchObject({ reason: "builtin" });
    expect(kindOf("./x")).toMatchObject({ reason: "relative" });
    expect(kindOf("../x")).toMatchObject({ reason: "relative" });
    expect(kindOf("#utils")).toMatchObject({ reason: "subpath-import" });
    expect(kindOf("http://127.0.0.1:8080/x")).toMatchObject({ reason: "url" });
    expect(kindOf("@/lib/db")).toMatchObject({ reason: "alias" });
    expect(kindOf("~lib/x")).toMatchObject({ reason: "alias" });
    expect(kindOf("config")).toMatchObject({ reason: "alias" });
    expect(kindOf("components/Button")).toMatchObject({ reason: "alias" });
    expect(kindOf("@acme/ui/button")).toMatchObject({ reason: "workspace" });
    expect(kindOf("configstore")).toEqual({ kind: "package", name: "configstore" });
  });

  it("names the @types package of scoped and unscoped packages", () => {
    expect(typesPackageFor("estree")).toBe("@types/estree");
    expect(typesPackageFor("@babel/core")).toBe("@types/babel__core");
  });
});

describe("extractPythonImports", () => {
  it("handles multi-line, parenthesised, aliased, semicolon-separated and inline-block imports", () => {
    const source = [
      "import os, sys as system",
      "from yaml import safe_load",
      '"""',
      "import not_real",
      '"""',
      "from google.protobuf import json_format  # import fake",
      "from . import sibling",
      "from .mod import x",
      "from sklearn.model_selection import (",
      "    train_test_split,  # comment with import fake",
      "    KFold,",
      ")",
      "x = 'from fake import y'; import requests",
      "try: import ujson as json",
      "except ImportError: import json",
      "import a.b.c as d, e",
      "from \\",
      "    pkg_resources import resource_string",
      "s = f'{x!r} import nope'",
      "importlib_resources = None",
    ].join("\r\n");
    expect(extractPythonImports(source)).toEqual([
      { specifier: "os", line: 1 },
      { specifier: "sys", line: 1 },
      { specifier: "yaml", line: 2 },
      { specifier: "google.protobuf", line: 6 },
      { specifier: "sklearn.model_selection", line: 9 },
      { specifier: "requests", line: 13 },
      { specifier: "ujson", line: 14 },
      { specifier: "json", line: 15 },
      { specifier: "a.b.c", line: 16 },
      { specifier: "e", line: 16 },
      { specifier: "pkg_resources", line: 17 },
    ]);
  });

  it("is not fooled by escaped quotes or strings spanning lines", () => {
    const source = "a = 'it\\'s'\nb = '''\nimport x\n'''\nc = \"\\\"\"\nimport real_one\n";
    expect(extractPythonImports(source)).toEqual([{ specifier: "real_one", line: 6 }]);
  });

  it("finds dynamic imports of a literal module name, and only those", () => {
    const source = [
      "import importlib",
      'yaml = importlib.import_module("yaml")',
      "plugin = importlib.import_module(name)  # computed: cannot be checked",
      "local = importlib.import_module('.sibling', __package__)",
      'legacy = __import__("requests.adapters")',
      'mine = import_module("not_importlibs")  # a function of this file, not importlib\'s',
      'text = "importlib.import_module(\'fake\')"',
      "obj.import_module('method_not_module')",
    ].join("\n");
    expect(extractPythonImports(source)).toEqual([
      { specifier: "importlib", line: 1 },
      { specifier: "yaml", line: 2 },
      { specifier: "requests.adapters", line: 5 },
    ]);
    const bare = 'from importlib import import_module\ntorch = import_module(\n    "torchx"\n)\n';
    expect(extractPythonImports(bare)).toEqual([
      { specifier: "importlib", line: 1 },
      { specifier: "torchx", line: 3 },
    ]);
  });
});

describe("Python distributions", () => {
  it("maps common import names to their PyPI distribution", () => {
    expect(distributionForModule("yaml")).toBe("PyYAML");
    expect(distributionForModule("cv2")).toBe("opencv-python");
    expect(distributionForModule("sklearn.linear_model")).toBe("scikit-learn");
    expect(distributionForModule("PIL.Image")).toBe("Pillow");
    expect(distributionForModule("google.protobuf.json_format")).toBe("protobuf");
    expect(distributionForModule("google.cloud.storage")).toBe("google-cloud-storage");
    expect(distributionForModule("azure.storage.blob")).toBe("azure-storage-blob");
    expect(distributionForModule("requests.adapters")).toBe("requests");
  });

  it("normalises names (PEP 503) and accepts alternative distributions as declarations", () => {
    expect(normalizePypiName("Flask_SQLAlchemy")).toBe("flask-sqlalchemy");
    expect(normalizePypiName("ruamel.yaml")).toBe("ruamel-yaml");
    expect(acceptedDistributions("cv2")).toContain("opencv-python-headless");
    expect(acceptedDistributions("psycopg2")).toEqual(new Set(["psycopg2", "psycopg2-binary"]));
  });
});

describe("extractPythonImports — TYPE_CHECKING", () => {
  const CASES: { name: string; code: string; expected: string[] }[] = [
    { name: "block", code: "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import yaml\n    from flask import Flask\nimport requests\n", expected: ["typing runtime", "yaml typing", "flask typing", "requests runtime"] },
    { name: "qualified", code: "import typing as t\nif t.TYPE_CHECKING:\n    import yaml\n", expected: ["typing runtime", "yaml typing"] },
    { name: "typing.TYPE_CHECKING inline", code: "import typing\nif typing.TYPE_CHECKING: import yaml\nimport flask\n", expected: ["typing runtime", "yaml typing", "flask runtime"] },
    { name: "else branch runs", code: "if TYPE_CHECKING:\n    import yaml\nelse:\n    import flask\n", expected: ["yaml typing", "flask runtime"] },
    { name: "nested in a class, dedent ends it", code: "class A:\n    if TYPE_CHECKING:\n        # a comment\n\n        from yaml import Loader\n    import flask\nimport requests\n", expected: ["yaml typing", "flask runtime", "requests runtime"] },
    { name: "not TYPE_CHECKING runs", code: "if not TYPE_CHECKING:\n    import yaml\n", expected: ["yaml runtime"] },
    { name: "multi-line import inside", code: "if TYPE_CHECKING:\n    from flask import (\n        Flask,\n    )\nimport yaml\n", expected: ["flask typing", "yaml runtime"] },
  ];
  it.each(CASES)("$name", ({ code, expected }) => {
    expect(extractPythonImports(code).map((usage) => `${usage.specifier} ${usage.typeOnly ? "typing" : "runtime"}`)).toEqual(expected);
  });
});
