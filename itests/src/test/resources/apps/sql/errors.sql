-- Errors: a syntax error, a missing table, constraint violations and a failed transaction;
-- the shell reports each on stderr, goes on, and exits with status 1.
CREATE TABLE u (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, n INTEGER CHECK (n >= 0));
INSERT INTO u VALUES (1, 'a', 1);
SELEC * FROM u;
SELECT * FROM missing_table;
INSERT INTO u VALUES (2, 'a', 2);
INSERT INTO u VALUES (3, NULL, 2);
INSERT INTO u VALUES (4, 'd', -1);
INSERT INTO u VALUES (1, 'dup', 1);
BEGIN;
INSERT INTO u VALUES (5, 'e', 5);
COMMIT;
COMMIT;
SELECT count(*), group_concat(name) FROM u;
SELECT abs(-9223372036854775807 - 1);
.nonexistent_command
SELECT 'still running';
