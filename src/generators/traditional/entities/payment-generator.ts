import { currencies, paymentMethods, paymentStatuses } from '../../../schema/entities/index.js';
import {
  createWeightedChoice,
  pinnedNumber,
  pinnedValue,
  type EntityGeneratorFactory,
} from '../entity-generator.js';
import { allowedValues, assertSupportedConstraints, integerRange, preferRange } from '../entity-options.js';
import { createIdPermutation, createYearIdFormatter } from '../id-permutation.js';
import { centsToAmount } from '../money.js';
import { hashString } from '../random.js';
import { roundedExp } from '../rounded-exp.js';
import { DAY_MS, REFERENCE_INSTANT_MS, SECOND_MS, formatTimestamp, yearOf } from '../timestamps.js';
import { currencyWeights } from './cart-generator.js';

export const paymentMethodWeights = {
  credit_card: 40,
  debit_card: 20,
  paypal: 15,
  apple_pay: 10,
  google_pay: 8,
  bank_transfer: 7,
} as const;

const paymentStatusWeights = { pending: 8, authorized: 10, captured: 65, refunded: 7, failed: 10 } as const;

// Unexported copies read per record: an imported binding is read through a module cell (timestamps.ts).
const ONE_SECOND = SECOND_MS;
const ONE_DAY = DAY_MS;
const REFERENCE_INSTANT = REFERENCE_INSTANT_MS;

const formatPaymentId = createYearIdFormatter('PAY-');
const formatOrderId = createYearIdFormatter('ORD-');

/** Payments: card_last_four only for cards, processed_at null exactly while pending and never before created_at. */
export const createPaymentGenerator: EntityGeneratorFactory = ({ schema, constraints, seed }) => {
  assertSupportedConstraints('payment', schema, constraints, {
    supported: ['method', 'amount', 'currency', 'status'],
    derived: {},
  });
  const pickMethod = createWeightedChoice(
    allowedValues(schema, 'method', paymentMethods),
    paymentMethodWeights,
  );
  const pickStatus = createWeightedChoice(
    allowedValues(schema, 'status', paymentStatuses),
    paymentStatusWeights,
  );
  const pickCurrency = createWeightedChoice(allowedValues(schema, 'currency', currencies), currencyWeights);
  const amountRange = preferRange(
    { min: 500, max: 250_000 },
    integerRange(schema, 'amount', { min: 1, max: 10_000_000 }, 100),
  );
  const logMin = Math.log(Math.max(1, amountRange.min));
  const logMax = Math.log(Math.max(1, amountRange.max));
  const paymentNumber = createIdPermutation(seed, hashString('payment'));

  return {
    generate(random, index, scenario, inputs) {
      const method = pinnedValue(inputs, 'method', paymentMethods) ?? pickMethod(random);
      const status = pinnedValue(inputs, 'status', paymentStatuses) ?? pickStatus(random);
      const pinnedAmount = pinnedNumber(inputs, 'amount');
      const drawn = roundedExp(logMin + random.float() * (logMax - logMin));
      const amountCents =
        pinnedAmount === undefined
          ? Math.min(amountRange.max, Math.max(amountRange.min, drawn))
          : Math.round(pinnedAmount * 100);
      const createdMs = REFERENCE_INSTANT - random.int(ONE_DAY, 365 * ONE_DAY);
      const createdAt = formatTimestamp(createdMs);
      const year = yearOf(createdMs);
      const isCard = method === 'credit_card' || method === 'debit_card';
      return {
        payment_id: formatPaymentId(year, paymentNumber(index)),
        order_id: formatOrderId(year, random.sevenDigitNumber()),
        method,
        amount: centsToAmount(amountCents),
        currency: pinnedValue(inputs, 'currency', currencies) ?? pickCurrency(random),
        status,
        card_last_four: isCard ? random.fourDigits() : null,
        created_at: createdAt,
        processed_at:
          status === 'pending'
            ? null
            : formatTimestamp(
                createdMs +
                  random.int(ONE_SECOND, method === 'bank_transfer' ? 3 * ONE_DAY : 120 * ONE_SECOND),
              ),
        _index: index,
        _scenario: scenario,
      };
    },
  };
};
