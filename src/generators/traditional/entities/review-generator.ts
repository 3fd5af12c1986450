import { pinnedNumber, type EntityGeneratorFactory } from '../entity-generator.js';
import { assertSupportedConstraints, integerRange, lengthRange, preferRange } from '../entity-options.js';
import { createIdPermutation, createYearIdFormatter } from '../id-permutation.js';
import { cumulativeWeights, hashString } from '../random.js';
import { fitLength, reviewBody, reviewProducts, reviewTitle, toneOf } from '../review-text.js';
import { DAY_MS, HOUR_MS, REFERENCE_INSTANT_MS, formatTimestamp, yearOf } from '../timestamps.js';

/** Star ratings skew positive, as on real shops (index 0 = 1 star). */
const ratingWeights = [12, 8, 15, 25, 40];

const formatReviewId = createYearIdFormatter('REV-');

/** Reviews: the title and body tone follow the rating; created_at ≤ updated_at. */
export const createReviewGenerator: EntityGeneratorFactory = ({ schema, constraints, seed }) => {
  assertSupportedConstraints('review', schema, constraints, {
    supported: ['rating', 'helpful_votes', 'title', 'body'],
    derived: {},
  });
  const rating = integerRange(schema, 'rating', { min: 1, max: 5 });
  const ratingCumulative = cumulativeWeights(
    ratingWeights.map((weight, star) => (star + 1 >= rating.min && star + 1 <= rating.max ? weight : 0)),
  );
  const anyRating = rating.max < 1 || rating.min > 5 || ratingCumulative[ratingCumulative.length - 1] === 0;
  const votes = integerRange(schema, 'helpful_votes', { min: 0, max: 1_000_000 });
  const typicalVotes = preferRange({ min: 0, max: 40 }, votes);
  const titleLength = lengthRange(schema, 'title', { min: 1, max: 120 });
  const bodyLength = lengthRange(schema, 'body', { min: 1, max: 2000 });
  const reviewNumber = createIdPermutation(seed, hashString('review'));

  return {
    generate(random, index, scenario, inputs) {
      const pinnedRating = pinnedNumber(inputs, 'rating');
      const stars =
        pinnedRating ??
        (anyRating ? random.int(rating.min, rating.max) : random.weighted(ratingCumulative) + 1);
      const tone = toneOf(stars);
      const product = random.below(reviewProducts.length);
      const createdMs = REFERENCE_INSTANT_MS - random.int(HOUR_MS, 720 * DAY_MS);
      const createdAt = formatTimestamp(createdMs);
      const edited = random.chance(0.2);
      const pinnedVotes = pinnedNumber(inputs, 'helpful_votes');
      const verified = inputs?.get('verified_purchase');
      return {
        review_id: formatReviewId(yearOf(createdMs), reviewNumber(index)),
        product_id: `PRD-${random.digits(7)}`,
        user_id: `USR-${random.digits(7)}`,
        rating: stars,
        title: fitLength(reviewTitle(random, tone, product), titleLength.min, titleLength.max),
        body: fitLength(reviewBody(random, tone, product, random.int(1, 5)), bodyLength.min, bodyLength.max),
        verified_purchase: typeof verified === 'boolean' ? verified : random.chance(0.8),
        helpful_votes:
          pinnedVotes ??
          typicalVotes.min + Math.floor(random.float() ** 3 * (typicalVotes.max - typicalVotes.min + 1)),
        created_at: createdAt,
        updated_at: edited
          ? formatTimestamp(Math.min(REFERENCE_INSTANT_MS, createdMs + random.int(HOUR_MS, 30 * DAY_MS)))
          : createdAt,
        _index: index,
        _scenario: scenario,
      };
    },
  };
};
