/**
 * `read`, kept after its first call by the built server, whose content cannot change while it
 * runs (every page and sign-up then reads the same result); called anew each time under
 * `astro dev`, so edits to content/ show at once.
 */
export function onceWhenBuilt<T>(read: () => T): () => T {
  let kept: { value: T } | undefined;
  return () => {
    if (import.meta.env.DEV) return read();
    kept ??= { value: read() };
    return kept.value;
  };
}
