import { categoryGroups } from './catalog.js';
import { allPlaces } from './places.js';
import { foldToAscii } from './people.js';

/**
 * The entity rules of entities.md checked directly on generated records (money to the cent, chronology,
 * email from name, real places, status consistency), independent of the validator and the coherence scorer.
 * Returns the violations found.
 */

type Json = Record<string, unknown>;

const cents = (value: unknown): number => Math.round(Number(value) * 100);
const time = (value: unknown): number => Date.parse(String(value));
const placeKeys = new Set(allPlaces.map((place) => `${place.city}|${place.state}|${place.country}`));
const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function checkAddress(address: Json, where: string, problems: string[]): void {
  if (!placeKeys.has(`${String(address.city)}|${String(address.state)}|${String(address.country)}`)) {
    problems.push(
      `${where}: ${String(address.city)}, ${String(address.state)}, ${String(address.country)} is not a known place`,
    );
  }
  const zip = String(address.zip_code);
  const formats: Record<string, RegExp> = {
    US: /^\d{5}$/,
    DE: /^\d{5}$/,
    FR: /^\d{5}$/,
    AU: /^\d{4}$/,
    CA: /^[A-Z]\d[A-Z] \d[A-Z]\d$/,
    GB: /^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/,
  };
  if (!(formats[String(address.country)]?.test(zip) ?? false))
    problems.push(`${where}.zip_code ${zip} does not fit ${String(address.country)}`);
}

function checkMoney(record: Json, problems: string[]): void {
  const items = record.items as Json[];
  let sum = 0;
  for (const item of items) {
    if (cents(item.line_total) !== Number(item.quantity) * cents(item.unit_price))
      problems.push('line_total');
    sum += cents(item.line_total);
    const [, category] = String(item.sku).split('-');
    if (category === undefined || category.length !== 3) problems.push('sku');
  }
  if (sum !== cents(record.subtotal)) problems.push('subtotal');
  const rate = Math.round(Number(record.tax_rate) * 10_000);
  const tax = Math.floor((cents(record.subtotal) * rate + 5000) / 10_000);
  if (tax !== cents(record.tax))
    problems.push(
      `tax ${String(record.tax)} != round_half_up(${String(record.subtotal)} × ${rate / 10_000})`,
    );
  const shipping = record.shipping_cost === undefined ? 0 : cents(record.shipping_cost);
  if (cents(record.subtotal) + cents(record.tax) + shipping !== cents(record.total)) problems.push('total');
  const categories = new Set(items.map((item) => String(item.category)));
  if (
    !categoryGroups.some((group) =>
      [...categories].every((category) => (group as readonly string[]).includes(category)),
    )
  ) {
    problems.push(`categories ${[...categories].join(',')} are not one group`);
  }
}

function ordered(record: Json, fields: readonly string[], problems: string[]): void {
  let previous = Number.NEGATIVE_INFINITY;
  for (const field of fields) {
    const value = record[field];
    if (value === null) continue;
    if (typeof value !== 'string' || !isoTimestamp.test(value)) problems.push(`${field} is not ISO with ms`);
    if (time(value) < previous) problems.push(`${field} is before the previous timestamp`);
    previous = time(value);
  }
}

const orderTimestamps: Record<string, readonly string[]> = {
  pending: [],
  paid: ['paid_at'],
  shipped: ['paid_at', 'shipped_at'],
  delivered: ['paid_at', 'shipped_at', 'delivered_at'],
  refunded: ['paid_at'],
};
const orderPaymentStatuses: Record<string, readonly string[]> = {
  pending: ['pending', 'authorized'],
  paid: ['captured'],
  shipped: ['captured'],
  delivered: ['captured'],
  cancelled: ['failed', 'refunded'],
  refunded: ['refunded'],
};
const negativeWords =
  /(disappoint|not worth|broke|would not|poor|returned|not as described|save your money|waste|damaged|refund|cheap|never answered|stopped working|nothing like)/i;
const positiveWords =
  /(love|great|exactly|would buy|exceeded|highly|fantastic|five stars|solid|really happy|perfectly|excellent|better than)/i;

export function findRuleViolations(entity: string, record: Json): string[] {
  const problems: string[] = [];
  switch (entity) {
    case 'cart':
      checkMoney(record, problems);
      ordered(record, ['created_at', 'updated_at'], problems);
      if (String(record.cart_id).slice(4, 8) !== String(record.created_at).slice(0, 4))
        problems.push('cart_id year');
      break;
    case 'order': {
      checkMoney(record, problems);
      ordered(record, ['placed_at', 'paid_at', 'shipped_at', 'delivered_at'], problems);
      if (String(record.order_id).slice(4, 8) !== String(record.placed_at).slice(0, 4))
        problems.push('order_id year');
      const payment = record.payment as Json;
      if (cents(payment.amount) !== cents(record.total)) problems.push('payment.amount');
      const status = String(record.status);
      const present = ['paid_at', 'shipped_at', 'delivered_at'].filter((field) => record[field] !== null);
      const expected = orderTimestamps[status];
      if (expected !== undefined && present.join() !== expected.join())
        problems.push(`${status} with ${present.join()}`);
      if (status === 'cancelled' && present.some((field) => field !== 'paid_at'))
        problems.push('cancelled but shipped');
      if (status === 'cancelled' && (payment.status === 'refunded') !== present.includes('paid_at')) {
        problems.push('cancelled: refunded exactly when paid');
      }
      if (!(orderPaymentStatuses[status]?.includes(String(payment.status)) ?? false))
        problems.push(`payment.status ${String(payment.status)} for ${status}`);
      checkAddress(record.shipping_address as Json, 'shipping_address', problems);
      checkAddress(record.billing_address as Json, 'billing_address', problems);
      break;
    }
    case 'payment': {
      const card = record.method === 'credit_card' || record.method === 'debit_card';
      if (card !== (typeof record.card_last_four === 'string')) problems.push('card_last_four');
      if ((record.status === 'pending') !== (record.processed_at === null)) problems.push('processed_at');
      ordered(record, ['created_at', 'processed_at'], problems);
      break;
    }
    case 'user': {
      const local = String(record.email).split('@')[0] ?? '';
      const first = foldToAscii(String(record.first_name));
      const last = foldToAscii(String(record.last_name));
      if (!local.includes(first) && !local.includes(last))
        problems.push(`email ${String(record.email)} not from name`);
      if (!/^[\x20-\x7e]+$/.test(String(record.email))) problems.push('email is not ASCII');
      const addresses = record.addresses as Json[];
      addresses.forEach((address, index) => {
        checkAddress(address, `addresses[${index}]`, problems);
      });
      const country = String(addresses[0]?.country);
      const prefix: Record<string, string> = {
        US: '+1',
        CA: '+1',
        GB: '+44',
        DE: '+49',
        FR: '+33',
        AU: '+61',
      };
      if (!String(record.phone).startsWith(prefix[country] ?? '?'))
        problems.push(`phone ${String(record.phone)} not of ${country}`);
      ordered(record, ['created_at', 'updated_at'], problems);
      break;
    }
    case 'review': {
      const text = `${String(record.title)} ${String(record.body)}`;
      const rating = Number(record.rating);
      if (rating <= 2 && positiveWords.test(text)) problems.push(`positive words in a ${rating}-star review`);
      if (rating >= 4 && negativeWords.test(text)) problems.push(`negative words in a ${rating}-star review`);
      ordered(record, ['created_at', 'updated_at'], problems);
      break;
    }
  }
  return problems;
}
