/**
 * Caller-supplied text (context, hints, scenario descriptions, inline schema descriptions, examples) is
 * put into the prompt as tagged data blocks. The content is escaped so that no `<` survives: it can
 * neither close its own block nor open a tag that looks like ours.
 */

/**
 * Escapes text for a data block: `&` and `<` become entities. Without `<` no tag can be written, so `>`
 * stays readable (the schema says `>= 0`).
 */
export function escapeBlockText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
}

/**
 * JSON for a data block: `<`, `>` and `&` are written as \u escapes, so the text is still valid JSON
 * that parses to the same value, and still contains no tag characters.
 */
export function stringifyForBlock(value: unknown, indent?: number): string {
  const json = JSON.stringify(value, null, indent) as string | undefined;
  return (json ?? 'null').replaceAll('<', '\\u003c').replaceAll('>', '\\u003e').replaceAll('&', '\\u0026');
}

/** `<tag>\ncontent\n</tag>`; `content` must already be escaped (escapeBlockText or stringifyForBlock). */
export function dataBlock(tag: string, escapedContent: string): string {
  return `<${tag}>\n${escapedContent}\n</${tag}>`;
}
