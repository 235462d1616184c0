// The baseline of the runtime benchmark: the items API written by hand on Hono + D1, with the features the
// generated service has on (request id, one JSON log line per request, API key on writes, public reads,
// input validation, the same SQL and the same response shapes). Bundled by wrangler like the generated one.
import { Hono } from 'hono';

interface D1Statement {
  bind(...values: unknown[]): D1Statement;
  first<T = Record<string, unknown>>(): Promise<T | null>;
}
interface D1Database {
  prepare(sql: string): D1Statement;
  batch<T = Record<string, unknown>>(statements: D1Statement[]): Promise<{ results: T[] }[]>;
}
type Env = { Bindings: { DB: D1Database; API_KEY: string }; Variables: { requestId: string } };
type Item = Record<string, unknown>;

const COLUMNS = '"id", "name", "sku", "price", "in_stock", "created_at", "updated_at"';
const SKU = /^[A-Z0-9-]{3,32}$/;
const FIELDS = new Set(['name', 'sku', 'price', 'in_stock']);
const SORTABLE = new Set(['id', 'name', 'sku', 'price', 'in_stock', 'created_at', 'updated_at']);
const OPS: Record<string, string> = { eq: '=', ne: 'IS NOT', gt: '>', gte: '>=', lt: '<', lte: '<=' };

class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 409,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

function decode(row: Item): Item {
  return { ...row, in_stock: row.in_stock === null ? null : row.in_stock === 1 };
}

const enc = new TextEncoder();
// The configured key's digest is computed once per isolate (the generated service does the same), so each
// request hashes only the presented key.
const expectedDigests = new Map<string, Uint8Array>();

async function sameKey(presented: string, expected: string): Promise<boolean> {
  let y = expectedDigests.get(expected);
  if (!y) {
    y = new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(expected)));
    expectedDigests.set(expected, y);
  }
  const x = new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(presented)));
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= (x[i] as number) ^ (y[i] as number);
  return diff === 0;
}

function filterValue(field: string, raw: string): unknown {
  if (field === 'in_stock') {
    if (raw === 'true' || raw === '1') return 1;
    if (raw === 'false' || raw === '0') return 0;
    throw new HttpError(400, 'INVALID_QUERY', `filter value for ${field} must be a boolean`);
  }
  if (field === 'price') {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n))
      throw new HttpError(400, 'INVALID_QUERY', 'filter value for price must be a finite number');
    return n;
  }
  return raw;
}

function validate(body: unknown): Item {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new HttpError(400, 'VALIDATION_FAILED', 'the body must be a JSON object');
  const input = body as Item;
  const issues: { field: string; code: string; message: string }[] = [];
  for (const key of Object.keys(input))
    if (!FIELDS.has(key)) issues.push({ field: key, code: 'unknown', message: 'is not a field of items' });
  const { name, sku, price, in_stock } = input;
  if (typeof name !== 'string' || name.length > 200)
    issues.push({ field: 'name', code: 'type', message: 'must be a string of at most 200 characters' });
  if (typeof sku !== 'string' || !SKU.test(sku))
    issues.push({ field: 'sku', code: 'pattern', message: 'must match the SKU pattern' });
  if (price !== undefined && price !== null && (typeof price !== 'number' || !(price >= 0)))
    issues.push({ field: 'price', code: 'min', message: 'must be a number >= 0' });
  if (in_stock !== undefined && typeof in_stock !== 'boolean')
    issues.push({ field: 'in_stock', code: 'type', message: 'must be a boolean' });
  if (issues.length > 0) throw new HttpError(400, 'VALIDATION_FAILED', 'invalid items', issues);
  return { name, sku, price: price ?? null, in_stock: in_stock ?? true };
}

const app: Hono<Env> = new Hono<Env>();

app.use('*', async (c, next) => {
  const started = Date.now();
  const id = c.req.header('X-Request-Id') ?? crypto.randomUUID();
  c.set('requestId', id);
  await next();
  c.res.headers.set('X-Request-Id', id);
  console.log(
    JSON.stringify({
      level: c.res.status >= 500 ? 'error' : c.res.status >= 400 ? 'warn' : 'info',
      msg: 'request',
      requestId: id,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Date.now() - started,
    }),
  );
});

app.onError((error, c) => {
  const requestId = c.get('requestId');
  if (error instanceof HttpError) {
    const body = { code: error.code, message: error.message, details: error.details, requestId };
    return c.json({ success: false, error: body }, error.status);
  }
  console.log(JSON.stringify({ level: 'error', msg: 'unhandled error', requestId, error: error.message }));
  return c.json(
    { success: false, error: { code: 'INTERNAL_ERROR', message: 'internal error', requestId } },
    500,
  );
});

app.get('/api/items/:id', async (c) => {
  const id = c.req.param('id');
  const row = await c.env.DB.prepare(`SELECT ${COLUMNS} FROM "items" WHERE "id" = ? LIMIT 1`)
    .bind(id)
    .first();
  if (!row) throw new HttpError(404, 'NOT_FOUND', `items ${JSON.stringify(id)} not found`);
  return c.json({ success: true, data: decode(row) });
});

app.get('/api/items', async (c) => {
  const where: string[] = [];
  const params: unknown[] = [];
  let page = 1;
  let limit = 20;
  let order = '"created_at" DESC';
  for (const [key, value] of new URL(c.req.url).searchParams) {
    if (key === 'page' || key === 'limit') {
      const n = Number(value);
      if (!Number.isSafeInteger(n) || n < 1 || (key === 'limit' && n > 100))
        throw new HttpError(400, 'INVALID_QUERY', `${key} is out of range`);
      if (key === 'page') page = n;
      else limit = n;
    } else if (key === 'sort') {
      order = value
        .split(',')
        .map((part) => {
          const field = part.replace(/^[-+]/, '');
          if (!SORTABLE.has(field)) throw new HttpError(400, 'INVALID_QUERY', `unknown sort field ${field}`);
          return `"${field}" ${part.startsWith('-') ? 'DESC' : 'ASC'}`;
        })
        .join(', ');
    } else {
      const match = /^(\w+)(?:\[(\w+)\])?$/.exec(key);
      const field = match?.[1] ?? '';
      const op = OPS[match?.[2] ?? 'eq'];
      if (!SORTABLE.has(field) || !op) throw new HttpError(400, 'INVALID_QUERY', `unknown filter ${key}`);
      where.push(`"${field}" ${op} ?`);
      params.push(filterValue(field, value));
    }
  }
  const clause = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
  const [rows, count] = await c.env.DB.batch([
    c.env.DB.prepare(
      `SELECT ${COLUMNS} FROM "items"${clause} ORDER BY ${order}, "id" ASC LIMIT ? OFFSET ?`,
    ).bind(...params, limit, (page - 1) * limit),
    c.env.DB.prepare(`SELECT COUNT(*) AS total FROM "items"${clause}`).bind(...params),
  ]);
  const total = Number((count?.results[0] as { total?: number } | undefined)?.total ?? 0);
  const totalPages = Math.ceil(total / limit);
  return c.json({
    success: true,
    data: (rows?.results ?? []).map(decode),
    pagination: { page, limit, total, totalPages, hasNext: page < totalPages, hasPrev: page > 1 },
  });
});

app.post('/api/items', async (c) => {
  const key = c.req.header('X-API-Key') ?? c.req.header('Authorization')?.replace(/^Bearer\s+/i, '');
  if (!key || !(await sameKey(key, c.env.API_KEY))) {
    c.header('WWW-Authenticate', 'Bearer realm="items"');
    throw new HttpError(401, 'UNAUTHORIZED', 'authentication required');
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new HttpError(400, 'INVALID_JSON', 'the body is not valid JSON');
  }
  const item = validate(body);
  const now = new Date().toISOString();
  try {
    const row = await c.env.DB.prepare(
      `INSERT INTO "items" ("id", "name", "sku", "price", "in_stock", "created_at", "updated_at") VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
    )
      .bind(crypto.randomUUID(), item.name, item.sku, item.price, item.in_stock ? 1 : 0, now, now)
      .first();
    const data = decode(row as Item);
    return c.json({ success: true, data }, 201, { Location: `/api/items/${data.id}` });
  } catch (error) {
    if (String(error).includes('UNIQUE constraint failed'))
      throw new HttpError(409, 'CONFLICT', 'an item with the same sku already exists');
    throw error;
  }
});

export default app;
