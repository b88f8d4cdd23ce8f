-- Joins, grouping, HAVING, subqueries, window functions, CTEs, set operations.
CREATE TABLE dept (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE emp (id INTEGER PRIMARY KEY, name TEXT, dept_id INTEGER REFERENCES dept(id), salary INTEGER, boss INTEGER);
INSERT INTO dept VALUES (1, 'eng'), (2, 'ops'), (3, 'sales'), (4, 'empty');
INSERT INTO emp VALUES (1, 'ann', 1, 120, NULL), (2, 'bob', 1, 100, 1), (3, 'cid', 2, 90, 1),
  (4, 'dee', 2, 95, 3), (5, 'eve', 3, 70, 1), (6, 'fay', 1, 100, 2), (7, 'gus', NULL, 50, NULL);
SELECT e.name, d.name FROM emp e JOIN dept d ON d.id = e.dept_id ORDER BY e.id;
SELECT d.name, count(e.id), coalesce(sum(e.salary), 0) FROM dept d LEFT JOIN emp e ON e.dept_id = d.id GROUP BY d.id ORDER BY d.id;
SELECT d.name, avg(e.salary) AS a FROM emp e JOIN dept d ON d.id = e.dept_id GROUP BY d.name HAVING a > 80 ORDER BY a DESC;
SELECT name FROM emp WHERE salary > (SELECT avg(salary) FROM emp) ORDER BY name;
SELECT e.name, b.name AS boss FROM emp e LEFT JOIN emp b ON b.id = e.boss ORDER BY e.name;
SELECT name, salary, rank() OVER (ORDER BY salary DESC), sum(salary) OVER (PARTITION BY dept_id ORDER BY id) FROM emp ORDER BY id;
SELECT name, lag(name) OVER w, lead(salary, 1, -1) OVER w, row_number() OVER w FROM emp WINDOW w AS (ORDER BY name);
WITH RECURSIVE chain(id, name, depth) AS (
  SELECT id, name, 0 FROM emp WHERE boss IS NULL AND dept_id IS NOT NULL
  UNION ALL SELECT e.id, e.name, c.depth + 1 FROM emp e JOIN chain c ON e.boss = c.id)
SELECT depth, group_concat(name, ',') FROM (SELECT * FROM chain ORDER BY depth, name) GROUP BY depth;
SELECT name FROM emp WHERE dept_id = 1 UNION SELECT name FROM dept ORDER BY 1;
SELECT name FROM emp INTERSECT SELECT 'bob' EXCEPT SELECT 'x';
SELECT dept_id, count(*) FILTER (WHERE salary >= 100), max(salary) - min(salary) FROM emp GROUP BY dept_id ORDER BY dept_id;
SELECT d.name FROM dept d WHERE NOT EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.id);
SELECT json_object('n', name, 's', salary) FROM emp WHERE id < 3;
SELECT json_group_array(name) FROM (SELECT name FROM emp ORDER BY name DESC);
SELECT value FROM json_each('[1, "two", 3.5, null]');
