import ts from 'typescript';
import type { ModuleScan } from './ts-module-scan.js';
import { DEFAULT_EXPRESSION } from './ts-module-scan.js';
import { callSignature, expressionKind, expressionShape } from './ts-signatures.js';
import { unwrapParentheses } from './ts-source.js';

/**
 * CommonJS exports of a JavaScript module: `exports.x = …`,
 * `module.exports.x = …`, `module.exports = { a, b: c, m() {} }` (each
 * property an export) and `module.exports = value` (the default export, as
 * ESM interop sees it). Only top-level statements are read.
 */

/** `module.exports` or `exports`. */
function isExportsObject(node: ts.Expression): boolean {
  if (ts.isIdentifier(node)) return node.text === 'exports';
  return ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'module' && node.name.text === 'exports';
}

/** Exports `value` as `name`: an identifier exports that local binding, anything else is declared in place. */
export function exportValue(scan: ModuleScan, name: string, value: ts.Expression, node: ts.Node): void {
  const target = unwrapParentheses(value);
  if (ts.isIdentifier(target)) {
    scan.exportLocal(name, target.text, node);
    return;
  }
  const local = `${DEFAULT_EXPRESSION}${name}`;
  scan.declare(local, node, expressionKind(target, 'value'), expressionShape(target, scan.source));
  scan.exportLocal(name, local, node);
}

export function scanCommonJs(scan: ModuleScan, statement: ts.ExpressionStatement): void {
  const assignment = statement.expression;
  if (!ts.isBinaryExpression(assignment) || assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
  const { left, right } = assignment;
  if (ts.isPropertyAccessExpression(left) && isExportsObject(left.expression)) {
    exportValue(scan, left.name.text, right, statement);
  } else if (isExportsObject(left) && !ts.isIdentifier(left)) {
    const value = unwrapParentheses(right);
    if (!ts.isObjectLiteralExpression(value)) {
      exportValue(scan, 'default', value, statement);
      return;
    }
    for (const property of value.properties) {
      if (ts.isShorthandPropertyAssignment(property)) scan.exportLocal(property.name.text, property.name.text, property);
      else if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) exportValue(scan, property.name.text, property.initializer, property);
      else if (ts.isMethodDeclaration(property) && ts.isIdentifier(property.name)) {
        const local = `${DEFAULT_EXPRESSION}${property.name.text}`;
        scan.declare(local, property, 'function', callSignature(property, scan.source));
        scan.exportLocal(property.name.text, local, property);
      }
    }
  }
}
