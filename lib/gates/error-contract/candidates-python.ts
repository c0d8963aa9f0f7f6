import type { Node } from "web-tree-sitter";
import type { Candidate, CandidateContext, CandidateFilter } from "./candidates";
import { consumerTemplateSource, partsToText } from "./message-template";
import type { MessageParts } from "./types";
import { ERROR_CLASS_NAME, lastNameOf } from "./error-names";
import { withPythonTree } from "../../parsers/tree-sitter-python";
import { namedChildren, pythonMessageParts, translatedLiteral } from "./python-strings";

const RE_FUNCTIONS = new Set(["compile", "match", "search", "fullmatch", "findall", "finditer", "sub", "subn", "split"]);
const REGEX_ASSERTIONS = new Set(["assertRaisesRegex", "assertRaisesRegexp", "assertRegex", "assertRegexpMatches", "assertNotRegex", "assertWarnsRegex"]);

type StringRole = "regex" | "producer" | "string";

/** How a string literal is used, from the call it is an argument of. */
function roleOf(stringNode: Node): StringRole {
  let arg = stringNode;
  let keyword: string | undefined;
  if (arg.parent?.type === "keyword_argument") {
    keyword = arg.parent.childForFieldName("name")?.text;
    arg = arg.parent;
  }
  const list = arg.parent;
  const call = list?.parent;
  if (list?.type !== "argument_list" || call?.type !== "call") {
    return stringNode.parent?.type === "raise_statement" ? "producer" : "string";
  }
  const fn = call.childForFieldName("function")?.text ?? "";
  const name = lastNameOf(fn);
  if (keyword === "match") return "regex"; // pytest.raises(X, match=…), pytest.warns(…, match=…)
  const positional = namedChildren(list).filter((child) => child.type !== "keyword_argument" && child.type !== "comment");
  const index = positional.findIndex((child) => child.id === arg.id);
  if (keyword === undefined && index === 0 && RE_FUNCTIONS.has(name) && /^(?:re|regex)\./.test(fn)) return "regex";
  if (keyword === undefined && index === 1 && REGEX_ASSERTIONS.has(name)) return "regex";
  if (ERROR_CLASS_NAME.test(name)) return "producer";
  return "string";
}

/** The string a `.format(…)` call or a `%` operation formats (also through `_()`), or undefined. */
function formattedString(node: Node): Node | undefined {
  let target: Node | null | undefined;
  if (node.type === "call") {
    const fn = node.childForFieldName("function");
    if (fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "format") target = fn.childForFieldName("object");
  } else if (node.type === "binary_operator" && node.childForFieldName("operator")?.text === "%") {
    target = node.childForFieldName("left");
  }
  if (target?.type === "call") target = translatedLiteral(target);
  return target && (target.type === "string" || target.type === "concatenated_string") ? target : undefined;
}

/**
 * String literals (static parts), regexes in re.*, pytest.raises(match=) and assertRaisesRegex, wanted identifiers.
 * Test files: every string is a consumer (also in `SomeError("…")`), and f-strings, `.format(…)` and `%` templates
 * match with their holes (`f"No such option '{flag}'."`).
 */
export async function pythonCandidates(text: string, filter: CandidateFilter, context: CandidateContext = { testFile: false }): Promise<Candidate[]> {
  return withPythonTree(text, (tree) => {
    const found: Candidate[] = [];
    const formatted = new Set<number>();
    const addStrings = (parts: MessageParts, line: number): void => {
      for (const part of parts) {
        if (part !== null && part.trim() !== "" && filter.relevant(part)) found.push({ type: "string", text: part, line });
      }
      if (!context.testFile) return;
      const template = consumerTemplateSource(parts);
      const shown = partsToText(parts);
      if (template !== undefined && filter.relevant(shown)) found.push({ type: "template", source: template, text: shown, line });
    };
    const visit = (node: Node): void => {
      const target = formattedString(node);
      if (target && roleOf(target) !== "regex") {
        // "No such option {!r}".format(flag): the holes are the format's fields, not literal braces.
        const parts = pythonMessageParts(node);
        if (parts) {
          addStrings(parts, target.startPosition.row + 1);
          formatted.add(target.id);
        }
      }
      if (node.type === "string" || node.type === "concatenated_string") {
        if (formatted.has(node.id)) return;
        const parts = pythonMessageParts(node) ?? [];
        const line = node.startPosition.row + 1;
        const role = roleOf(node);
        if (role === "regex") {
          const source = parts.map((part) => part ?? "").join("");
          if (filter.relevant(source)) found.push({ type: "regex", source, flags: "", anchored: false, line });
        } else if (role === "string" || context.testFile) {
          addStrings(parts, line);
        }
        return;
      }
      if (node.type === "identifier" && filter.identifiers.has(node.text)) {
        found.push({ type: "identifier", text: node.text, line: node.startPosition.row + 1 });
      }
      for (const child of namedChildren(node)) visit(child);
    };
    visit(tree.rootNode);
    return found;
  });
}
