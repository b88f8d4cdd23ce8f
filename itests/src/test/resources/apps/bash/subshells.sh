# Subshells: variables and cd do not leak out, exit status comes back, nesting, BASH_SUBSHELL.
x=outer
(x=inner; echo "in subshell: $x, level $BASH_SUBSHELL")
echo "after subshell: $x"
(cd /; echo "sub cwd: $PWD")
[[ $PWD != / ]] && echo "parent cwd unchanged"
(exit 9); echo "subshell exit: $?"
( ( (echo "nested level $BASH_SUBSHELL") ) )
(: ); echo "empty subshell: $?"
for i in 1 2 3; do (echo "iteration $i in a subshell"); done
(trap 'echo "subshell exit trap"' EXIT; echo "subshell body")
