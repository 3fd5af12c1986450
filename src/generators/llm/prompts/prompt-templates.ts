/**
 * The task templates of the LLM path. Each is the opening of the user message: what kind of records to
 * write and how; `{{count}}` and `{{entity}}` are filled in by buildPrompt. The data blocks (schema,
 * scenario, examples, context, hints) follow it.
 */

/** Bump when SYSTEM_PROMPT or any template changes: it goes into response metadata and cache keys. */
export const PROMPT_VERSION = '2026-11-24.1';

export const promptTemplateNames = ['GENERAL', 'RAG', 'EDGE_CASE', 'COHERENT', 'TEXT_CONTENT'] as const;
export type PromptTemplateName = (typeof promptTemplateNames)[number];

/** The closing line every template shares; it repeats the output contract next to the count. */
export const OUTPUT_INSTRUCTIONS =
  'Produce exactly {{count}} records. Answer with one JSON object {"records": [ ... ]} holding exactly {{count}} records and nothing else: no prose, no markdown fences.';

const GENERAL = `Generate {{count}} realistic "{{entity}}" records for software testing.

Guidance:
- Follow the schema in <schema> field by field: types, required fields, enums, ranges, lengths, patterns and decimals.
- Make the values look like production data: real-world formats, plausible combinations (a city in the right country, an email that fits the person's name), and variety across records.
- Values that depend on each other must agree (totals, counts, timestamps in order), as the coherence rules say.
- Apply the scenario in <scenario>: every record belongs to it and keeps its fixed values.

${OUTPUT_INSTRUCTIONS}`;

const RAG = `Generate {{count}} realistic "{{entity}}" records for software testing, modelled on the reference records in <examples>.

Guidance:
- The examples come from stored patterns or production-like samples. Reproduce their style, value distributions, formats and typical combinations, but do not copy them: every record needs new ids, new names, fresh timestamps and its own values.
- Where an example disagrees with the schema in <schema>, the schema wins.
- Values that depend on each other must agree (totals, counts, timestamps in order), as the coherence rules say.
- Apply the scenario in <scenario>: every record belongs to it and keeps its fixed values.

${OUTPUT_INSTRUCTIONS}`;

const EDGE_CASE = `Generate {{count}} "{{entity}}" records that exercise edge cases and are likely to trigger defects in the software under test, while still being valid against the schema in <schema>.

Guidance:
- Push values to their limits: minimum and maximum of every range, empty-ish and maximum-length strings within the allowed lengths, zero and boundary amounts, the first and last enum values, optional fields omitted, nullable fields set to null.
- Use data that often breaks code: Unicode and accented names (Zoë, Łukasz, 李雷), apostrophes and hyphens (O'Brien, Smith-Jones), right-to-left text, emoji, leading or trailing spaces where allowed, very long addresses, dates at month, year and leap-day boundaries, timestamps around midnight UTC.
- Cover a different edge in each record instead of repeating one; mix in a few ordinary records so the set stays realistic.
- Schema rules are never broken: every value must still pass validation. Coherence rules hold unless the scenario's fixed values break them on purpose.
- Apply the scenario in <scenario>: every record belongs to it and keeps its fixed values.

${OUTPUT_INSTRUCTIONS}`;

const COHERENT = `Generate {{count}} "{{entity}}" records whose contents make sense as a whole, the way a real shop's data does.

Guidance:
- Line items come from related product categories that a real customer buys together (fitness, beauty, home, electronics, kitchen, ...): a yoga mat with resistance bands and a water bottle, not a yoga mat with a drill and lipstick.
- Quantities are reasonable for the product (one laptop, a few t-shirts, a pack of batteries); unit prices fit the product and currency.
- The money adds up to the cent: line_total = quantity × unit_price, subtotal = sum of the line totals, tax = subtotal × tax_rate rounded half up to the cent, total = subtotal + tax (+ shipping when the schema has it), payment amounts equal the total.
- Timestamps are in chronological order (created before updated; placed before paid, shipped and delivered) and statuses agree with them (no delivery time on an order that has not shipped).
- Ids that embed a year use the year of the record's own timestamp. Follow every coherence rule in <schema>.
- Apply the scenario in <scenario>: every record belongs to it and keeps its fixed values.

${OUTPUT_INSTRUCTIONS}`;

const TEXT_CONTENT = `Generate {{count}} "{{entity}}" records whose free-text fields read like text real people wrote.

Guidance:
- Write titles, bodies and comments in natural language with varied length, vocabulary and voice: short one-liners and detailed paragraphs, enthusiastic and disappointed writers, the occasional typo or informal phrasing.
- The tone matches the record's other values: a 1-star rating sounds unhappy and names a concrete problem, a 5-star rating sounds pleased and names what worked, 3 stars is mixed.
- Mention concrete, plausible details (delivery time, fit, battery life, taste, customer service) and never reuse the same sentence across records.
- Stay within every length limit of <schema>; no real people, brands used only in a neutral way, no offensive content.
- Apply the scenario in <scenario>: every record belongs to it and keeps its fixed values.

${OUTPUT_INSTRUCTIONS}`;

export const promptTemplates: Readonly<Record<PromptTemplateName, string>> = {
  GENERAL,
  RAG,
  EDGE_CASE,
  COHERENT,
  TEXT_CONTENT,
};

/** Fills `{{name}}` placeholders; unknown placeholders stay as they are. */
export function renderTemplate(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replaceAll(/\{\{(\w+)\}\}/g, (placeholder, name: string) => {
    const value = values[name];
    return value === undefined ? placeholder : String(value);
  });
}
