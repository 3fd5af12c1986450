import { categoryAffinityGroups } from '../schema/entities/enum-values.js';

/** One weighted check of an entity's coherence; undefined when it does not apply to the record. */
export interface CoherenceCheck {
  readonly id: string;
  readonly weight: number;
  score(record: Readonly<Record<string, unknown>>): number | undefined;
}

type Row = Readonly<Record<string, unknown>>;

const cents = (value: unknown): number => (typeof value === 'number' ? Math.round(value * 100) : Number.NaN);
const time = (value: unknown): number => (typeof value === 'string' ? Date.parse(value) : Number.NaN);
const asRow = (value: unknown): Row => (typeof value === 'object' && value !== null ? (value as Row) : {});
const items = (record: Row): Row[] =>
  Array.isArray(record.items) ? (record.items as unknown[]).map(asRow) : [];
const share = (passed: number, total: number): number => (total === 0 ? 1 : passed / total);

/** All items' categories fall in one affinity group (1), else the largest share that does. */
function relatedCategories(record: Row): number | undefined {
  const categories = items(record).map((item) => item.category);
  if (categories.length === 0) return undefined;
  if (categories.length === 1) return 1;
  let best = 0;
  for (const group of categoryAffinityGroups) {
    const inGroup = categories.filter((category) => (group as readonly unknown[]).includes(category)).length;
    best = Math.max(best, inGroup);
  }
  // A basket with one stray item is still mostly coherent; two halves from unrelated groups are not.
  return best === categories.length ? 1 : Math.max(0, (best - 1) / (categories.length - 1)) * 0.5;
}

/** Whole quantities from 1 to 10 per line (the share of lines that are). */
function reasonableQuantities(record: Row): number | undefined {
  const lines = items(record);
  if (lines.length === 0) return undefined;
  const reasonable = (quantity: unknown) =>
    Number.isInteger(quantity) && (quantity as number) >= 1 && (quantity as number) <= 10;
  return share(lines.filter((item) => reasonable(item.quantity)).length, lines.length);
}

/** line_total = quantity × unit_price, subtotal = Σ, tax = subtotal × rate, total = subtotal + tax (+ shipping). */
function exactMoney(record: Row): number {
  let passed = 0;
  let total = 0;
  let sum = 0;
  for (const item of items(record)) {
    total += 1;
    const quantity = typeof item.quantity === 'number' ? item.quantity : Number.NaN;
    if (cents(item.line_total) === quantity * cents(item.unit_price)) passed += 1;
    sum += cents(item.line_total);
  }
  const subtotal = cents(record.subtotal);
  const tax = cents(record.tax);
  total += 3;
  if (sum === subtotal) passed += 1;
  if (typeof record.tax_rate !== 'number' || Math.abs(Math.round(subtotal * record.tax_rate) - tax) <= 1)
    passed += 1;
  const shipping = record.shipping_cost === undefined ? 0 : cents(record.shipping_cost);
  if (subtotal + tax + shipping === cents(record.total)) passed += 1;
  if (record.payment !== undefined) {
    total += 1;
    if (cents(asRow(record.payment).amount) === cents(record.total)) passed += 1;
  }
  return share(passed, total);
}

/** Present timestamps are in order; 1 or 0. */
function chronological(fields: readonly string[]): (record: Row) => number | undefined {
  return (record) => {
    let previous = Number.NEGATIVE_INFINITY;
    let seen = 0;
    for (const field of fields) {
      const value = record[field];
      if (value === null || value === undefined) continue;
      const at = time(value);
      if (!(at >= previous)) return 0;
      previous = at;
      seen += 1;
    }
    return seen < 2 ? undefined : 1;
  };
}

const orderTimestampsByStatus: Readonly<Record<string, readonly string[]>> = {
  pending: [],
  paid: ['paid_at'],
  shipped: ['paid_at', 'shipped_at'],
  delivered: ['paid_at', 'shipped_at', 'delivered_at'],
  cancelled: [],
  refunded: ['paid_at'],
};
const paymentStatusesByOrderStatus: Readonly<Record<string, readonly string[]>> = {
  pending: ['pending', 'authorized'],
  paid: ['captured'],
  shipped: ['captured'],
  delivered: ['captured'],
  cancelled: ['failed', 'refunded', 'pending', 'authorized'],
  refunded: ['refunded'],
};

/** The order's timestamps and payment status match its status. */
function orderStatusConsistency(record: Row): number | undefined {
  const status = String(record.status);
  const expected = orderTimestampsByStatus[status];
  const payments = paymentStatusesByOrderStatus[status];
  if (expected === undefined || payments === undefined) return undefined;
  const timestamps = expected.every((field) => record[field] !== null && record[field] !== undefined) ? 1 : 0;
  const payment = payments.includes(String(asRow(record.payment).status)) ? 1 : 0;
  return (timestamps + payment) / 2;
}

const positiveWords =
  /\b(love|great|excellent|perfect|amazing|recommend|happy|fantastic|best|works well|good)\b/i;
const negativeWords =
  /\b(broke|broken|terrible|awful|refund|disappoint|waste|poor|worst|stopped working|not recommend|bad)\b/i;

/** High ratings read positive and low ratings negative. */
function toneMatchesRating(record: Row): number | undefined {
  if (typeof record.rating !== 'number') return undefined;
  const text = `${typeof record.title === 'string' ? record.title : ''} ${typeof record.body === 'string' ? record.body : ''}`;
  const positive = positiveWords.test(text);
  const negative = negativeWords.test(text);
  if (record.rating >= 4) return negative && !positive ? 0 : 1;
  if (record.rating <= 2) return positive && !negative ? 0 : 1;
  return 1;
}

/** Lower-case ASCII letters only: "José-Luis" → "joseluis". */
function foldName(name: unknown): string {
  return typeof name === 'string'
    ? name
        .normalize('NFKD')
        .replace(/[^A-Za-z]/g, '')
        .toLowerCase()
    : '';
}

function emailFromName(record: Row): number | undefined {
  if (typeof record.email !== 'string') return undefined;
  const local = record.email.toLowerCase().split('@')[0] ?? '';
  const names = [foldName(record.first_name), foldName(record.last_name)].filter((name) => name !== '');
  if (names.length === 0) return undefined;
  return names.some((name) => local.includes(name)) ? 1 : 0;
}

const callingCodes: Readonly<Record<string, string>> = {
  US: '+1',
  CA: '+1',
  GB: '+44',
  DE: '+49',
  FR: '+33',
  AU: '+61',
};

function phoneMatchesCountry(record: Row): number | undefined {
  const addresses = Array.isArray(record.addresses) ? (record.addresses as unknown[]).map(asRow) : [];
  const code = callingCodes[String(addresses[0]?.country)];
  if (code === undefined || typeof record.phone !== 'string') return undefined;
  return record.phone.startsWith(code) ? 1 : 0;
}

function cardDetailsMatchMethod(record: Row): number {
  const isCard = record.method === 'credit_card' || record.method === 'debit_card';
  return isCard === (typeof record.card_last_four === 'string') ? 1 : 0;
}

function processedMatchesStatus(record: Row): number {
  return (record.status === 'pending') === (record.processed_at === null || record.processed_at === undefined)
    ? 1
    : 0;
}

export const coherenceRulesByEntity: Readonly<Record<string, readonly CoherenceCheck[]>> = {
  cart: [
    { id: 'cart.related_categories', weight: 0.3, score: relatedCategories },
    { id: 'cart.reasonable_quantities', weight: 0.2, score: reasonableQuantities },
    { id: 'cart.money', weight: 0.3, score: exactMoney },
    { id: 'cart.chronological', weight: 0.2, score: chronological(['created_at', 'updated_at']) },
  ],
  order: [
    { id: 'order.related_categories', weight: 0.2, score: relatedCategories },
    { id: 'order.reasonable_quantities', weight: 0.1, score: reasonableQuantities },
    { id: 'order.money', weight: 0.3, score: exactMoney },
    {
      id: 'order.chronological',
      weight: 0.2,
      score: chronological(['placed_at', 'paid_at', 'shipped_at', 'delivered_at']),
    },
    { id: 'order.status', weight: 0.2, score: orderStatusConsistency },
  ],
  payment: [
    { id: 'payment.card_details', weight: 0.4, score: cardDetailsMatchMethod },
    { id: 'payment.processed_at', weight: 0.3, score: processedMatchesStatus },
    { id: 'payment.chronological', weight: 0.3, score: chronological(['created_at', 'processed_at']) },
  ],
  user: [
    { id: 'user.email_from_name', weight: 0.5, score: emailFromName },
    { id: 'user.phone_country', weight: 0.2, score: phoneMatchesCountry },
    { id: 'user.chronological', weight: 0.3, score: chronological(['created_at', 'updated_at']) },
  ],
  review: [
    { id: 'review.tone_matches_rating', weight: 0.5, score: toneMatchesRating },
    { id: 'review.chronological', weight: 0.5, score: chronological(['created_at', 'updated_at']) },
  ],
};
