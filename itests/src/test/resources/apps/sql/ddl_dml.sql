-- DDL and DML: tables with constraints, inserts, updates, deletes, ordered selects.
CREATE TABLE person (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  born INTEGER CHECK (born > 1800),
  email TEXT UNIQUE,
  score REAL DEFAULT 0.0
);
INSERT INTO person (name, born, email) VALUES ('Ada', 1815, 'ada@example.org');
INSERT INTO person (name, born, email, score) VALUES ('Alan', 1912, 'alan@example.org', 9.5),
  ('Grace', 1906, 'grace@example.org', 8.25), ('Edsger', 1930, NULL, 7);
UPDATE person SET score = score + 1 WHERE born < 1920;
DELETE FROM person WHERE name = 'Edsger';
SELECT id, name, born, email, score FROM person ORDER BY born;
ALTER TABLE person ADD COLUMN country TEXT DEFAULT 'UK';
UPDATE person SET country = 'US' WHERE name = 'Grace';
SELECT name || ' (' || country || ')', typeof(score), score * 2 FROM person ORDER BY name;
CREATE VIEW old AS SELECT name FROM person WHERE born < 1900;
SELECT * FROM old;
SELECT count(*), max(born), min(name), total(score), avg(score) FROM person;
SELECT last_insert_rowid(), changes();
INSERT OR REPLACE INTO person (id, name, born) VALUES (1, 'Ada Lovelace', 1815);
SELECT id, name, email FROM person WHERE id = 1;
SELECT 1 + 1, 7 / 2, 7 / 2.0, 7 % 3, -7 % 3, 2 << 10, 'abc' || 1, NULL IS NULL, 10 BETWEEN 1 AND 10;
SELECT upper('mixed'), length('héllo'), substr('abcdef', 2, 3), replace('a-b-c', '-', '+'), trim('  x  '), instr('hello', 'l');
SELECT printf('%5.2f|%-6s|%08d|%x', 3.14159, 'ab', 42, 255), hex('AB'), quote('it''s'), round(2.5), round(-2.567, 2);
SELECT coalesce(NULL, NULL, 'third'), nullif(3, 3), ifnull(NULL, 'dflt'), iif(1 > 2, 'yes', 'no');
SELECT CAST('42abc' AS INTEGER), CAST(3.99 AS INTEGER), CAST(12 AS TEXT) || 'x', typeof(CAST('1.5' AS NUMERIC));
DROP VIEW old;
DROP TABLE person;
SELECT name FROM sqlite_schema;
