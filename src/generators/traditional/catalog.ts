import { categoryAffinityGroups, type ProductCategory } from '../../schema/entities/index.js';
import { productAdjectives } from './locale-tables.js';
import type { Random } from './random.js';

/**
 * The product catalogue behind line items: every category has its SKU code, nouns, materials, sizes and a
 * realistic price range, so a SKU `{BRAND}-{CAT}-{COLOR}-{SIZE}` and the item's name and price agree with
 * its category. Categories are grouped by what people buy together; one cart draws from one group.
 */

export interface CategoryProfile {
  readonly category: ProductCategory;
  readonly code: string;
  readonly nouns: readonly string[];
  readonly materials: readonly string[];
  readonly sizes: readonly string[];
  readonly brands: readonly string[];
  /** Typical unit price range in cents. */
  readonly minCents: number;
  readonly maxCents: number;
}

const techBrands = ['VOLTA', 'NEXON', 'ORBIT', 'PIXELA', 'ZENTEK', 'KORU', 'AXIOM', 'LUMEN'];
const homeBrands = ['HEARTH', 'OAKLY', 'NESTA', 'CASA', 'LINDEN', 'MAPLE', 'TERRA', 'HOLM'];
const fashionBrands = ['AURA', 'VELOUR', 'NORTHA', 'MODA', 'LUXE', 'STRIDE', 'ELAN', 'KINFOLK'];
const activeBrands = ['SUMMIT', 'TRAIL', 'PEAKX', 'RIDGE', 'VELO', 'AERO', 'ALPINE', 'TEMPO'];
const familyBrands = ['JOLLY', 'BRIGHT', 'PAGEONE', 'WONDER', 'TINKER', 'QUILL', 'SPROUT', 'HARVEST'];

const apparelSizes = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const shoeSizes = ['5', '6', '7', '8', '9', '10', '11', '12', '13'];
const oneSize = ['OS'];

const profiles: readonly CategoryProfile[] = [
  {
    category: 'electronics',
    code: 'ELE',
    nouns: ['Smartphone', 'Tablet', 'Smartwatch', 'Camera', 'Charger', 'Power Bank', 'TV', 'Drone'],
    materials: [],
    sizes: ['32G', '64G', '128G', '256G', 'OS'],
    brands: techBrands,
    minCents: 1_999,
    maxCents: 129_999,
  },
  {
    category: 'computers',
    code: 'CMP',
    nouns: ['Laptop', 'Keyboard', 'Mouse', 'Monitor', 'SSD', 'Webcam', 'Router', 'Docking Station'],
    materials: ['Aluminum', 'Plastic'],
    sizes: ['13IN', '15IN', '1TB', '512G', 'OS'],
    brands: techBrands,
    minCents: 1_499,
    maxCents: 249_999,
  },
  {
    category: 'audio',
    code: 'AUD',
    nouns: ['Headphones', 'Earbuds', 'Speaker', 'Soundbar', 'Turntable', 'Microphone'],
    materials: ['Aluminum', 'Plastic', 'Wooden'],
    sizes: oneSize,
    brands: techBrands,
    minCents: 1_999,
    maxCents: 59_999,
  },
  {
    category: 'home',
    code: 'HOM',
    nouns: ['Lamp', 'Throw Blanket', 'Pillow', 'Rug', 'Candle', 'Vase', 'Mirror', 'Towels'],
    materials: ['Cotton', 'Ceramic', 'Bamboo', 'Marble'],
    sizes: ['S', 'M', 'L', 'OS'],
    brands: homeBrands,
    minCents: 899,
    maxCents: 24_999,
  },
  {
    category: 'kitchen',
    code: 'KIT',
    nouns: ['Knife Set', 'Frying Pan', 'Blender', 'Coffee Maker', 'Cutting Board', 'Mixing Bowl', 'Kettle'],
    materials: ['Steel', 'Ceramic', 'Bamboo', 'Wooden'],
    sizes: ['S', 'M', 'L', 'OS'],
    brands: homeBrands,
    minCents: 999,
    maxCents: 39_999,
  },
  {
    category: 'furniture',
    code: 'FUR',
    nouns: ['Chair', 'Table', 'Bookshelf', 'Desk', 'Sofa', 'Bed Frame', 'Nightstand'],
    materials: ['Wooden', 'Steel', 'Bamboo', 'Marble'],
    sizes: ['S', 'M', 'L', 'XL'],
    brands: homeBrands,
    minCents: 4_999,
    maxCents: 199_999,
  },
  {
    category: 'garden',
    code: 'GRD',
    nouns: ['Planter', 'Garden Hose', 'Pruning Shears', 'Bird Feeder', 'Patio Chair', 'Lawn Sprinkler'],
    materials: ['Ceramic', 'Steel', 'Wooden', 'Rubber'],
    sizes: ['S', 'M', 'L', 'OS'],
    brands: homeBrands,
    minCents: 799,
    maxCents: 29_999,
  },
  {
    category: 'clothing',
    code: 'CLO',
    nouns: ['Shirt', 'Jacket', 'Sweater', 'Jeans', 'Dress', 'Hoodie', 'T-Shirt'],
    materials: ['Cotton', 'Silk'],
    sizes: apparelSizes,
    brands: fashionBrands,
    minCents: 1_299,
    maxCents: 24_999,
  },
  {
    category: 'shoes',
    code: 'SHO',
    nouns: ['Sneakers', 'Boots', 'Sandals', 'Loafers', 'Running Shoes'],
    materials: ['Rubber', 'Cotton'],
    sizes: shoeSizes,
    brands: fashionBrands,
    minCents: 2_999,
    maxCents: 29_999,
  },
  {
    category: 'accessories',
    code: 'ACC',
    nouns: ['Wallet', 'Belt', 'Sunglasses', 'Watch', 'Backpack', 'Scarf', 'Hat'],
    materials: ['Gold', 'Steel', 'Cotton', 'Silk'],
    sizes: oneSize,
    brands: fashionBrands,
    minCents: 999,
    maxCents: 49_999,
  },
  {
    category: 'beauty',
    code: 'BEA',
    nouns: ['Face Cream', 'Shampoo', 'Lipstick', 'Perfume', 'Serum', 'Soap'],
    materials: [],
    sizes: ['50ML', '100M', 'OS'],
    brands: fashionBrands,
    minCents: 499,
    maxCents: 14_999,
  },
  {
    category: 'sports',
    code: 'SPO',
    nouns: ['Yoga Mat', 'Dumbbells', 'Tennis Racket', 'Football', 'Bike Helmet', 'Jump Rope'],
    materials: ['Rubber', 'Steel', 'Plastic'],
    sizes: ['S', 'M', 'L', 'OS'],
    brands: activeBrands,
    minCents: 999,
    maxCents: 34_999,
  },
  {
    category: 'outdoors',
    code: 'OUT',
    nouns: ['Tent', 'Sleeping Bag', 'Hiking Backpack', 'Headlamp', 'Camping Stove', 'Water Bottle'],
    materials: ['Steel', 'Aluminum', 'Cotton'],
    sizes: ['S', 'M', 'L', 'OS'],
    brands: activeBrands,
    minCents: 1_499,
    maxCents: 59_999,
  },
  {
    category: 'toys',
    code: 'TOY',
    nouns: ['Building Blocks', 'Puzzle', 'Plush Bear', 'Board Game', 'Toy Car', 'Doll'],
    materials: ['Wooden', 'Plastic', 'Cotton'],
    sizes: oneSize,
    brands: familyBrands,
    minCents: 599,
    maxCents: 14_999,
  },
  {
    category: 'books',
    code: 'BOK',
    nouns: ['Novel', 'Cookbook', 'Biography', 'Travel Guide', 'Notebook', 'Picture Book'],
    materials: [],
    sizes: ['PB', 'HC', 'OS'],
    brands: familyBrands,
    minCents: 499,
    maxCents: 5_999,
  },
  {
    category: 'grocery',
    code: 'GRO',
    nouns: ['Coffee Beans', 'Olive Oil', 'Green Tea', 'Pasta', 'Granola', 'Dark Chocolate', 'Honey'],
    materials: [],
    sizes: ['250G', '500G', '1KG', 'OS'],
    brands: familyBrands,
    minCents: 199,
    maxCents: 4_999,
  },
];

export const categoryProfiles: Readonly<Record<ProductCategory, CategoryProfile>> = Object.fromEntries(
  profiles.map((profile) => [profile.category, profile]),
) as Record<ProductCategory, CategoryProfile>;

/** Categories bought together; a category may sit in several groups. */
/** The baskets a cart's items are drawn from: the same groups the coherence scorer checks. */
export const categoryGroups: readonly (readonly ProductCategory[])[] = categoryAffinityGroups;

export interface Color {
  readonly code: string;
  readonly name: string;
}

export const colors: readonly Color[] = [
  { code: 'BLK', name: 'Black' },
  { code: 'WHT', name: 'White' },
  { code: 'GRY', name: 'Grey' },
  { code: 'SLV', name: 'Silver' },
  { code: 'BLU', name: 'Blue' },
  { code: 'NVY', name: 'Navy' },
  { code: 'RED', name: 'Red' },
  { code: 'GRN', name: 'Green' },
  { code: 'BEI', name: 'Beige' },
  { code: 'BRN', name: 'Brown' },
  { code: 'PNK', name: 'Pink' },
  { code: 'YLW', name: 'Yellow' },
];

const foodAdjectives = ['Fresh', 'Tasty', 'Organic', 'Artisan', 'Premium'];
const generalAdjectives = productAdjectives.filter((word) => !['Tasty', 'Fresh', 'Frozen'].includes(word));

const brandNames = new Map(
  profiles
    .flatMap((profile) => profile.brands)
    .map((brand) => [brand, brand.charAt(0) + brand.slice(1).toLowerCase()]),
);

export interface Product {
  readonly sku: string;
  readonly name: string;
  readonly category: ProductCategory;
}

/**
 * The strings a product is made of, joined once and reused: a cart writes about three products, and
 * building each SKU and name from five or six pieces was a large share of the garbage per record. Filled
 * on first use (start-up stays cheap), at most a few thousand short strings per category.
 */
interface ProductStrings {
  /** `{BRAND}-{CAT}-{COLOR}-{SIZE}` by (brand × colors + color) × sizes + size. */
  readonly skus: (string | undefined)[];
  /** `, {Color}` or `, {Color} ({SIZE})` by color × sizes + size. */
  readonly suffixes: (string | undefined)[];
  /** `{Brand} {Adjective} ` by brand × adjectives + adjective. */
  readonly brandAdjectives: (string | undefined)[];
  /** `{Noun}` or `{Material} {Noun}` by (material + 1) × nouns + noun (material −1: none). */
  readonly materialNouns: (string | undefined)[];
}

const productStrings = new Map<CategoryProfile, ProductStrings>();

function productStringsOf(profile: CategoryProfile): ProductStrings {
  let strings = productStrings.get(profile);
  if (strings === undefined) {
    strings = { skus: [], suffixes: [], brandAdjectives: [], materialNouns: [] };
    productStrings.set(profile, strings);
  }
  return strings;
}

/** A product of `category` whose SKU, name and size agree. */
export function pickProduct(random: Random, profile: CategoryProfile): Product {
  // The draws (and so the products) are those of picking brand, color, size, noun, adjective, material.
  const strings = productStringsOf(profile);
  const { brands, sizes, nouns, materials } = profile;
  const brandIndex = random.below(brands.length);
  const colorIndex = random.below(colors.length);
  const sizeIndex = random.below(sizes.length);
  const nounIndex = random.below(nouns.length);
  const adjectives = profile.category === 'grocery' ? foodAdjectives : generalAdjectives;
  const adjectiveIndex = random.below(adjectives.length);
  const materialIndex = materials.length > 0 && random.chance(0.5) ? random.below(materials.length) : -1;

  const brand = brands[brandIndex] ?? '';
  const color = colors[colorIndex] ?? { code: '', name: '' };
  const size = sizes[sizeIndex] ?? '';
  const skuSlot = (brandIndex * colors.length + colorIndex) * sizes.length + sizeIndex;
  const sku = (strings.skus[skuSlot] ??= `${brand}-${profile.code}-${color.code}-${size}`);
  const brandAdjectiveSlot = brandIndex * adjectives.length + adjectiveIndex;
  const brandAdjective = (strings.brandAdjectives[brandAdjectiveSlot] ??=
    `${brandNames.get(brand) ?? brand} ${adjectives[adjectiveIndex] ?? ''} `);
  const noun = nouns[nounIndex] ?? '';
  const materialNoun = (strings.materialNouns[(materialIndex + 1) * nouns.length + nounIndex] ??=
    materialIndex < 0 ? noun : `${materials[materialIndex] ?? ''} ${noun}`);
  if (profile.category === 'grocery' || profile.category === 'books') {
    return { sku, name: brandAdjective + materialNoun, category: profile.category };
  }
  const suffix = (strings.suffixes[colorIndex * sizes.length + sizeIndex] ??=
    `, ${color.name}${size === 'OS' ? '' : ` (${size})`}`);
  return { sku, name: brandAdjective + materialNoun + suffix, category: profile.category };
}
