import { _, str, type Ajv, type KeywordCxt } from 'ajv';

/**
 * `minLength` / `maxLength` with JSON Schema's meaning (Unicode code points, as Ajv counts them), but
 * without walking every string: Ajv's own keywords count the code points of each string they check,
 * which was half the time spent validating a review. A string has at most `length` code points and at
 * least `length / 2`, so the count is needed only when the code-unit length alone cannot decide.
 */
export function redefineStringLengthKeywords(ajv: Ajv): void {
  for (const keyword of ['minLength', 'maxLength'] as const) {
    ajv.removeKeyword(keyword);
    ajv.addKeyword({
      keyword,
      type: 'string',
      schemaType: 'number',
      code(cxt: KeywordCxt) {
        const data = cxt.data;
        const count = cxt.gen.scopeValue('func', { ref: countCodePoints });
        const limit = cxt.schema as number;
        cxt.fail(
          keyword === 'maxLength'
            ? _`${data}.length > ${limit} && ${count}(${data}) > ${limit}`
            : _`${data}.length < ${2 * limit} && ${count}(${data}) < ${limit}`,
        );
      },
      error: {
        message: ({ schema }) =>
          str`must NOT have ${keyword === 'maxLength' ? 'more' : 'fewer'} than ${String(schema)} characters`,
        params: ({ schema }) => _`{limit: ${schema as number}}`,
      },
    });
  }
}

/** Code points of `text`: surrogate pairs count once (a lone surrogate counts as one). */
export function countCodePoints(text: string): number {
  const length = text.length;
  let count = 0;
  for (let index = 0; index < length; index++) {
    count++;
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < length) {
      const next = text.charCodeAt(index + 1);
      if ((next & 0xfc00) === 0xdc00) index++;
    }
  }
  return count;
}
