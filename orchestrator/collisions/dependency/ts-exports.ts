import ts from 'typescript';
import type { ExportTable, ExportedSymbol } from './export-table.js';
import { reexportSymbol, spanOf, withoutOwnName } from './export-table.js';
import { exportValue, scanCommonJs } from './ts-commonjs-exports.js';
import type { Declaration } from './ts-module-scan.js';
import { DEFAULT_EXPRESSION, ModuleScan } from './ts-module-scan.js';
import { callSignature, classSignature, enumSignature, expressionKind, expressionShape } from './ts-signatures.js';
import { hasModifier, parseSource, specifierText } from './ts-source.js';

/**
 * The export table of a TypeScript/JavaScript module, from one parse:
 * `export` declarations (function, class, interface, type, enum,
 * namespace, const/let/var), `export default`, `export { a as b }`,
 * re-exports (`export { x } from`, `export * from`, `export * as ns from`,
 * an imported name exported again), and CommonJS `exports.x =`,
 * `module.exports = …`.
 */

function scanImport(scan: ModuleScan, statement: ts.ImportDeclaration): void {
  const module = scan.moduleRef(specifierText(statement.moduleSpecifier) ?? '');
  const clause = statement.importClause;
  if (!module || !clause) return;
  if (clause.name) scan.imports.set(clause.name.text, { module, name: 'default' });
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) scan.imports.set(bindings.name.text, { module, name: '*' });
  if (bindings && ts.isNamedImports(bindings)) {
    for (const element of bindings.elements) scan.imports.set(element.name.text, { module, name: (element.propertyName ?? element.name).text });
  }
}

function scanExportDeclaration(scan: ModuleScan, statement: ts.ExportDeclaration): void {
  const range = scan.source.rangeOf(statement);
  const specifier = specifierText(statement.moduleSpecifier);
  if (specifier === undefined) {
    if (statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) scan.exports.set(element.name.text, { local: (element.propertyName ?? element.name).text, range });
    }
    return;
  }
  const module = scan.moduleRef(specifier);
  if (!module) return;
  const clause = statement.exportClause;
  if (!clause) scan.stars.push({ module, range });
  else if (ts.isNamespaceExport(clause)) scan.exports.set(clause.name.text, { reexport: { module, name: '*' }, range });
  else for (const element of clause.elements) scan.exports.set(element.name.text, { reexport: { module, name: (element.propertyName ?? element.name).text }, range });
}

/** Declares the statement's binding(s) and exports them when it carries `export` (and `default`). */
function scanDeclaration(scan: ModuleScan, statement: ts.Statement): void {
  const { source } = scan;
  const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
  const asDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
  const add = (local: string, kind: string, signature: string, overload = false) => {
    scan.declare(local, statement, kind, signature, overload);
    if (exported) scan.exportLocal(asDefault ? 'default' : local, local, statement);
  };
  if (ts.isFunctionDeclaration(statement)) add(statement.name?.text ?? DEFAULT_EXPRESSION, 'function', callSignature(statement, source), !statement.body);
  else if (ts.isClassDeclaration(statement)) add(statement.name?.text ?? DEFAULT_EXPRESSION, 'class', classSignature(statement, source));
  else if (ts.isInterfaceDeclaration(statement)) add(statement.name.text, 'interface', source.print(statement));
  else if (ts.isTypeAliasDeclaration(statement)) add(statement.name.text, 'type', source.print(statement));
  else if (ts.isEnumDeclaration(statement)) add(statement.name.text, 'enum', enumSignature(statement, source));
  else if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name)) add(statement.name.text, 'namespace', source.print(statement));
  else if (ts.isVariableStatement(statement)) scanVariables(scan, statement, exported);
}

function scanVariables(scan: ModuleScan, statement: ts.VariableStatement, exported: boolean): void {
  const { source } = scan;
  const flags = statement.declarationList.flags;
  const keyword = flags & ts.NodeFlags.Const ? 'const' : flags & ts.NodeFlags.Let ? 'let' : 'var';
  for (const declaration of statement.declarationList.declarations) {
    const names = ts.isIdentifier(declaration.name) ? [declaration.name] : bindingNames(declaration.name);
    const kind = declaration.initializer && !declaration.type ? expressionKind(declaration.initializer, keyword) : keyword;
    const signature = declaration.type ? source.print(declaration.type) : declaration.initializer ? expressionShape(declaration.initializer, source) : '';
    for (const name of names) {
      scan.declare(name.text, declaration, kind, ts.isIdentifier(declaration.name) ? signature : source.print(declaration));
      if (exported) scan.exportLocal(name.text, name.text, declaration);
    }
  }
}

function bindingNames(pattern: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(pattern)) return [pattern];
  return pattern.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : bindingNames(element.name)));
}

function scanStatement(scan: ModuleScan, statement: ts.Statement): void {
  if (ts.isImportDeclaration(statement)) scanImport(scan, statement);
  else if (ts.isExportDeclaration(statement)) scanExportDeclaration(scan, statement);
  else if (ts.isExportAssignment(statement)) exportValue(scan, 'default', statement.expression, statement);
  else if (ts.isExpressionStatement(statement)) scanCommonJs(scan, statement);
  else scanDeclaration(scan, statement);
}

function mergedSymbol(name: string, local: string, declarations: readonly Declaration[]): ExportedSymbol {
  // Overloads are the public signature; the implementation's own parameter list is not callable from outside.
  const overloads = declarations.filter((declaration) => declaration.overload);
  const signatures = (overloads.length > 0 ? overloads : declarations).map((declaration) => declaration.signature);
  const kind = declarations[0]?.kind ?? 'value';
  return {
    name,
    kind,
    range: spanOf(declarations.map((declaration) => declaration.range)),
    signature: withoutOwnName(`${kind} ${signatures.join('\n')}`, local),
    text: withoutOwnName(declarations.map((declaration) => declaration.text).join('\n'), local),
  };
}

export function typescriptExports(path: string, content: string): ExportTable {
  const scan = new ModuleScan(path, parseSource(path, content));
  for (const statement of scan.source.file.statements) scanStatement(scan, statement);
  const symbols = new Map<string, ExportedSymbol>();
  for (const [name, binding] of scan.exports) {
    if ('reexport' in binding) {
      symbols.set(name, reexportSymbol(name, binding.reexport, binding.range));
      continue;
    }
    const declarations = scan.declarations.get(binding.local);
    const imported = scan.imports.get(binding.local);
    if (declarations) symbols.set(name, mergedSymbol(name, binding.local, declarations));
    else if (imported) symbols.set(name, reexportSymbol(name, imported, binding.range));
  }
  return { symbols, stars: scan.stars, passThrough: new Map() };
}
