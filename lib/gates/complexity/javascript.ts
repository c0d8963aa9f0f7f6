/**
 * Per-function complexity of JS / JSX / TS / TSX source in one parse and one AST walk.
 *
 * Cyclomatic complexity follows ESLint 9's core `complexity` rule (classic variant): one score per
 * ESLint code path — functions, class field initializers and class static blocks — starting at 1.
 * Cognitive complexity follows the observable behaviour of eslint-plugin-sonarjs 4.x
 * `cognitive-complexity` (S3776); see `CognitiveFrame` below for the model. sonarjs only scores
 * real functions: class field initializers and static blocks get cognitive 0 and their increments go
 * to the enclosing function, as in sonarjs. Both counts are checked against the real rules
 * (javascript.oracle.test.ts). Positions follow ESLint's report (see types.ts).
 *
 * Both rules run on the ESTree AST that @typescript-eslint/typescript-estree builds from TypeScript's
 * AST. Converting the AST costs more than parsing it, so this walks TypeScript's AST directly and
 * reads each node the way the converter would present it to the rules:
 * - parentheses are invisible (ESTree has no node for them, and node ranges exclude them);
 * - a computed key `[expr]` is the key itself (its expression's parent is the property);
 * - a default value is an AssignmentPattern: parameter and binding-element initializers, shorthand
 *   `{ a = 1 }` initializers, and `x = 1` inside an array/object literal that is an assignment target
 *   (the left of any assignment operator or of for-in/for-of; parentheses end the target);
 * - a method, accessor or constructor is a property/method definition whose value is the function:
 *   decorators and a computed key belong to the enclosing code path, the rest to the function.
 */
import ts from "typescript";
import { ParseError, type FunctionComplexity } from "./types";

const SK = ts.SyntaxKind;

/** ts.skipTrivia (internal, stable for years): first token position at or after `pos`. */
const skipTrivia = (ts as unknown as { skipTrivia(text: string, pos: number): number }).skipTrivia;

/** Record of one ESLint code path (function, class field initializer or class static block). */
interface CodePathRecord {
  name: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  cyclomatic: number;
  cognitive: number;
}

/**
 * sonarjs' per-function state: `score` collects the function's own increments (nested functions
 * keep their own), `nesting` counts enclosing control-flow nesting nodes inside this function only.
 */
interface CognitiveFrame {
  record: CodePathRecord;
  nesting: number;
  score: number;
}

/** Walk actions, in the order they happen to a node. */
const ENTER = 0;
/** Methods, accessors, constructors: the function starts after decorators and key were visited. */
const START_FUNCTION = 1;
/** Leaving a node is a walk action only for nodes with work to undo, flagged as below. */
const LEAVE = 2;
const LEAVE_NESTING = 4;
const LEAVE_FUNCTION = 8;
const LEAVE_STATIC_BLOCK = 16;
const LEAVE_FIELD_INITIALIZER = 32;

function extensionOf(path: string): string {
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  const dot = path.lastIndexOf(".");
  return dot > slash ? path.slice(dot).toLowerCase() : "";
}

/** Script kind by extension, as typescript-estree picks it; unknown extensions parse as TSX. */
function scriptKindOf(ext: string): ts.ScriptKind {
  switch (ext) {
    case ".js":
    case ".mjs":
    case ".cjs":
      return ts.ScriptKind.JS;
    case ".jsx":
      return ts.ScriptKind.JSX;
    case ".ts":
    case ".mts":
    case ".cts":
      return ts.ScriptKind.TS;
    default:
      return ts.ScriptKind.TSX;
  }
}

function markAsModule(file: ts.SourceFile): void {
  (file as { externalModuleIndicator?: unknown }).externalModuleIndicator = true;
}

function parseSource(path: string, text: string): ts.SourceFile {
  const ext = extensionOf(path);
  const kind = scriptKindOf(ext);
  let file: ts.SourceFile;
  try {
    // The same options typescript-estree uses (the name only carries the extension: a `.d.ts`
    // name would switch the parser to ambient context).
    file = ts.createSourceFile(
      kind === ts.ScriptKind.TSX && ext !== ".tsx" ? "file.tsx" : `file${ext}`,
      text,
      {
        languageVersion: ts.ScriptTarget.Latest,
        jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
        // .mjs / .mts are modules whatever they contain (top-level await parses differently).
        setExternalModuleIndicator: ext === ".mjs" || ext === ".mts" ? markAsModule : undefined,
      },
      false,
      kind,
    );
  } catch (error) {
    // The parser is recursive; absurdly deep nesting exhausts the stack.
    const reason =
      error instanceof RangeError
        ? "source is nested too deeply to parse"
        : error instanceof Error
          ? error.message
          : String(error);
    throw new ParseError(path, 1, 1, reason);
  }
  // TypeScript's parser recovers from syntax errors and lists them here (internal, but it is what
  // typescript-estree reads too); the first one is the error. typescript-estree's own extra grammar
  // checks (e.g. `let x!: T = 1`, an empty `const;`) are not repeated: such files are scored.
  const diagnostics = (file as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics;
  if (diagnostics && diagnostics.length > 0) {
    const first = diagnostics[0];
    const at = file.getLineAndCharacterOfPosition(first.start ?? 0);
    throw new ParseError(path, at.line + 1, at.character + 1, ts.flattenDiagnosticMessageText(first.messageText, "\n"));
  }
  return file;
}

function unwrap(node: ts.Node): ts.Node;
function unwrap(node: ts.Node | undefined): ts.Node | undefined;
function unwrap(node: ts.Node | undefined): ts.Node | undefined {
  while (node && node.kind === SK.ParenthesizedExpression) node = (node as ts.ParenthesizedExpression).expression;
  return node;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const modifiers = (node as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers;
  if (!modifiers) return false;
  for (const modifier of modifiers) if (modifier.kind === kind) return true;
  return false;
}

/** An ESTree PropertyDefinition (ESLint gives its value a code path); not `accessor` or abstract ones. */
function isClassField(node: ts.Node): node is ts.PropertyDeclaration {
  return (
    node.kind === SK.PropertyDeclaration &&
    !hasModifier(node, SK.AccessorKeyword) &&
    !hasModifier(node, SK.AbstractKeyword)
  );
}

/** Function-like nodes that ESTree splits into a definition (decorators, key) and a function value. */
function isDefinitionFunction(node: ts.Node): boolean {
  switch (node.kind) {
    case SK.MethodDeclaration:
    case SK.GetAccessor:
    case SK.SetAccessor:
    case SK.Constructor:
      return (node as ts.FunctionLikeDeclarationBase).body !== undefined;
    default:
      return false;
  }
}

/** Functions ESLint and sonarjs see (bodiless signatures are not functions in ESTree). */
function isFunction(node: ts.Node): node is ts.FunctionLikeDeclaration {
  switch (node.kind) {
    case SK.FunctionExpression:
    case SK.ArrowFunction:
      return true;
    case SK.FunctionDeclaration:
      return (node as ts.FunctionDeclaration).body !== undefined;
    default:
      return isDefinitionFunction(node);
  }
}

function isLogicalOperator(kind: ts.SyntaxKind): boolean {
  return kind === SK.AmpersandAmpersandToken || kind === SK.BarBarToken || kind === SK.QuestionQuestionToken;
}

function isLogical(node: ts.Node): node is ts.BinaryExpression {
  return node.kind === SK.BinaryExpression && isLogicalOperator((node as ts.BinaryExpression).operatorToken.kind);
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= SK.FirstAssignment && kind <= SK.LastAssignment;
}

/** Walks one file; holds the state that ESLint's and sonarjs' rule listeners would hold. */
class ComplexityWalker {
  readonly records: CodePathRecord[] = [];
  /** Innermost ESLint code path last; index 0 is the program's (never reported). */
  private readonly codePaths: CodePathRecord[] = [];
  private readonly cognitiveFrames: CognitiveFrame[] = [];
  /** Nodes whose subtree is one nesting level deeper (sonarjs' "nesting nodes"). */
  private readonly nestingNodes = new Set<ts.Node>();
  /** Logical expressions already scored as part of an enclosing sequence. */
  private readonly consideredLogical = new Set<ts.Node>();
  /** Nodes typescript-estree converts as assignment targets (patterns). */
  private readonly patternNodes = new Set<ts.Node>();

  // Explicit walk stack (deep sources must not exhaust the call stack): node, ESTree parent, action.
  private readonly stackNodes: ts.Node[] = [];
  private readonly stackParents: (ts.Node | undefined)[] = [];
  private readonly stackActions: number[] = [];
  private readonly text: string;

  constructor(private readonly file: ts.SourceFile) {
    this.text = file.text;
    this.codePaths.push({ name: "", line: 0, column: 0, endLine: 0, endColumn: 0, cyclomatic: 1, cognitive: 0 });
  }

  walk(): void {
    const nodes = this.stackNodes;
    const parents = this.stackParents;
    const actions = this.stackActions;
    this.pushChildren(this.file, undefined);
    while (nodes.length > 0) {
      const node = nodes.pop() as ts.Node;
      const parent = parents.pop();
      const action = actions.pop() as number;
      if (action === ENTER) {
        const leave = this.enter(node, parent);
        if (leave !== 0) this.push(node, parent, LEAVE | leave);
        this.pushChildrenOf(node, parent);
      } else if (action === START_FUNCTION) {
        this.startFunction(node);
      } else {
        this.leave(action);
      }
    }
  }

  private push(node: ts.Node, parent: ts.Node | undefined, action: number): void {
    this.stackNodes.push(node);
    this.stackParents.push(parent);
    this.stackActions.push(action);
  }

  /** Pushes `node`'s children so that they pop in source order (the order ESLint visits them in). */
  private pushChildrenOf(node: ts.Node, parent: ts.Node | undefined): void {
    switch (node.kind) {
      // No ESTree node: the children's parent is the enclosing node.
      case SK.ParenthesizedExpression:
      case SK.ComputedPropertyName:
        this.pushChildren(node, parent);
        return;
      case SK.Parameter: {
        // A rest parameter converts to a RestElement without its (invalid) initializer.
        const parameter = node as ts.ParameterDeclaration;
        if (parameter.dotDotDotToken && parameter.initializer) {
          this.pushList([...(parameter.modifiers ?? []), parameter.name, parameter.type], node);
          return;
        }
        break;
      }
      case SK.BindingElement: {
        // Likewise an object rest element `{ ...a = 1 }`.
        const element = node as ts.BindingElement;
        if (element.dotDotDotToken && element.initializer && parent && parent.kind === SK.ObjectBindingPattern) {
          this.pushList([element.propertyName, element.name], node);
          return;
        }
        break;
      }
      case SK.PropertyDeclaration: {
        // A field's value is a code path even when it is a lone token (`x = 1`), which the walk
        // otherwise skips.
        const field = node as ts.PropertyDeclaration;
        if (field.initializer && field.initializer.kind < SK.FirstNode && isClassField(field)) {
          this.push(field.initializer, node, ENTER);
          this.pushList([...(field.modifiers ?? []), field.name, field.type], node);
          return;
        }
        break;
      }
      default:
        if (isDefinitionFunction(node)) {
          const fn = node as ts.MethodDeclaration | ts.AccessorDeclaration | ts.ConstructorDeclaration;
          this.pushList([...(fn.typeParameters ?? []), ...fn.parameters, fn.type, fn.body], node);
          this.push(node, parent, START_FUNCTION);
          this.pushList([...(fn.modifiers ?? []), fn.kind === SK.Constructor ? undefined : fn.name], node);
          return;
        }
    }
    this.pushChildren(node, node);
  }

  private pushList(children: readonly (ts.Node | undefined)[], parent: ts.Node): void {
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child && child.kind >= SK.FirstNode) this.push(child, parent, ENTER);
    }
  }

  /** Scratch list for pushChildren (reused: truncating an array is slower than counting). */
  private readonly children: ts.Node[] = [];
  private childCount = 0;
  private readonly collectChild = (child: ts.Node): undefined => {
    // Tokens, identifiers and literals hold nothing either rule counts.
    if (child.kind >= SK.FirstNode) this.children[this.childCount++] = child;
    return undefined;
  };

  private pushChildren(node: ts.Node, parent: ts.Node | undefined): void {
    this.childCount = 0;
    ts.forEachChild(node, this.collectChild);
    // forEachChild yields source order; push in reverse so they pop in source order.
    for (let i = this.childCount - 1; i >= 0; i--) this.push(this.children[i], parent, ENTER);
  }

  /** Returns the LEAVE_* flags of what leaving `node` must undo (0: nothing). */
  private enter(node: ts.Node, parent: ts.Node | undefined): number {
    let leave = 0;
    // Code paths first, as ESLint's code-path analyzer runs before rule listeners.
    if (parent && isClassField(parent) && parent.initializer === node) {
      const value = unwrap(node);
      this.startCodePath(this.record(this.keyName(parent), value.getStart(this.file), value.end));
      leave |= LEAVE_FIELD_INITIALIZER;
    }
    let functionRecord: CodePathRecord | null = null;
    if (isFunction(node)) {
      leave |= LEAVE_FUNCTION;
      if (!isDefinitionFunction(node)) {
        functionRecord = this.functionRecord(node, parent);
        this.startCodePath(functionRecord);
      }
    } else if (node.kind === SK.ClassStaticBlockDeclaration) {
      this.startCodePath(this.record("static block", node.getStart(this.file), node.end));
      leave |= LEAVE_STATIC_BLOCK;
    }

    // sonarjs: entering a nesting node deepens the current function (before a function's own frame exists).
    if (this.nestingNodes.size > 0 && this.nestingNodes.delete(node)) {
      const frame = this.currentFrame();
      if (frame) frame.nesting++;
      leave |= LEAVE_NESTING;
    }
    if (functionRecord) {
      this.cognitiveFrames.push({ record: functionRecord, nesting: 0, score: 0 });
    }

    switch (node.kind) {
      case SK.IfStatement: {
        const statement = node as ts.IfStatement;
        this.cyclomatic();
        if (parent && parent.kind === SK.IfStatement && (parent as ts.IfStatement).elseStatement === node) {
          this.addCognitive(1); // `else if`: no nesting increment
        } else {
          this.addStructural();
        }
        this.markNesting(statement.thenStatement);
        if (statement.elseStatement && statement.elseStatement.kind !== SK.IfStatement) {
          this.markNesting(statement.elseStatement);
          this.addCognitive(1); // `else`
        }
        break;
      }
      case SK.ForStatement:
      case SK.ForInStatement:
      case SK.ForOfStatement:
      case SK.WhileStatement:
      case SK.DoStatement:
        this.cyclomatic();
        this.addStructural();
        this.markNesting((node as ts.IterationStatement).statement);
        if (node.kind === SK.ForInStatement || node.kind === SK.ForOfStatement) {
          this.markPattern((node as ts.ForInOrOfStatement).initializer);
        }
        break;
      case SK.SwitchStatement:
        this.addStructural();
        for (const clause of (node as ts.SwitchStatement).caseBlock.clauses) this.markNesting(clause);
        break;
      case SK.CaseClause:
        this.cyclomatic();
        break;
      case SK.BreakStatement:
      case SK.ContinueStatement:
        if ((node as ts.BreakOrContinueStatement).label) this.addCognitive(1);
        break;
      case SK.CatchClause:
        this.cyclomatic();
        this.addStructural();
        this.markNesting((node as ts.CatchClause).block);
        break;
      case SK.ConditionalExpression:
        this.cyclomatic();
        this.addStructural();
        this.markNesting(unwrap((node as ts.ConditionalExpression).whenTrue));
        this.markNesting(unwrap((node as ts.ConditionalExpression).whenFalse));
        break;
      case SK.BinaryExpression:
        this.enterBinary(node as ts.BinaryExpression, parent);
        break;
      case SK.ArrayLiteralExpression:
        if (this.isPattern(node)) for (const element of (node as ts.ArrayLiteralExpression).elements) this.markPattern(element);
        break;
      case SK.ObjectLiteralExpression:
        if (this.isPattern(node)) for (const property of (node as ts.ObjectLiteralExpression).properties) this.markPattern(property);
        break;
      case SK.PropertyAssignment:
        if (this.isPattern(node)) this.markPattern((node as ts.PropertyAssignment).initializer);
        break;
      case SK.SpreadElement:
      case SK.SpreadAssignment:
        if (this.isPattern(node)) this.markPattern((node as ts.SpreadElement | ts.SpreadAssignment).expression);
        break;
      case SK.ShorthandPropertyAssignment:
        if ((node as ts.ShorthandPropertyAssignment).objectAssignmentInitializer) this.cyclomatic(); // AssignmentPattern
        break;
      case SK.Parameter: {
        const parameter = node as ts.ParameterDeclaration;
        if (parameter.initializer && !parameter.dotDotDotToken) this.cyclomatic(); // AssignmentPattern
        break;
      }
      case SK.BindingElement: {
        const element = node as ts.BindingElement;
        if (element.initializer && (!element.dotDotDotToken || (parent && parent.kind === SK.ArrayBindingPattern))) {
          this.cyclomatic(); // AssignmentPattern
        }
        break;
      }
      case SK.PropertyAccessExpression:
      case SK.ElementAccessExpression:
      case SK.CallExpression:
        // Each `?.` is an optional MemberExpression / CallExpression in ESTree.
        if ((node as ts.PropertyAccessExpression | ts.ElementAccessExpression | ts.CallExpression).questionDotToken) {
          this.cyclomatic();
        }
        break;
      default:
        break;
    }
    return leave;
  }

  /** Tokens are never entered (see collectChild), so marking them would leave stale entries. */
  private markNesting(node: ts.Node): void {
    if (node.kind >= SK.FirstNode) this.nestingNodes.add(node);
  }

  /** Marks only the kinds whose conversion depends on it, each of which `enter` then consumes. */
  private markPattern(node: ts.Node): void {
    switch (node.kind) {
      case SK.ArrayLiteralExpression:
      case SK.ObjectLiteralExpression:
      case SK.PropertyAssignment:
      case SK.SpreadElement:
      case SK.SpreadAssignment:
      case SK.BinaryExpression:
        this.patternNodes.add(node);
        break;
      default:
        break;
    }
  }

  private isPattern(node: ts.Node): boolean {
    return this.patternNodes.size > 0 && this.patternNodes.delete(node);
  }

  private enterBinary(node: ts.BinaryExpression, parent: ts.Node | undefined): void {
    const operator = node.operatorToken.kind;
    if (isAssignmentOperator(operator)) {
      // typescript-estree converts the left of any assignment as a pattern; inside a pattern the
      // assignment itself is an AssignmentPattern (a default value).
      const inPattern = this.isPattern(node);
      this.markPattern(node.left);
      if (
        inPattern ||
        operator === SK.AmpersandAmpersandEqualsToken ||
        operator === SK.BarBarEqualsToken ||
        operator === SK.QuestionQuestionEqualsToken
      ) {
        this.cyclomatic();
      }
    } else if (isLogicalOperator(operator)) {
      this.cyclomatic();
      this.scoreLogicalExpression(node, parent);
    }
  }

  private leave(flags: number): void {
    if (flags & LEAVE_NESTING) {
      // For a function node this lands on its own (about to be dropped) frame, as in sonarjs.
      const frame = this.currentFrame();
      if (frame) frame.nesting--;
    }
    if (flags & LEAVE_FUNCTION) {
      const frame = this.cognitiveFrames.pop() as CognitiveFrame;
      frame.record.cognitive = frame.score;
      this.codePaths.pop();
    } else if (flags & LEAVE_STATIC_BLOCK) {
      this.codePaths.pop();
    }
    if (flags & LEAVE_FIELD_INITIALIZER) this.codePaths.pop();
  }

  /** A method's, accessor's or constructor's function value starts (after decorators and key). */
  private startFunction(node: ts.Node): void {
    // Reported at the definition (decorators included), named after its key.
    const fn = node as ts.MethodDeclaration | ts.AccessorDeclaration | ts.ConstructorDeclaration;
    const record = this.record(this.definitionName(fn), fn.getStart(this.file), fn.end);
    this.startCodePath(record);
    this.cognitiveFrames.push({ record, nesting: 0, score: 0 });
  }

  private currentFrame(): CognitiveFrame | undefined {
    return this.cognitiveFrames[this.cognitiveFrames.length - 1];
  }

  private cyclomatic(): void {
    this.codePaths[this.codePaths.length - 1].cyclomatic++;
  }

  private addCognitive(amount: number): void {
    const frame = this.currentFrame();
    if (frame) frame.score += amount;
  }

  private addStructural(): void {
    const frame = this.currentFrame();
    if (frame) frame.score += frame.nesting + 1;
  }

  /**
   * sonarjs scores a whole tree of directly nested logical expressions at its root: in source
   * order, each `&&` that does not continue a run of `&&` adds 1; `||` and `??` add nothing.
   * Inside a JSX expression container, a pure run of one operator (JSX short-circuit) adds nothing.
   */
  private scoreLogicalExpression(node: ts.BinaryExpression, parent: ts.Node | undefined): void {
    // `{...x}` among JSX children is a JSXSpreadChild, not a container.
    if (parent && parent.kind === SK.JsxExpression && !(parent as ts.JsxExpression).dotDotDotToken) {
      const run = sameOperatorRun(node);
      if (run) {
        for (const member of run) this.consideredLogical.add(member);
        return;
      }
    }
    if (this.consideredLogical.has(node)) return;
    let previous: ts.SyntaxKind | undefined;
    for (const member of inOrderLogicalTree(node)) {
      this.consideredLogical.add(member);
      const operator = member.operatorToken.kind;
      if (operator === SK.AmpersandAmpersandToken && previous !== SK.AmpersandAmpersandToken) this.addCognitive(1);
      previous = operator;
    }
  }

  private startCodePath(record: CodePathRecord): void {
    this.records.push(record);
    this.codePaths.push(record);
  }

  private record(name: string, head: number, end: number): CodePathRecord {
    const start = this.file.getLineAndCharacterOfPosition(head);
    const stop = this.file.getLineAndCharacterOfPosition(end);
    return {
      name,
      line: start.line + 1,
      column: start.character + 1,
      endLine: stop.line + 1,
      endColumn: stop.character + 1,
      cyclomatic: 1,
      cognitive: 0,
    };
  }

  /** A function expression, arrow or function declaration (definitions start in `startFunction`). */
  private functionRecord(node: ts.FunctionLikeDeclaration, parent: ts.Node | undefined): CodePathRecord {
    return this.record(this.functionName(node, parent), this.functionHead(node, parent), node.end);
  }

  /** Where ESLint reports a function (astUtils.getFunctionHeadLoc's start). */
  private functionHead(node: ts.FunctionLikeDeclaration, parent: ts.Node | undefined): number {
    if (parent && isHeadParent(node, parent)) return parent.getStart(this.file);
    if (node.kind === SK.ArrowFunction) return (node as ts.ArrowFunction).equalsGreaterThanToken.end - 2;
    const modifiers = node.modifiers;
    if (node.kind === SK.FunctionDeclaration && modifiers && modifiers[0].kind === SK.ExportKeyword) {
      // typescript-estree starts an exported declaration after `export` / `export default`.
      const keyword = modifiers.length > 1 && modifiers[1].kind === SK.DefaultKeyword ? modifiers[1] : modifiers[0];
      return skipTrivia(this.text, keyword.end);
    }
    return node.getStart(this.file);
  }

  private functionName(node: ts.FunctionLikeDeclaration, parent: ts.Node | undefined): string {
    if (parent) {
      if (parent.kind === SK.PropertyAssignment && unwrap((parent as ts.PropertyAssignment).initializer) === node) {
        return this.keyName(parent as ts.PropertyAssignment);
      }
      if (isClassField(parent) && unwrap(parent.initializer) === node) return this.keyName(parent);
    }
    if (node.name && node.name.kind === SK.Identifier) return node.name.text;
    if (!parent) return "<anonymous>";
    switch (parent.kind) {
      case SK.VariableDeclaration: {
        const declaration = parent as ts.VariableDeclaration;
        if (unwrap(declaration.initializer) === node && declaration.name.kind === SK.Identifier) return declaration.name.text;
        break;
      }
      case SK.BinaryExpression: {
        // AssignmentExpression (any assignment operator) or, inside a pattern, AssignmentPattern.
        const binary = parent as ts.BinaryExpression;
        if (isAssignmentOperator(binary.operatorToken.kind) && unwrap(binary.right) === node) return this.targetName(binary.left);
        break;
      }
      case SK.Parameter:
      case SK.BindingElement: {
        const declaration = parent as ts.ParameterDeclaration | ts.BindingElement;
        if (unwrap(declaration.initializer) === node) return this.targetName(declaration.name);
        break;
      }
      case SK.ShorthandPropertyAssignment: {
        const property = parent as ts.ShorthandPropertyAssignment;
        if (unwrap(property.objectAssignmentInitializer) === node) return property.name.text;
        break;
      }
      default:
        break;
    }
    return "<anonymous>";
  }

  private definitionName(node: ts.MethodDeclaration | ts.AccessorDeclaration | ts.ConstructorDeclaration): string {
    if (node.kind === SK.Constructor) return "constructor";
    const key = this.keyName(node);
    if (node.kind === SK.GetAccessor) return `get ${key}`;
    if (node.kind === SK.SetAccessor) return `set ${key}`;
    return key;
  }

  /** `x`, or the source of a short single-line member target like `module.exports.x`. */
  private targetName(target: ts.Node): string {
    const node = unwrap(target);
    if (node.kind === SK.Identifier) return (node as ts.Identifier).text;
    if (node.kind === SK.PropertyAccessExpression || node.kind === SK.ElementAccessExpression) {
      const source = this.sourceOf(node);
      if (source.length <= 80 && !/[\r\n\u2028\u2029]/.test(source)) return source;
    }
    return "<anonymous>";
  }

  private keyName(member: { readonly name: ts.PropertyName }): string {
    const name = member.name;
    if (name.kind === SK.PrivateIdentifier || name.kind === SK.Identifier) return name.text;
    const key = name.kind === SK.ComputedPropertyName ? unwrap(name.expression) : name;
    const literal = this.literalValue(key);
    if (literal !== undefined) return literal;
    const source = this.sourceOf(key);
    return source.length <= 80 && !/[\r\n\u2028\u2029]/.test(source) ? `[${source}]` : "[computed]";
  }

  /** String(value) of an ESTree Literal key (or a template without expressions); undefined otherwise. */
  private literalValue(key: ts.Node): string | undefined {
    switch (key.kind) {
      case SK.StringLiteral:
      case SK.NoSubstitutionTemplateLiteral:
        return (key as ts.StringLiteral).text;
      case SK.NumericLiteral:
        return String(Number((key as ts.NumericLiteral).text));
      case SK.BigIntLiteral:
        return String(BigInt(this.sourceOf(key).slice(0, -1).replaceAll("_", "")));
      case SK.NullKeyword:
        return "null";
      case SK.TrueKeyword:
        return "true";
      case SK.FalseKeyword:
        return "false";
      case SK.RegularExpressionLiteral: {
        const text = (key as ts.RegularExpressionLiteral).text;
        const slash = text.lastIndexOf("/");
        try {
          return String(new RegExp(text.slice(1, slash), text.slice(slash + 1)));
        } catch {
          return "null";
        }
      }
      default:
        return undefined;
    }
  }

  private sourceOf(node: ts.Node): string {
    return this.text.slice(node.getStart(this.file), node.end);
  }
}

/**
 * Whether a function's ESTree parent is a property, method or property definition or a TS
 * property/method signature, which ESLint reports the function at (the function is that member's
 * value or computed key). Parentheses and computed-key wrappers are already skipped in `parent`.
 */
function isHeadParent(node: ts.Node, parent: ts.Node): boolean {
  switch (parent.kind) {
    case SK.PropertyAssignment:
    case SK.MethodSignature:
    case SK.PropertySignature:
      return true;
    case SK.PropertyDeclaration:
      return isClassField(parent);
    case SK.MethodDeclaration:
    case SK.GetAccessor:
    case SK.SetAccessor:
    case SK.Constructor:
      // Abstract ones are TSAbstractMethodDefinition.
      return !hasModifier(parent, SK.AbstractKeyword);
    case SK.BindingElement:
      // The computed key of an object binding property; its default value is an AssignmentPattern.
      return unwrap((parent as ts.BindingElement).initializer) !== node;
    default:
      return false;
  }
}

/** The logical expressions of a tree rooted at `root`, in source order (left, self, right). */
function inOrderLogicalTree(root: ts.BinaryExpression): ts.BinaryExpression[] {
  const out: ts.BinaryExpression[] = [];
  const stack: ts.BinaryExpression[] = [];
  let current: ts.Node | null = root;
  while (stack.length > 0 || (current && isLogical(current))) {
    while (current && isLogical(current)) {
      stack.push(current);
      current = unwrap(current.left);
    }
    const top = stack.pop() as ts.BinaryExpression;
    out.push(top);
    current = unwrap(top.right);
  }
  return out;
}

/**
 * The logical expressions of `root`'s tree if they all share root's operator and no operand is a
 * conditional expression (a JSX short-circuit such as `{a && <B/>}`); otherwise null.
 */
function sameOperatorRun(root: ts.BinaryExpression): ts.BinaryExpression[] | null {
  const operator = root.operatorToken.kind;
  const out: ts.BinaryExpression[] = [];
  const pending: ts.Node[] = [root];
  while (pending.length > 0) {
    const node = unwrap(pending.pop() as ts.Node);
    if (node.kind === SK.ConditionalExpression) return null;
    if (isLogical(node)) {
      if (node.operatorToken.kind !== operator) return null;
      out.push(node);
      pending.push(node.left, node.right);
    }
  }
  return out;
}

/**
 * Complexity of every function, class field initializer and class static block in `text`,
 * sorted by position. Throws ParseError when the source does not parse.
 */
export function analyzeJavaScript(path: string, text: string): FunctionComplexity[] {
  // ESLint strips a BOM before parsing; columns on line 1 must not count it.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const walker = new ComplexityWalker(parseSource(path, source));
  walker.walk();
  return walker.records.sort((a, b) => a.line - b.line || a.column - b.column);
}
