import type { EntitySchema } from '../model.js';
import { stringField, timestampField } from './field-builders.js';

export const reviewSchema: EntitySchema = {
  name: 'review',
  domain: 'ecommerce',
  description: 'A product review: a 1..5 star rating with a title and a body whose tone matches the rating.',
  fields: [
    stringField('review_id', 'Review id REV-{year}-{7 digits}.', { regex: '^REV-\\d{4}-\\d{7}$' }),
    stringField('product_id', 'The reviewed product, PRD- and 7 digits.', { regex: '^PRD-\\d{7}$' }),
    stringField('user_id', 'The reviewer, USR- and 7 digits.', { regex: '^USR-\\d{7}$' }),
    {
      name: 'rating',
      type: 'integer',
      required: true,
      description: 'Stars, 1 (worst) to 5 (best).',
      constraints: { min: 1, max: 5 },
    },
    stringField('title', 'Review headline (1..120 characters).', { minLength: 1, maxLength: 120 }),
    stringField('body', 'Review text (1..2000 characters); its tone matches the rating.', {
      minLength: 1,
      maxLength: 2000,
    }),
    {
      name: 'verified_purchase',
      type: 'boolean',
      required: true,
      description: 'Whether the reviewer bought the product.',
    },
    {
      name: 'helpful_votes',
      type: 'integer',
      required: true,
      description: 'How many readers found the review helpful.',
      constraints: { min: 0 },
    },
    timestampField('created_at', 'When the review was written (UTC).'),
    timestampField('updated_at', 'When it was last edited (UTC), not before created_at.'),
  ],
  coherenceRules: [
    { id: 'review.body_tone_matches_rating', description: 'The tone of title and body matches the rating.' },
    { id: 'review.created_at_not_after_updated_at', description: 'created_at ≤ updated_at.' },
    { id: 'review.review_id_unique', description: 'review_id is unique within a response.' },
  ],
};
