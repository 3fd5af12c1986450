/**
 * The one meaning of a field's `regex` constraint, shared by schema checks, the validator and the
 * generators: a plain JavaScript RegExp without flags that must match the WHOLE value (it is anchored
 * implicitly, so `\d{4}` accepts "1234" but not "12345"). Plain (non-`u`) syntax because callers write
 * patterns like `\-` that the unicode mode rejects.
 */
export function anchorFieldRegex(regex: string): string {
  return `^(?:${regex})$`;
}

/** Compiles a field regex with whole-value semantics; throws a SyntaxError when it does not compile. */
export function compileFieldRegex(regex: string): RegExp {
  return new RegExp(anchorFieldRegex(regex));
}

/** The compile error of a field regex, or undefined when it compiles. */
export function findRegexError(regex: string): string | undefined {
  try {
    compileFieldRegex(regex);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
