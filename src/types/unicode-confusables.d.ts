// The package ships its declarations as "index.ts.d", which TypeScript does not find.
declare module 'unicode-confusables' {
  /** Replaces each character that Unicode lists as confusable with its prototype. */
  export function rectifyConfusion(input: string): string;
}
