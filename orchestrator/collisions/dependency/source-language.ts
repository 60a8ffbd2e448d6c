/** The languages the dependency analysis understands, told apart by file extension. */
export type SourceLanguage = 'typescript' | 'python';

/** Parsed by the TypeScript compiler (JavaScript included: it parses JS and JSX too). */
export const TYPESCRIPT_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

export function sourceLanguageOf(path: string): SourceLanguage | undefined {
  if (path.endsWith('.py')) return 'python';
  return TYPESCRIPT_EXTENSIONS.some((extension) => path.endsWith(extension)) ? 'typescript' : undefined;
}
