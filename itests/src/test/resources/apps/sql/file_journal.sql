-- A file-backed database with a rollback journal: journal modes, a large transaction that
-- spills the page cache, rollback restoring the file, VACUUM and the file's page count.
PRAGMA page_size = 4096;
PRAGMA cache_size = 20;
PRAGMA journal_mode = DELETE;
CREATE TABLE blob_store (id INTEGER PRIMARY KEY, data BLOB);
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
INSERT INTO blob_store (data) SELECT zeroblob(1000) FROM n;
COMMIT;
PRAGMA page_count;
BEGIN;
UPDATE blob_store SET data = randomblob(1000);
DELETE FROM blob_store WHERE id > 100;
ROLLBACK;
SELECT count(*), sum(length(data)), count(DISTINCT hex(data)) FROM blob_store;
PRAGMA journal_mode = TRUNCATE;
DELETE FROM blob_store WHERE id % 2 = 0;
PRAGMA journal_mode = PERSIST;
UPDATE blob_store SET data = x'00' WHERE id < 50;
PRAGMA journal_mode = DELETE;
VACUUM;
PRAGMA page_count;
PRAGMA freelist_count;
PRAGMA integrity_check;
SELECT count(*) FROM blob_store;
