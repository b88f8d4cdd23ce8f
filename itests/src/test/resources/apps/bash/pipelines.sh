# Pipelines of builtins and functions: data through several stages, PIPESTATUS, pipefail,
# lastpipe, and |& for stderr.
gen() { for i in 1 2 3 4 5 6 7 8 9 10; do echo "$i"; done; }
evens() { while read -r n; do ((n % 2 == 0)) && echo "$n"; done; }
total() { local s=0; while read -r n; do s=$((s + n)); done; echo "total $s"; }
gen | evens | total
true | false | true; echo "PIPESTATUS: ${PIPESTATUS[*]}"
set -o pipefail; true | false | true; echo "pipefail status: $?"; set +o pipefail
{ echo out; echo err >&2; } |& while read -r l; do echo "both: $l"; done
shopt -s lastpipe; echo "last stage value" | read -r kept; echo "lastpipe kept: $kept"
echo "a b c" | { read -r x y z; echo "$z$y$x"; }
