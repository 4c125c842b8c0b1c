/** JSON Pointers (RFC 6901): `""` is the whole document, `/a/b` the member `b` of `a`; `~1` is `/` and `~0` is `~`. */

/** What is wrong with `pointer`, or `undefined` when it is a valid JSON Pointer. */
export function pointerProblem(pointer: string): string | undefined {
  if (pointer !== '' && !pointer.startsWith('/')) return `"${pointer}" does not start with "/"`;
  if (/~(?![01])/.test(pointer)) return `"${pointer}" has a "~" not followed by 0 or 1 (write "~0" for "~" and "~1" for "/")`;
  return undefined;
}

/** The reference tokens of `pointer`, unescaped. Throws on an invalid pointer. */
export function parsePointer(pointer: string): string[] {
  const problem = pointerProblem(pointer);
  if (problem !== undefined) throw new Error(problem);
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** True when `prefix` names a proper ancestor of `pointer` (`/a` of `/a/b`, but not of `/ab` or of `/a`). */
export function isProperPrefix(prefix: string, pointer: string): boolean {
  return pointer.startsWith(`${prefix}/`);
}
