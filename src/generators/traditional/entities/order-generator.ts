import { InvalidArgumentError } from '../../../errors/index.js';
import {
  currencies,
  orderStatuses,
  paymentMethods,
  paymentStatuses,
  type OrderStatus,
  type PaymentStatus,
} from '../../../schema/entities/index.js';
import { resolveFieldPath } from '../../../schema/field-paths.js';
import type { EntitySchema } from '../../../schema/model.js';
import { createCountryChooser, makeAddress, pickPlace, type CountryChooser } from '../addresses.js';
import {
  createWeightedChoice,
  pinnedNumber,
  pinnedValue,
  type EntityGeneratorFactory,
} from '../entity-generator.js';
import { allowedValues, assertSupportedConstraints, integerRange, preferRange } from '../entity-options.js';
import { createIdPermutation, createYearIdFormatter } from '../id-permutation.js';
import { compileLineItemsPlan, makeLineItems } from '../line-items.js';
import { centsToAmount, rateToNumber, taxCents } from '../money.js';
import { countries, isCountryCode, type Country } from '../places.js';
import { hashString } from '../random.js';
import { createTaxRateChooser } from '../tax-rates.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, REFERENCE_INSTANT_MS, formatTimestamp, yearOf } from '../timestamps.js';
import { currencyWeights, lineItemsConstraintPaths, moneyDerivedAdvice } from './cart-generator.js';
import { paymentMethodWeights } from './payment-generator.js';

const statusWeights = {
  pending: 10,
  paid: 10,
  shipped: 15,
  delivered: 45,
  cancelled: 10,
  refunded: 10,
} as const;

/** The payment statuses each order status allows (entities.md). A cancelled order was refunded if paid. */
const paymentStatusesByOrderStatus: Readonly<Record<OrderStatus, readonly PaymentStatus[]>> = {
  pending: ['pending', 'authorized'],
  paid: ['captured'],
  shipped: ['captured'],
  delivered: ['captured'],
  cancelled: ['failed', 'refunded'],
  refunded: ['refunded'],
};

function pinnedCountry(value: unknown): Country | undefined {
  return typeof value === 'string' && isCountryCode(value) ? countries[value] : undefined;
}

const shippingCentsChoices = [499, 599, 799, 999, 1299, 1499, 2499];

function addressCountries(schema: EntitySchema, path: string): CountryChooser {
  const resolved = resolveFieldPath(schema, path);
  const allowed = resolved.found ? resolved.field.constraints?.enumValues : undefined;
  const chooser = createCountryChooser(allowed);
  if (chooser === undefined) {
    throw new InvalidArgumentError(
      path,
      `no known places in ${allowed?.join(', ') ?? ''}; use US, GB, CA, DE, FR or AU`,
    );
  }
  return chooser;
}

const formatOrderId = createYearIdFormatter('ORD-');

/**
 * Orders: cart money plus shipping, a status whose timestamps and payment status agree with it, shipping
 * and billing addresses in the currency's country where the constraints allow, payment.amount = total.
 */
export const createOrderGenerator: EntityGeneratorFactory = ({ schema, constraints, seed }) => {
  assertSupportedConstraints('order', schema, constraints, {
    supported: [
      'currency',
      'tax_rate',
      'shipping_cost',
      'status',
      'payment.method',
      'payment.status',
      'shipping_address.country',
      'billing_address.country',
      ...lineItemsConstraintPaths,
    ],
    derived: {
      ...moneyDerivedAdvice,
      total:
        'it is subtotal + tax + shipping_cost: constrain the item inputs, tax_rate and shipping_cost instead',
      'payment.amount': 'it equals total: constrain the item inputs, tax_rate and shipping_cost instead',
    },
  });
  const items = compileLineItemsPlan(schema);
  const pickCurrency = createWeightedChoice(allowedValues(schema, 'currency', currencies), currencyWeights);
  const pickTaxRate = createTaxRateChooser(integerRange(schema, 'tax_rate', { min: 0, max: 2500 }, 10_000));
  const shippingRange = integerRange(schema, 'shipping_cost', { min: 0, max: 100_000_000 }, 100);
  const typicalShipping = shippingCentsChoices.filter(
    (cents) => cents >= shippingRange.min && cents <= shippingRange.max,
  );
  const shippingCountries = addressCountries(schema, 'shipping_address.country');
  const billingCountries = addressCountries(schema, 'billing_address.country');
  const pickMethod = createWeightedChoice(
    allowedValues(schema, 'payment.method', paymentMethods),
    paymentMethodWeights,
  );
  const allowedPaymentStatuses = allowedValues(schema, 'payment.status', paymentStatuses);
  const compatibleStatuses = allowedValues(schema, 'status', orderStatuses).filter((status) =>
    paymentStatusesByOrderStatus[status].some((payment) => allowedPaymentStatuses.includes(payment)),
  );
  if (compatibleStatuses.length === 0) {
    throw new InvalidArgumentError('status', 'no allowed order status fits the allowed payment statuses');
  }
  const pickStatus = createWeightedChoice(compatibleStatuses, statusWeights);
  const orderNumber = createIdPermutation(seed, hashString('order'));

  const chooseShipping = (random: Parameters<typeof pickStatus>[0], subtotalCents: number): number => {
    const free = subtotalCents >= 5000 && shippingRange.min === 0 && random.chance(0.6);
    if (free) return 0;
    if (typicalShipping.length > 0) return random.pick(typicalShipping);
    const range = preferRange({ min: 0, max: 5000 }, shippingRange);
    return random.int(range.min, range.max);
  };

  return {
    generate(random, index, scenario, inputs) {
      const currency = pinnedValue(inputs, 'currency', currencies) ?? pickCurrency(random);
      const shipCountry =
        pinnedCountry(inputs?.get('shipping_address.country')) ??
        shippingCountries.pickForCurrency(random, currency);
      const shippingAddress = makeAddress(random, pickPlace(random, shipCountry));
      const billingPin = pinnedCountry(inputs?.get('billing_address.country'));
      const sameBilling =
        (billingPin === undefined || billingPin === shipCountry) &&
        billingCountries.countries.includes(shipCountry) &&
        random.chance(0.8);
      const billingAddress = sameBilling
        ? { ...shippingAddress }
        : makeAddress(
            random,
            pickPlace(random, billingPin ?? billingCountries.pickForCurrency(random, currency)),
          );

      const { items: lineItems, subtotalCents } = makeLineItems(random, items, inputs);
      const pinnedRate = pinnedNumber(inputs, 'tax_rate');
      const rate =
        pinnedRate === undefined ? pickTaxRate(random, shipCountry.code) : Math.round(pinnedRate * 10_000);
      const tax = taxCents(subtotalCents, rate);
      const pinnedShipping = pinnedNumber(inputs, 'shipping_cost');
      const shippingCents =
        pinnedShipping === undefined
          ? chooseShipping(random, subtotalCents)
          : Math.round(pinnedShipping * 100);
      const totalCents = subtotalCents + tax + shippingCents;

      const pinnedPayment = pinnedValue(inputs, 'payment.status', paymentStatuses);
      let status = pinnedValue(inputs, 'status', orderStatuses);
      if (status === undefined) {
        const fitting =
          pinnedPayment === undefined
            ? undefined
            : compatibleStatuses.filter((candidate) =>
                paymentStatusesByOrderStatus[candidate].includes(pinnedPayment),
              );
        status = fitting !== undefined && fitting.length > 0 ? random.pick(fitting) : pickStatus(random);
      }
      const paymentChoices = paymentStatusesByOrderStatus[status].filter((payment) =>
        allowedPaymentStatuses.includes(payment),
      );
      const paymentStatus =
        pinnedPayment !== undefined && paymentStatusesByOrderStatus[status].includes(pinnedPayment)
          ? pinnedPayment
          : paymentChoices.length > 0
            ? random.pick(paymentChoices)
            : (paymentStatusesByOrderStatus[status][0] ?? 'pending');

      const placedMs = REFERENCE_INSTANT_MS - random.int(10 * DAY_MS, 400 * DAY_MS);
      const paidMs = placedMs + random.int(30_000, 2 * HOUR_MS);
      const shippedMs = paidMs + random.int(2 * HOUR_MS, 3 * DAY_MS);
      const deliveredMs = shippedMs + random.int(DAY_MS, 7 * DAY_MS) + random.int(0, 59) * MINUTE_MS;
      const paid =
        status === 'paid' ||
        status === 'shipped' ||
        status === 'delivered' ||
        status === 'refunded' ||
        (status === 'cancelled' && paymentStatus === 'refunded');
      const shipped = status === 'shipped' || status === 'delivered';
      const placedAt = formatTimestamp(placedMs);
      return {
        order_id: formatOrderId(yearOf(placedMs), orderNumber(index)),
        customer_id: `USR-${random.digits(7)}`,
        items: lineItems,
        subtotal: centsToAmount(subtotalCents),
        tax_rate: rateToNumber(rate),
        tax: centsToAmount(tax),
        shipping_cost: centsToAmount(shippingCents),
        total: centsToAmount(totalCents),
        currency,
        shipping_address: shippingAddress,
        billing_address: billingAddress,
        payment: {
          method: pinnedValue(inputs, 'payment.method', paymentMethods) ?? pickMethod(random),
          amount: centsToAmount(totalCents),
          status: paymentStatus,
        },
        status,
        placed_at: placedAt,
        paid_at: paid ? formatTimestamp(paidMs) : null,
        shipped_at: shipped ? formatTimestamp(shippedMs) : null,
        delivered_at: status === 'delivered' ? formatTimestamp(deliveredMs) : null,
        _index: index,
        _scenario: scenario,
      };
    },
  };
};
