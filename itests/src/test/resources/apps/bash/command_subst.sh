# Command substitution: $(...) and backquotes, nesting, trailing newlines trimmed, status,
# word splitting and arrays from output.
now=$(echo "captured")
echo "$now"
echo "nested: $(echo "outer $(echo inner)")"
echo "backquotes: `echo old style`"
trimmed=$(printf 'text\n\n\n'); echo "[$trimmed]"
v=$(exit 3); echo "status of substitution: $?"
words=($(echo one two three)); echo "${#words[@]} words"
f() { echo "from function $1"; }
echo "$(f x) and $(f y)"
lines=$(for i in 1 2 3; do echo "l$i"; done); echo "${lines//$'\n'/,}"
n=$(echo 12345 | { read -r v; echo ${#v}; }); echo "length via a pipeline: $n"
