-- Shell dot commands: output modes, headers, separators, null values, .print, .schema, .tables.
CREATE TABLE t (a INTEGER, b TEXT, c REAL);
INSERT INTO t VALUES (1, 'one', 1.5), (2, NULL, -2.25), (3, 'th"ree', 3e10);
CREATE INDEX t_b ON t(b);
.print -- list
SELECT * FROM t;
.headers on
.mode csv
SELECT * FROM t;
.mode column
SELECT * FROM t;
.mode line
SELECT a, b FROM t WHERE a = 1;
.mode json
SELECT * FROM t;
.mode markdown
SELECT * FROM t;
.mode box
SELECT a, b FROM t;
.mode insert t2
SELECT * FROM t;
.mode list
.separator " | "
.nullvalue <null>
SELECT * FROM t;
.headers off
.mode tabs
SELECT a, b FROM t;
.mode quote
SELECT * FROM t;
.schema
.tables
.indexes t
.print done "quoted arg" 'single'
.show
