import type { EntitySchema } from '../model.js';
import { addressFields } from './address.js';
import { enumField, stringField, timestampField } from './field-builders.js';
import { loyaltyTiers } from './enum-values.js';

export const userSchema: EntitySchema = {
  name: 'user',
  domain: 'ecommerce',
  description: 'A customer account with contact details, 1..3 addresses and a loyalty tier.',
  fields: [
    stringField('user_id', 'User id USR- and 7 digits.', { regex: '^USR-\\d{7}$' }),
    { name: 'email', type: 'email', required: true, description: 'Email address derived from the name.' },
    stringField('first_name', 'Given name.', { minLength: 1 }),
    stringField('last_name', 'Family name.', { minLength: 1 }),
    {
      name: 'phone',
      type: 'phone',
      required: true,
      description: "E.164-like phone number (+ and 7..15 digits) of the first address's country.",
      constraints: { regex: '^\\+\\d{7,15}$' },
    },
    {
      name: 'addresses',
      type: 'array',
      required: true,
      description: 'The postal addresses (1..3); the first is the primary one.',
      constraints: { min: 1, max: 3 },
      items: {
        name: 'addresses',
        type: 'address',
        required: true,
        description: 'One address.',
        fields: addressFields,
      },
    },
    enumField('loyalty_tier', 'Loyalty program tier.', loyaltyTiers),
    timestampField('created_at', 'When the account was created (UTC).'),
    timestampField('updated_at', 'When the account last changed (UTC), not before created_at.'),
  ],
  coherenceRules: [
    { id: 'user.email_matches_name', description: 'The email is derived from first_name and last_name.' },
    {
      id: 'user.phone_matches_country',
      description: "The phone number belongs to the first address's country.",
    },
    {
      id: 'user.addresses_are_real_places',
      description: 'Each address has a city, state, zip_code and country of one real place.',
    },
    { id: 'user.created_at_not_after_updated_at', description: 'created_at ≤ updated_at.' },
    { id: 'user.user_id_unique', description: 'user_id is unique within a response.' },
  ],
};
