import { currencies } from '../../../schema/entities/index.js';
import {
  createWeightedChoice,
  pinnedNumber,
  pinnedValue,
  type EntityGeneratorFactory,
} from '../entity-generator.js';
import { allowedValues, assertSupportedConstraints, integerRange } from '../entity-options.js';
import { createIdPermutation, createYearIdFormatter } from '../id-permutation.js';
import { compileLineItemsPlan, makeLineItems } from '../line-items.js';
import { centsToAmount, rateToNumber, taxCents } from '../money.js';
import { hashString } from '../random.js';
import { createTaxRateChooser } from '../tax-rates.js';
import { DAY_MS, HOUR_MS, REFERENCE_INSTANT_MS, formatTimestamp, yearOf } from '../timestamps.js';

export const currencyWeights = { USD: 55, EUR: 18, GBP: 12, CAD: 8, AUD: 7 } as const;

export const lineItemsConstraintPaths = [
  'items',
  'items[].quantity',
  'items[].unit_price',
  'items[].category',
];

export const moneyDerivedAdvice: Readonly<Record<string, string>> = {
  'items[].line_total':
    'it is quantity × unit_price: constrain items[].quantity and items[].unit_price instead',
  subtotal:
    'it is the sum of the line totals: constrain items, items[].quantity and items[].unit_price instead',
  tax: 'it is subtotal × tax_rate: constrain tax_rate (and the item inputs) instead',
  total: 'it is subtotal + tax: constrain items, items[].quantity, items[].unit_price and tax_rate instead',
};

const formatCartId = createYearIdFormatter('CRT-');

/** Carts: line items from one category group, exact money in cents, created_at ≤ updated_at. */
export const createCartGenerator: EntityGeneratorFactory = ({ schema, constraints, seed }) => {
  assertSupportedConstraints('cart', schema, constraints, {
    supported: ['currency', 'tax_rate', ...lineItemsConstraintPaths],
    derived: moneyDerivedAdvice,
  });
  const items = compileLineItemsPlan(schema);
  const pickCurrency = createWeightedChoice(allowedValues(schema, 'currency', currencies), currencyWeights);
  const pickTaxRate = createTaxRateChooser(integerRange(schema, 'tax_rate', { min: 0, max: 2500 }, 10_000));
  const cartNumber = createIdPermutation(seed, hashString('cart'));

  return {
    generate(random, index, scenario, inputs) {
      const currency = pinnedValue(inputs, 'currency', currencies) ?? pickCurrency(random);
      const { items: lineItems, subtotalCents } = makeLineItems(random, items, inputs);
      const pinnedRate = pinnedNumber(inputs, 'tax_rate');
      const rate =
        pinnedRate === undefined ? pickTaxRate(random, undefined) : Math.round(pinnedRate * 10_000);
      const tax = taxCents(subtotalCents, rate);
      const createdMs = REFERENCE_INSTANT_MS - random.int(HOUR_MS, 120 * DAY_MS);
      const updatedMs = createdMs + (random.chance(0.3) ? 0 : random.int(1000, 3 * DAY_MS));
      const createdAt = formatTimestamp(createdMs);
      return {
        cart_id: formatCartId(yearOf(createdMs), cartNumber(index)),
        customer_id: `USR-${random.digits(7)}`,
        items: lineItems,
        subtotal: centsToAmount(subtotalCents),
        tax_rate: rateToNumber(rate),
        tax: centsToAmount(tax),
        total: centsToAmount(subtotalCents + tax),
        currency,
        created_at: createdAt,
        updated_at: formatTimestamp(updatedMs),
        _index: index,
        _scenario: scenario,
      };
    },
  };
};
