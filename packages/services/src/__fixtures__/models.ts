// Models shared by the test worker and the Node side of the tests (which creates their tables).
import { defineModel, type Model, ServiceError } from '../index.js';

export const users: Model = defineModel({
  name: 'users',
  fields: {
    email: { type: 'text', required: true, unique: true, maxLength: 200, pattern: /^[^@\s]+@[^@\s]+$/ },
    name: { type: 'text', required: true, minLength: 1, maxLength: 100 },
    age: { type: 'integer', min: 0, max: 150 },
    score: { type: 'real' },
    active: { type: 'boolean', default: true },
    role: { type: 'text', enum: ['admin', 'member'], default: 'member' },
    meta: { type: 'json' },
    born: { type: 'timestamp' },
    secret_note: { type: 'text', hidden: true },
    nickname: { type: 'text', validate: (v) => (String(v).includes('!') ? 'must not contain "!"' : true) },
  },
});

export const notes: Model = defineModel({
  name: 'notes',
  softDelete: true,
  fields: {
    title: { type: 'text', required: true, maxLength: 120 },
    body: { type: 'text' },
    owner: { type: 'text' },
  },
  hooks: {
    before: {
      create: [
        (data) => ({ ...data, title: String(data.title).trim() }),
        (data) => {
          if (data.title === 'forbidden')
            throw new ServiceError('HOOK_VETO', 'this title is not allowed', { status: 422 });
        },
      ],
      delete: (input) => {
        if (input.id === 'protected') throw new ServiceError('HOOK_VETO', 'protected', { status: 403 });
      },
    },
    after: {
      get: (row) => ({ ...row, viewed: true }),
    },
  },
});

/** Declared but never migrated: querying it fails inside D1. */
export const ghosts: Model = defineModel({ name: 'ghosts', fields: { label: { type: 'text' } } });

export const items: Model = defineModel({
  name: 'items',
  timestamps: false,
  fields: { label: { type: 'text', required: true }, qty: { type: 'integer', default: 0 } },
});
