import ts from 'typescript';
import type { ParsedSource } from './ts-source.js';
import { hasModifier, unwrapParentheses } from './ts-source.js';

/**
 * The part of a declaration that other files compile or call against,
 * as normalised text: parameters (their types, optionality, rest — not
 * their names, which callers never see), type parameters, return types,
 * public class members, enum members, heritage. Interfaces, type aliases
 * and namespaces are all signature. Without a type checker an inferred
 * return type is invisible: a body edit that changes it reads as `body`.
 */

const MAX_SHAPE_DEPTH = 4;

function typeParametersOf(node: { readonly typeParameters?: ts.NodeArray<ts.TypeParameterDeclaration> | undefined }, source: ParsedSource): string {
  return node.typeParameters ? `<${node.typeParameters.map((parameter) => source.print(parameter)).join(',')}>` : '';
}

function parameterSignature(parameter: ts.ParameterDeclaration, source: ParsedSource): string {
  const modifiers = (ts.canHaveModifiers(parameter) ? ts.getModifiers(parameter) ?? [] : []).map((modifier) => source.print(modifier));
  // A plain name is invisible to callers; a destructuring pattern's keys and a parameter property's name are not.
  const named = !ts.isIdentifier(parameter.name) || modifiers.length > 0 || parameter.name.text === 'this';
  const optional = parameter.questionToken || parameter.initializer ? '?' : '';
  const type = parameter.type ? `:${source.print(parameter.type)}` : '';
  return `${modifiers.join(' ')}${parameter.dotDotDotToken ? '...' : ''}${named ? source.print(parameter.name) : ''}${optional}${type}`;
}

export function callSignature(node: ts.SignatureDeclarationBase, source: ParsedSource): string {
  const asynchronous = hasModifier(node, ts.SyntaxKind.AsyncKeyword) ? 'async ' : '';
  const generator = 'asteriskToken' in node && node.asteriskToken ? '*' : '';
  const parameters = node.parameters.map((parameter) => parameterSignature(parameter, source)).join(',');
  const returns = node.type ? `:${source.print(node.type)}` : '';
  return `${asynchronous}${generator}${typeParametersOf(node, source)}(${parameters})${returns}`;
}

function isPrivateMember(member: ts.ClassElement): boolean {
  return hasModifier(member, ts.SyntaxKind.PrivateKeyword) || (member.name !== undefined && ts.isPrivateIdentifier(member.name));
}

function memberSignature(member: ts.ClassElement, source: ParsedSource): string | undefined {
  const name = member.name ? source.print(member.name) : '';
  const statics = hasModifier(member, ts.SyntaxKind.StaticKeyword) ? 'static ' : '';
  if (ts.isConstructorDeclaration(member)) return `constructor${callSignature(member, source)}`;
  if (ts.isMethodDeclaration(member)) return `${statics}${name}${member.questionToken ? '?' : ''}${callSignature(member, source)}`;
  if (ts.isGetAccessorDeclaration(member)) return `${statics}get ${name}${callSignature(member, source)}`;
  if (ts.isSetAccessorDeclaration(member)) return `${statics}set ${name}${callSignature(member, source)}`;
  if (ts.isPropertyDeclaration(member)) {
    const readonly = hasModifier(member, ts.SyntaxKind.ReadonlyKeyword) ? 'readonly ' : '';
    const type = member.type ? source.print(member.type) : member.initializer ? expressionShape(member.initializer, source) : '';
    return `${statics}${readonly}${name}${member.questionToken ? '?' : ''}:${type}`;
  }
  if (ts.isIndexSignatureDeclaration(member)) return source.print(member);
  return undefined;
}

export function classSignature(node: ts.ClassLikeDeclaration, source: ParsedSource): string {
  const abstract = hasModifier(node, ts.SyntaxKind.AbstractKeyword) ? 'abstract ' : '';
  const heritage = (node.heritageClauses ?? []).map((clause) => source.print(clause)).join(' ');
  const members = node.members.filter((member) => !isPrivateMember(member)).map((member) => memberSignature(member, source));
  return `${abstract}${typeParametersOf(node, source)} ${heritage}{${members.filter((member) => member !== undefined).join(';')}}`;
}

function objectShape(node: ts.ObjectLiteralExpression, source: ParsedSource, depth: number): string {
  const properties = node.properties.map((property) => {
    const name = property.name ? source.print(property.name) : '';
    if (ts.isPropertyAssignment(property)) return `${name}:${expressionShape(property.initializer, source, depth + 1)}`;
    if (ts.isMethodDeclaration(property)) return `${name}${callSignature(property, source)}`;
    if (ts.isSpreadAssignment(property)) return `...${source.print(property.expression)}`;
    if (ts.isGetAccessorDeclaration(property)) return `get ${name}${callSignature(property, source)}`;
    if (ts.isSetAccessorDeclaration(property)) return `set ${name}${callSignature(property, source)}`;
    return name;
  });
  return `{${properties.join(',')}}`;
}

/**
 * What an initializer's type is likely to be, from syntax alone: literals
 * by their type (`10` → `number`, so a new value is a body change), object
 * literals by their keys and value shapes, calls by their callee and the
 * shapes of their arguments (`z.object({ a: z.string() })` keeps the schema
 * structure, a changed `.min(3)` does not), functions and classes by their
 * signatures, `as const` by the full value.
 */
export function expressionShape(expression: ts.Expression, source: ParsedSource, depth = 0): string {
  if (depth > MAX_SHAPE_DEPTH) return '…';
  const node = unwrapParentheses(expression);
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return `function${callSignature(node, source)}`;
  if (ts.isClassExpression(node)) return `class${classSignature(node, source)}`;
  if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) {
    if (ts.isConstTypeReference(node.type)) return `${source.print(node.expression)} as const`;
    return `${expressionShape(node.expression, source, depth + 1)} as ${source.print(node.type)}`;
  }
  if (ts.isSatisfiesExpression(node)) return expressionShape(node.expression, source, depth + 1);
  if (ts.isObjectLiteralExpression(node)) return objectShape(node, source, depth);
  if (ts.isArrayLiteralExpression(node)) return `[${[...new Set(node.elements.map((element) => expressionShape(element, source, depth + 1)))].join('|')}]`;
  if (ts.isStringLiteralLike(node) || ts.isTemplateExpression(node)) return 'string';
  if (ts.isNumericLiteral(node) || (ts.isPrefixUnaryExpression(node) && ts.isNumericLiteral(node.operand))) return 'number';
  if (ts.isBigIntLiteral(node)) return 'bigint';
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) return 'boolean';
  if (node.kind === ts.SyntaxKind.NullKeyword) return 'null';
  if (ts.isRegularExpressionLiteral(node)) return 'RegExp';
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return `${expressionShape(node.expression, source, depth + 1)}.${node.name.text}`;
  const typeArguments = (args: ts.NodeArray<ts.TypeNode> | undefined) => (args ? `<${args.map((arg) => source.print(arg)).join(',')}>` : '');
  const argumentShapes = (args: ts.NodeArray<ts.Expression> | undefined) => (args ?? []).map((arg) => expressionShape(arg, source, depth + 1)).join(',');
  if (ts.isCallExpression(node)) return `${expressionShape(node.expression, source, depth + 1)}${typeArguments(node.typeArguments)}(${argumentShapes(node.arguments)})`;
  if (ts.isNewExpression(node)) return `new ${expressionShape(node.expression, source, depth + 1)}${typeArguments(node.typeArguments)}(${argumentShapes(node.arguments)})`;
  return ts.SyntaxKind[node.kind] ?? 'expression';
}

/** `function`, `class` or `fallback` for what an initializer or `export default` expression is. */
export function expressionKind(expression: ts.Expression, fallback: string): string {
  const node = unwrapParentheses(expression);
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return 'function';
  if (ts.isClassExpression(node)) return 'class';
  return fallback;
}

export function enumSignature(node: ts.EnumDeclaration, source: ParsedSource): string {
  const constant = hasModifier(node, ts.SyntaxKind.ConstKeyword) ? 'const ' : '';
  return `${constant}{${node.members.map((member) => source.print(member.name)).join(',')}}`;
}
