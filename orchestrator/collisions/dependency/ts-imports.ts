import ts from 'typescript';
import type { ModuleRef } from './export-table.js';
import type { ModuleImport } from './module-import.js';
import { typescriptModuleRef } from './module-paths.js';
import { parseSource, specifierText } from './ts-source.js';

/**
 * What a TypeScript/JavaScript file takes from relative modules: import
 * declarations (type-only included: a type change breaks the build just the
 * same), `export … from`, `import x = require()`, `require()` and dynamic
 * `import()`. A namespace (`import * as m`, `const m = require()`, `const m
 * = await import()`) counts the members read from it (`m.a`, `m['a']`, the
 * type `m.T`; calling `m()` uses `default`); any other use of the namespace
 * object counts as using everything. Shadowing of the namespace name by a
 * local is not tracked.
 */

interface NamespaceBinding {
  readonly name: string;
  readonly module: ModuleRef;
}

function namedImports(clause: ts.ImportClause): Set<string> {
  const names = new Set<string>();
  if (clause.name) names.add('default');
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.add((element.propertyName ?? element.name).text);
  return names;
}

/** The keys a destructuring takes, or `all` for a rest element or an array pattern. */
function destructuredNames(pattern: ts.BindingPattern): Set<string> | 'all' {
  if (!ts.isObjectBindingPattern(pattern)) return 'all';
  const names = new Set<string>();
  for (const element of pattern.elements) {
    const key = element.propertyName ?? element.name;
    if (element.dotDotDotToken || !(ts.isIdentifier(key) || ts.isStringLiteral(key))) return 'all';
    names.add(key.text);
  }
  return names;
}

/** `require('./a')` or `import('./a')` with a literal specifier. */
function moduleCallSpecifier(node: ts.CallExpression): string | undefined {
  const callee = node.expression;
  const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
  if (!isRequire && callee.kind !== ts.SyntaxKind.ImportKeyword) return undefined;
  return specifierText(node.arguments[0]);
}

/** Whether `id` reads the binding it names (rather than declaring a name or being a property key). */
function isReference(id: ts.Identifier, parent: ts.Node): boolean {
  if (ts.isShorthandPropertyAssignment(parent)) return true;
  if (ts.isExportSpecifier(parent)) return (parent.propertyName ?? parent.name) === id;
  if (ts.isQualifiedName(parent)) return parent.left === id;
  if (ts.isBindingElement(parent)) return parent.initializer === id;
  return !('name' in parent && parent.name === id);
}

/** The export a reference to a namespace object reads, or `all` when the object itself escapes. */
function memberRead(id: ts.Identifier, parent: ts.Node): string | 'all' {
  if (ts.isPropertyAccessExpression(parent) && parent.expression === id) return parent.name.text;
  if (ts.isQualifiedName(parent) && parent.left === id) return parent.right.text;
  if (ts.isElementAccessExpression(parent) && parent.expression === id && ts.isStringLiteralLike(parent.argumentExpression)) return parent.argumentExpression.text;
  const called = (ts.isCallExpression(parent) || ts.isNewExpression(parent) || ts.isTaggedTemplateExpression(parent)) && (ts.isTaggedTemplateExpression(parent) ? parent.tag : parent.expression) === id;
  const rendered = (ts.isJsxOpeningElement(parent) || ts.isJsxSelfClosingElement(parent)) && parent.tagName === id;
  return called || rendered ? 'default' : 'all';
}

class ImportCollector {
  readonly imports: ModuleImport[] = [];
  readonly namespaces: NamespaceBinding[] = [];

  constructor(readonly path: string) {}

  add(specifier: string | undefined, names: ReadonlySet<string> | 'all'): void {
    const module = specifier === undefined ? undefined : typescriptModuleRef(this.path, specifier);
    if (module && (names === 'all' || names.size > 0)) this.imports.push({ module, names });
  }

  namespace(specifier: string | undefined, name: string): void {
    const module = specifier === undefined ? undefined : typescriptModuleRef(this.path, specifier);
    if (module) this.namespaces.push({ name, module });
  }

  /** How the value of a `require()`/`import()` call (below `ancestors`) is consumed decides what it uses. */
  moduleCall(call: ts.CallExpression, specifier: string, ancestors: readonly ts.Node[]): void {
    let value: ts.Node = call;
    let up = ancestors.length - 1;
    const dynamic = call.expression.kind === ts.SyntaxKind.ImportKeyword;
    if (dynamic && ts.isAwaitExpression(ancestors[up]!)) value = ancestors[up--]!;
    while (ts.isParenthesizedExpression(ancestors[up]!)) value = ancestors[up--]!;
    const parent = ancestors[up]!;
    if (ts.isExpressionStatement(parent)) return; // loaded for its side effects
    const awaited = !dynamic || value !== call;
    if (awaited && ts.isVariableDeclaration(parent) && parent.initializer === value) {
      if (ts.isIdentifier(parent.name)) this.namespace(specifier, parent.name.text);
      else this.add(specifier, destructuredNames(parent.name));
    } else if (awaited && ts.isPropertyAccessExpression(parent) && parent.expression === value) {
      this.add(specifier, new Set([parent.name.text]));
    } else {
      this.add(specifier, 'all');
    }
  }

  /** `ancestors`: the nodes above `node`, root first (the tree is parsed without parent links: faster). */
  visit(node: ts.Node, ancestors: ts.Node[]): void {
    if (ts.isImportDeclaration(node) && node.importClause) {
      const specifier = specifierText(node.moduleSpecifier);
      this.add(specifier, namedImports(node.importClause));
      const bindings = node.importClause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) this.namespace(specifier, bindings.name.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const clause = node.exportClause;
      const names = clause && ts.isNamedExports(clause) ? new Set(clause.elements.map((element) => (element.propertyName ?? element.name).text)) : 'all';
      this.add(specifierText(node.moduleSpecifier), names);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      this.namespace(specifierText(node.moduleReference.expression), node.name.text);
    } else if (ts.isCallExpression(node)) {
      const specifier = moduleCallSpecifier(node);
      if (specifier !== undefined) this.moduleCall(node, specifier, ancestors);
    }
    ancestors.push(node);
    ts.forEachChild(node, (child) => this.visit(child, ancestors));
    ancestors.pop();
  }

  /** One pass over every identifier for the namespace objects' member reads. */
  resolveNamespaces(root: ts.Node): void {
    if (this.namespaces.length === 0) return;
    const reads = new Map<string, Set<string> | 'all'>(this.namespaces.map((binding) => [binding.name, new Set<string>()]));
    const visit = (node: ts.Node, parent: ts.Node): void => {
      if (ts.isIdentifier(node)) {
        const names = reads.get(node.text);
        if (names !== undefined && names !== 'all' && isReference(node, parent)) {
          const read = memberRead(node, parent);
          if (read === 'all') reads.set(node.text, 'all');
          else names.add(read);
        }
      }
      ts.forEachChild(node, (child) => visit(child, node));
    };
    ts.forEachChild(root, (child) => visit(child, root));
    for (const binding of this.namespaces) {
      const names = reads.get(binding.name) ?? 'all';
      if (names === 'all' || names.size > 0) this.imports.push({ module: binding.module, names });
    }
  }
}

export function typescriptImports(path: string, content: string): ModuleImport[] {
  const { file } = parseSource(path, content);
  const collector = new ImportCollector(path);
  collector.visit(file, []);
  collector.resolveNamespaces(file);
  return collector.imports;
}
