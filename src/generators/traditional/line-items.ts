import { InvalidArgumentError } from '../../errors/index.js';
import { productCategories, type ProductCategory } from '../../schema/entities/index.js';
import type { EntitySchema } from '../../schema/model.js';
import { categoryGroups, categoryProfiles, pickProduct, type CategoryProfile } from './catalog.js';
import { allowedValues, integerRange, preferRange, type IntegerRange } from './entity-options.js';
import { centsToAmount } from './money.js';
import type { Random } from './random.js';
import { roundedExp } from './rounded-exp.js';

/** One line item of a cart or order, in the schema's field order. */
export interface LineItem {
  sku: string;
  name: string;
  category: ProductCategory;
  quantity: number;
  unit_price: number;
  line_total: number;
}

/** Inputs pinned by scenario overrides: `items[].x` for every item, `items[2].x` for one. */
export type EntityInputs = ReadonlyMap<string, unknown>;

export interface LineItemsPlan {
  readonly count: IntegerRange;
  readonly quantity: IntegerRange;
  readonly unitPriceCents: IntegerRange;
  /** Category groups restricted to the allowed categories (empty groups dropped). */
  readonly groups: readonly (readonly CategoryProfile[])[];
}

/** Reads the items constraints (count, quantity, unit_price, category) of a cart or order schema. */
export function compileLineItemsPlan(schema: EntitySchema): LineItemsPlan {
  const allowed = new Set(allowedValues(schema, 'items[].category', productCategories));
  const groups = categoryGroups
    .map((group) =>
      group.filter((category) => allowed.has(category)).map((category) => categoryProfiles[category]),
    )
    .filter((group) => group.length > 0);
  const count = integerRange(schema, 'items', { min: 1, max: 10 });
  if (count.max < 1)
    throw new InvalidArgumentError('items', 'a cart or order has at least one item; raise max');
  return {
    count: { min: Math.max(1, count.min), max: count.max },
    quantity: integerRange(schema, 'items[].quantity', { min: 1, max: 10 }),
    unitPriceCents: integerRange(schema, 'items[].unit_price', { min: 1, max: 1_000_000 }, 100),
    groups,
  };
}

/** Small counts are the common case: a skewed draw over [min, max]. */
function skewedInt(random: Random, range: IntegerRange, power: number): number {
  return range.min + Math.floor(random.float() ** power * (range.max - range.min + 1));
}

function priceCents(random: Random, profile: CategoryProfile, allowed: IntegerRange): number {
  const range = preferRange({ min: profile.minCents, max: profile.maxCents }, allowed);
  // Log-uniform dollars ending in .99 when that stays in range: prices look like shop prices.
  const low = Math.log(Math.max(range.min, 1));
  const high = Math.log(Math.max(range.max, 1));
  const drawn = roundedExp(low + random.float() * (high - low));
  const shopPrice = Math.floor(drawn / 100) * 100 + 99;
  if (shopPrice >= range.min && shopPrice <= range.max) return shopPrice;
  return Math.min(range.max, Math.max(range.min, drawn));
}

function input(inputs: EntityInputs | undefined, index: number, field: string): unknown {
  if (inputs === undefined) return undefined;
  return inputs.get(`items[${index}].${field}`) ?? inputs.get(`items[].${field}`);
}

/**
 * Line items from one category group, each coherent on its own: line_total = quantity × unit_price in
 * cents. Returns the items and their subtotal in cents.
 */
export function makeLineItems(
  random: Random,
  plan: LineItemsPlan,
  inputs: EntityInputs | undefined,
): { items: LineItem[]; subtotalCents: number } {
  const group = random.pick(plan.groups);
  const count = skewedInt(random, plan.count, 1.6);
  const items: LineItem[] = [];
  let subtotalCents = 0;
  for (let index = 0; index < count; index++) {
    const pinnedCategory = input(inputs, index, 'category');
    const profile =
      typeof pinnedCategory === 'string' && pinnedCategory in categoryProfiles
        ? categoryProfiles[pinnedCategory as ProductCategory]
        : random.pick(group);
    const product = pickProduct(random, profile);
    const pinnedQuantity = input(inputs, index, 'quantity');
    const quantity =
      typeof pinnedQuantity === 'number' ? pinnedQuantity : skewedInt(random, plan.quantity, 3);
    const pinnedPrice = input(inputs, index, 'unit_price');
    const unitCents =
      typeof pinnedPrice === 'number'
        ? Math.round(pinnedPrice * 100)
        : priceCents(random, profile, plan.unitPriceCents);
    const lineCents = quantity * unitCents;
    subtotalCents += lineCents;
    items.push({
      sku: product.sku,
      name: product.name,
      category: product.category,
      quantity,
      unit_price: centsToAmount(unitCents),
      line_total: centsToAmount(lineCents),
    });
  }
  return { items, subtotalCents };
}
