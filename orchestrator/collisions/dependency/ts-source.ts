import ts from 'typescript';
import type { LineRange } from '../alert.js';

/**
 * One parsed file for the syntactic analysis: no program, no type checker —
 * a single `createSourceFile` per version is what keeps it cheap enough to
 * run on every edit.
 */
export interface ParsedSource {
  readonly file: ts.SourceFile;
  /** Lines `node` spans, 1-based, leading comments and JSDoc excluded. */
  rangeOf(node: ts.Node): LineRange;
  /** The node's tokens joined by single spaces: a comparison key indifferent to comments and layout. */
  print(node: ts.Node): string;
}

function scriptKindOf(path: string): ts.ScriptKind {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[mc]?js$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Tokens after which a `/` divides; elsewhere it starts a regular expression. */
const ENDS_EXPRESSION = new Set([
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PrivateIdentifier,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.CloseParenToken,
  ts.SyntaxKind.CloseBracketToken,
  ts.SyntaxKind.ThisKeyword,
  ts.SyntaxKind.SuperKeyword,
  ts.SyntaxKind.TrueKeyword,
  ts.SyntaxKind.FalseKeyword,
  ts.SyntaxKind.NullKeyword,
]);

const CLOSING = new Set([ts.SyntaxKind.CloseParenToken, ts.SyntaxKind.CloseBracketToken, ts.SyntaxKind.CloseBraceToken, ts.SyntaxKind.GreaterThanToken]);

const scanner = ts.createScanner(ts.ScriptTarget.Latest, true);

/**
 * Rescanning the text beats printing the node by an order of magnitude.
 * The scanner has no parser beside it, so template literals and regular
 * expressions are recognised by the usual context rules; JSX text is read
 * as code, consistently in both versions compared.
 */
function tokenText(text: string, start: number, end: number): string {
  scanner.setText(text, start, end - start);
  const tokens: string[] = [];
  // Brace depth inside each open template substitution, innermost last.
  const templates: number[] = [];
  let previous = ts.SyntaxKind.Unknown;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.TemplateHead) templates.push(0);
    else if (kind === ts.SyntaxKind.OpenBraceToken && templates.length > 0) templates[templates.length - 1]!++;
    else if (kind === ts.SyntaxKind.CloseBraceToken && templates.length > 0) {
      if (templates[templates.length - 1] === 0) {
        kind = scanner.reScanTemplateToken(false);
        if (kind === ts.SyntaxKind.TemplateTail) templates.pop();
      } else templates[templates.length - 1]!--;
    } else if ((kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) && !ENDS_EXPRESSION.has(previous)) {
      kind = scanner.reScanSlashToken();
    }
    // A trailing comma is layout (formatters add and drop them).
    if (CLOSING.has(kind) && tokens[tokens.length - 1] === ',') tokens.pop();
    tokens.push(scanner.getTokenText());
    previous = kind;
  }
  return tokens.join(' ');
}

/** Parsed without parent links (they make parsing several times slower): walks carry their own ancestors. */
export function parseSource(path: string, content: string): ParsedSource {
  const file = ts.createSourceFile(path, content, ts.ScriptTarget.Latest, false, scriptKindOf(path));
  const lineOf = (position: number) => file.getLineAndCharacterOfPosition(position).line + 1;
  return {
    file,
    rangeOf: (node) => ({ start: lineOf(node.getStart(file)), end: lineOf(node.getEnd()) }),
    print: (node) => tokenText(content, node.getStart(file), node.getEnd()),
  };
}

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === kind);
}

/** The text of a string-literal module specifier, or undefined. */
export function specifierText(node: ts.Node | undefined): string | undefined {
  return node && ts.isStringLiteralLike(node) ? node.text : undefined;
}

/** `((x))` → `x`. */
export function unwrapParentheses(expression: ts.Expression): ts.Expression {
  let inner = expression;
  while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
  return inner;
}
