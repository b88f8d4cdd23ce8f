# Functions: arguments, locals, recursion, return status, dynamic scoping, FUNCNAME.
greet() { echo "hello, $1 ($# args)"; }
greet world extra
fact() {
  local n=$1
  if ((n <= 1)); then echo 1; return; fi
  local sub
  fact $((n - 1)) >/dev/null
  sub=$_fact_result
  _fact_result=$((n * ${sub:-1}))
}
_fact_result=1
for i in 1 2 3 4 5 6 7 8 9 10; do fact "$i"; done
echo "10! = $_fact_result"
fib() { if (($1 < 2)); then r=$1; else fib $(($1 - 1)); local a=$r; fib $(($1 - 2)); r=$((a + r)); fi; }
fib 10; echo "fib 10 = $r"
outer() { local v=outer; inner; echo "after inner: $v"; }
inner() { echo "inner sees: $v"; v=changed; }
v=global; outer; echo "global: $v"
status() { return "$1"; }
status 7; echo "status $?"
named() { echo "${FUNCNAME[0]} called from ${FUNCNAME[1]:-top}"; }
wrapper() { named; }
wrapper
declare -f greet
unset -f greet
type greet 2>&1 || echo "greet is gone"
varargs() { local IFS=,; echo "$*"; echo "$@"; shift 2; echo "rest: $*"; }
varargs a b c d
