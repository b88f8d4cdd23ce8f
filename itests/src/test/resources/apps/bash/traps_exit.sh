# Traps that need no signal delivery: EXIT (run at the end, sees the status), ERR on failed
# builtins, RETURN on function return, and trap -p listings.
trap 'echo "exit trap, status $?"' EXIT
trap 'echo "err trap at line $LINENO"' ERR
f() { trap 'echo "return from f"' RETURN; echo "in f"; }
f
trap - RETURN
false
echo "after false"
trap -p EXIT
trap -p ERR
set -o errtrace
g() { false; }
g
trap - ERR
false
exit 4
