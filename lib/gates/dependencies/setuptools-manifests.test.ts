import { describe, expect, it } from "vitest";
import { manifestKindOf } from "./manifests";
import { setupCfgEntries, setupPyEntries } from "./setuptools-manifests";

const rows = (entries: { name: string; range: string; line: number }[]) => entries.map(({ name, range, line }) => [name, range, line]);

describe("setuptools manifests", () => {
  it("are recognised by name", () => {
    expect(manifestKindOf("setup.cfg")).toBe("setup.cfg");
    expect(manifestKindOf("pkg/setup.py")).toBe("setup.py");
    expect(manifestKindOf("tools/setup_helpers.py")).toBeUndefined();
  });

  it("reads setup.cfg install_requires, setup_requires, tests_require and extras, with lines", () => {
    const text = [
      "[metadata]",
      "name = demo",
      "install_requires = not-a-requirement-here",
      "[options]",
      "packages = find:",
      "install_requires =",
      "    requests>=2.31  # HTTP",
      "    PyYAML==6.*",
      "",
      "    ; a comment",
      "setup_requires = setuptools_scm>=8",
      "python_requires = >=3.10",
      "[options.extras_require]",
      "test =",
      "    pytest>=8",
      "docs = sphinx",
      "[options.package_data]",
      "* = *.txt",
    ].join("\n");
    expect(rows(setupCfgEntries(text))).toEqual([
      ["requests", ">=2.31", 7],
      ["PyYAML", "==6.*", 8],
      ["setuptools_scm", ">=8", 11],
      ["pytest", ">=8", 15],
      ["sphinx", "", 16],
    ]);
    expect(setupCfgEntries("[options]\ninstall_requires = file: requirements.txt\n")).toEqual([]);
  });

  it("reads setup.py's literal requirement lists, and nothing else", () => {
    const text = [
      "from setuptools import setup",
      "",
      'NAME = "demo"  # not a requirement',
      "setup(",
      "    name=NAME,",
      "    install_requires=[",
      '        "requests>=2.31",',
      "        'numpy (>=2.0)',  # ]) in a comment",
      '        "extra-lib[fast]>=1",  # brackets inside a string do not end the list',
      "    ],",
      '    extras_require={"test": ["pytest>=8"], "fast": ("orjson",)},',
      "    tests_require=extra_list,",
      ")",
    ].join("\n");
    expect(rows(setupPyEntries(text))).toEqual([
      ["requests", ">=2.31", 7],
      ["numpy", ">=2.0", 8],
      ["extra-lib", ">=1", 9],
      ["pytest", ">=8", 11],
      ["orjson", "", 11],
    ]);
  });
});
