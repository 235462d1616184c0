import { describe, expect, it } from 'vitest';
import { splitSql } from './split-sql.js';

describe('splitSql', () => {
  it('splits on semicolons outside quotes and comments', () => {
    expect(
      splitSql(`-- a migration
CREATE TABLE t (a TEXT); INSERT INTO t VALUES ('x;y'), ("q;"); /* c; */ SELECT 1`),
    ).toEqual([
      '-- a migration\nCREATE TABLE t (a TEXT)',
      `INSERT INTO t VALUES ('x;y'), ("q;")`,
      '/* c; */ SELECT 1',
    ]);
  });

  it('keeps a trigger body with CASE ... END in one statement', () => {
    const sql = `CREATE TRIGGER tr AFTER INSERT ON t BEGIN
  UPDATE t SET a = CASE WHEN a = 'x' THEN 'y' ELSE a END;
  DELETE FROM u;
END; SELECT 2;`;
    const parts = splitSql(sql);
    expect(parts).toHaveLength(2);
    expect(parts[0]).toMatch(/^CREATE TRIGGER[\s\S]*END$/);
    expect(parts[1]).toBe('SELECT 2');
  });

  it('drops comment-only fragments and handles doubled quotes', () => {
    expect(splitSql(`SELECT 'it''s;'; -- done;\n`)).toEqual([`SELECT 'it''s;'`]);
    expect(splitSql('  ;; -- nothing')).toEqual([]);
  });
});
