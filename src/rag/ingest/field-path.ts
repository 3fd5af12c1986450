/**
 * Field paths as the validator reports them and defect patterns list their trigger fields:
 * `amount`, `payment.status`, `items[0].quantity`.
 */
export type FieldPathStep = string | number;

const stepPattern = /([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]/gy;

/** The steps of `path`, or undefined when it is not a field path. */
export function parseFieldPath(path: string): FieldPathStep[] | undefined {
  const steps: FieldPathStep[] = [];
  let position = 0;
  while (position < path.length) {
    if (steps.length > 0 && path[position] === '.') position += 1;
    stepPattern.lastIndex = position;
    const match = stepPattern.exec(path);
    if (match === null) return undefined;
    steps.push(match[1] ?? Number(match[2]));
    position = stepPattern.lastIndex;
  }
  return steps.length === 0 || typeof steps[0] !== 'string' ? undefined : steps;
}

/** Whether `path` has a value in `record` (a present null counts; an absent key does not). */
export function hasAtPath(record: unknown, path: string): boolean {
  return lookup(record, path).found;
}

export function getAtPath(record: unknown, path: string): unknown {
  return lookup(record, path).value;
}

/**
 * Copies the value at `path` from `source` onto `target` exactly (a deep copy), creating missing parent
 * objects and arrays; when `source` has no value there, removes it from `target`, so an absent field
 * (a "missing required field" defect) stays absent.
 */
export function copyAtPath(source: unknown, target: Record<string, unknown>, path: string): void {
  const steps = parseFieldPath(path);
  if (steps === undefined) return;
  const { found, value } = lookup(source, path);
  let cursor: Record<string | number, unknown> = target;
  for (let position = 0; position < steps.length - 1; position++) {
    const step = steps[position] as FieldPathStep;
    let next = cursor[step];
    if (typeof next !== 'object' || next === null) {
      if (!found) return;
      next = typeof steps[position + 1] === 'number' ? [] : {};
      cursor[step] = next;
    }
    cursor = next as Record<string | number, unknown>;
  }
  const last = steps[steps.length - 1] as FieldPathStep;
  if (found) cursor[last] = structuredClone(value);
  else if (Array.isArray(cursor) && typeof last === 'number') cursor.splice(last, 1);
  else Reflect.deleteProperty(cursor, last);
}

/** True when `field` is `path` itself or lies under it (`items[0]` covers `items[0].quantity`). */
export function isAtOrUnder(field: string, path: string): boolean {
  return field === path || field.startsWith(`${path}.`) || field.startsWith(`${path}[`);
}

function lookup(record: unknown, path: string): { found: boolean; value: unknown } {
  const steps = parseFieldPath(path);
  if (steps === undefined) return { found: false, value: undefined };
  let cursor: unknown = record;
  for (const step of steps) {
    if (typeof cursor !== 'object' || cursor === null) return { found: false, value: undefined };
    if (!Object.hasOwn(cursor, step)) return { found: false, value: undefined };
    cursor = (cursor as Record<string | number, unknown>)[step];
  }
  return { found: true, value: cursor };
}
