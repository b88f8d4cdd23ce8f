-- Transactions: many inserts in one, rollback, savepoints, a recursive CTE as the data source.
CREATE TABLE ledger (id INTEGER PRIMARY KEY, account TEXT, amount INTEGER);
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
INSERT INTO ledger (account, amount) SELECT 'acct' || (i % 17), i * 3 - 7000 FROM n;
COMMIT;
SELECT count(*), sum(amount), min(amount), max(amount) FROM ledger;
BEGIN;
DELETE FROM ledger WHERE amount < 0;
SELECT count(*) FROM ledger;
ROLLBACK;
SELECT count(*) FROM ledger;
BEGIN;
SAVEPOINT a;
UPDATE ledger SET amount = 0 WHERE account = 'acct3';
SAVEPOINT b;
DELETE FROM ledger WHERE account = 'acct4';
ROLLBACK TO b;
RELEASE a;
COMMIT;
SELECT account, count(*), sum(amount) FROM ledger WHERE account IN ('acct3', 'acct4') GROUP BY account;
BEGIN IMMEDIATE;
INSERT INTO ledger (account, amount) VALUES ('late', 1);
END;
SELECT count(*) FROM ledger;
PRAGMA journal_mode;
PRAGMA integrity_check;
