import { describe, expect, it } from 'vitest';
import { createHashingEmbedder, embedText } from './hashing-embedder.js';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);
const bytes = (vector: Float32Array) =>
  Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('hex');

describe('createHashingEmbedder', () => {
  it('is deterministic: the same text gives identical vector bytes, across calls and instances', async () => {
    const text = 'Holiday cart with 3 gifts for José — order REF-000123 shipped';
    const [first] = await createHashingEmbedder().embed([text]);
    const [second] = await createHashingEmbedder().embed([text, 'something else']);
    expect(bytes(first!)).toBe(bytes(second!));
    expect(bytes(first!)).toBe(bytes(embedText(text, 384)));
    // Pinned so that a change of hashing or weighting (which would silently change every stored ranking) is seen.
    expect(Array.from(first!.slice(0, 4), (x) => x.toFixed(6))).toMatchSnapshot();
  });

  it('has the configured dimensions and unit length', async () => {
    const embedder = createHashingEmbedder({ dimensions: 64 });
    expect(embedder.dimensions).toBe(64);
    expect(embedder.name).toBe('hashing-64');
    const [vector] = await embedder.embed(['a fairly ordinary sentence about shopping carts']);
    expect(vector).toBeInstanceOf(Float32Array);
    expect(vector).toHaveLength(64);
    expect(dot(vector!, vector!)).toBeCloseTo(1, 5);
  });

  it('gives an empty text the zero vector and rejects silly dimensions', async () => {
    const [vector] = await createHashingEmbedder().embed(['  —  ']);
    expect(vector!.every((x) => x === 0)).toBe(true);
    expect(() => createHashingEmbedder({ dimensions: 0 })).toThrow(RangeError);
  });

  it('puts similar texts closer than unrelated ones', async () => {
    const [cart, cartLike, unrelated] = await createHashingEmbedder().embed([
      'ecommerce shopping cart with holiday gifts and wrapping paper',
      'holiday gifts in a shopping cart, gift wrapping',
      'patient appointment rescheduled by the cardiology clinic',
    ]);
    expect(dot(cart!, cartLike!)).toBeGreaterThan(dot(cart!, unrelated!) + 0.2);
  });

  it('normalises case and accents, and character 3-grams tolerate inflections', async () => {
    const [a, b, plural, other] = await createHashingEmbedder().embed([
      'JOSÉ Álvarez',
      'jose alvarez',
      'payments',
      'weather',
    ]);
    expect(bytes(a!)).toBe(bytes(b!));
    const [payment] = await createHashingEmbedder().embed(['payment']);
    expect(dot(payment!, plural!)).toBeGreaterThan(0.3);
    expect(dot(payment!, other!)).toBeLessThan(0.2);
  });
});
