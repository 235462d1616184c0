/** A record as the API sees it: column name to decoded value. */
export type Row = Record<string, unknown>;

export const FILTER_OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'like', 'in'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface FilterCondition {
  field: string;
  op: FilterOperator;
  /** Decoded value(s) of the field's type; an array for `in`. */
  value: unknown;
}

export interface SortKey {
  field: string;
  direction: 'asc' | 'desc';
}

export interface ListQuery {
  filter: FilterCondition[];
  sort: SortKey[];
  page: number;
  limit: number;
}

export interface Pagination {
  page: number;
  limit: number;
  total: number;
  totalPages: number;
  hasNext: boolean;
  hasPrev: boolean;
}

export interface ListResult {
  data: Row[];
  pagination: Pagination;
}
