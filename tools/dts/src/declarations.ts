import ts from 'typescript';

/** The relative module specifiers a declaration file imports, re-exports or references. */
export function relativeSpecifiers(declaration: string): string[] {
  const info = ts.preProcessFile(declaration, true, true);
  return [...info.importedFiles, ...info.referencedFiles]
    .map((ref) => ref.fileName)
    .filter((name) => name.startsWith('./') || name.startsWith('../'));
}

/** Whether a declaration file has a default export, which `export *` would not carry over. */
export function hasDefaultExport(declaration: string): boolean {
  const file = ts.createSourceFile(
    'entry.d.ts',
    declaration,
    ts.ScriptTarget.Latest,
    false,
    ts.ScriptKind.TS,
  );
  return file.statements.some((statement) => {
    if (ts.isExportAssignment(statement)) return !statement.isExportEquals;
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      return (
        clause !== undefined &&
        ts.isNamedExports(clause) &&
        clause.elements.some((element) => element.name.text === 'default')
      );
    }
    const modifiers = ts.canHaveModifiers(statement) ? (ts.getModifiers(statement) ?? []) : [];
    return (
      modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) &&
      modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)
    );
  });
}
