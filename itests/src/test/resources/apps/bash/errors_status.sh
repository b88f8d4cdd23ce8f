# Exit statuses and error messages: failed builtins, a syntax error in eval, assignment to a
# readonly variable and a bad arithmetic assignment (each abandons the rest of its line), and
# set -u, which ends the script with status 1 at the unbound variable.
false; echo "false: $?"
true; echo "true: $?"
! false; echo "negated: $?"
eval 'if then fi' 2>&1; echo "eval syntax error: $?"
shift 5 2>&1; echo "shift too far: $?"
readonly ro=1; ro=2 2>&1; echo "readonly: $?"
declare -i n; n="1 +" 2>&1; echo "bad arithmetic: $?"
set -u; echo "${undefined_var}"; echo "not reached: set -u ends a non-interactive shell"
