-- Indexes: creation, query plans, unique violations, covering and expression indexes, REINDEX.
CREATE TABLE item (id INTEGER PRIMARY KEY, sku TEXT, price INTEGER, qty INTEGER);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
INSERT INTO item (sku, price, qty) SELECT printf('SKU%05d', i), (i * 37) % 1000, i % 13 FROM n;
EXPLAIN QUERY PLAN SELECT * FROM item WHERE sku = 'SKU00042';
CREATE UNIQUE INDEX item_sku ON item(sku);
CREATE INDEX item_price_qty ON item(price, qty);
CREATE INDEX item_lower ON item(lower(sku));
EXPLAIN QUERY PLAN SELECT * FROM item WHERE sku = 'SKU00042';
EXPLAIN QUERY PLAN SELECT qty FROM item WHERE price = 500;
EXPLAIN QUERY PLAN SELECT id FROM item WHERE lower(sku) = 'sku00007';
SELECT id, sku, price, qty FROM item WHERE sku = 'SKU00042';
SELECT count(*), sum(qty) FROM item WHERE price BETWEEN 100 AND 200;
SELECT id FROM item WHERE lower(sku) = 'sku00007';
INSERT INTO item (sku, price, qty) VALUES ('SKU00001', 1, 1);
SELECT count(*) FROM item;
REINDEX item;
ANALYZE;
SELECT tbl, idx FROM sqlite_stat1 ORDER BY idx;
DROP INDEX item_lower;
SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name;
PRAGMA index_list(item);
PRAGMA integrity_check;
