import type { Model } from '../models/define-model.js';
import type { RouteInfo } from './resource.js';

export interface ManifestField {
  type: string;
  required: boolean;
  unique: boolean;
  default?: unknown;
  enum?: readonly (string | number)[];
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

export interface ManifestResource {
  name: string;
  path: string;
  fields: Record<string, ManifestField>;
  /** Columns the service maintains; clients read them but never send them. */
  managedFields: string[];
  softDelete: boolean;
  filterOperators: string[];
  pagination: { defaultLimit: number; maxLimit: number };
  auth: { read: 'public' | 'required' | 'none'; write: 'required' | 'none' };
}

export interface ServiceManifest {
  service: string;
  version: string;
  environment: string;
  resources: ManifestResource[];
  routes: RouteInfo[];
}

/** What a client needs to know about a model's fields (hidden fields and validator functions left out). */
export function describeFields(model: Model): Record<string, ManifestField> {
  const out: Record<string, ManifestField> = {};
  for (const [name, field] of Object.entries(model.fields)) {
    if (field.hidden) continue;
    const entry: ManifestField = {
      type: field.type,
      required: field.required ?? false,
      unique: field.unique ?? false,
    };
    if (field.default !== undefined && typeof field.default !== 'function') entry.default = field.default;
    if (field.enum) entry.enum = field.enum;
    for (const key of ['min', 'max', 'minLength', 'maxLength'] as const) {
      if (field[key] !== undefined) entry[key] = field[key];
    }
    if (field.pattern) entry.pattern = field.pattern.source;
    out[name] = entry;
  }
  return out;
}

export function describeResource(
  model: Model,
  basePath: string,
  auth: ManifestResource['auth'],
): ManifestResource {
  return {
    name: model.name,
    path: `${basePath}/${model.name}`,
    fields: describeFields(model),
    managedFields: model.columns.filter((c) => !(c in model.fields) && c !== 'deleted_at'),
    softDelete: model.softDelete,
    filterOperators: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'like', 'in'],
    pagination: { ...model.pagination },
    auth,
  };
}
