# Redirections and fd juggling with builtins only: files written, appended, read back through
# numbered descriptors, dup and close, noclobber, and stderr routing.
echo "first" > out.txt
echo "second" >> out.txt
printf '%s\n' third fourth >> out.txt
exec 3< out.txt
read -r l1 <&3; read -r l2 <&3
echo "fd3: $l1, $l2"
exec 3<&-
exec 4> log.txt
echo "to fd 4" >&4
echo "again to fd 4" 1>&4
exec 4>&-
while read -r l; do echo "log: $l"; done < log.txt
{ echo "group out"; echo "group err" >&2; } > group.out 2> group.err
while read -r l; do echo "group.out: $l"; done < group.out
while read -r l; do echo "group.err: $l"; done < group.err
echo "to stderr" >&2
exec 5>&1; echo "via dup of stdout" >&5; exec 5>&-
set -o noclobber
{ echo clobber > out.txt; } 2>/dev/null || echo "noclobber refused"
echo forced >| out.txt
set +o noclobber
exec 6<> rw.txt; echo "read-write" >&6; exec 6>&-
n=0; while read -r _; do n=$((n + 1)); done < out.txt; echo "out.txt has $n line(s)"
echo missing < no-such-file.txt
echo "status after failed redirection: $?"
: > empty.txt
[[ -s empty.txt ]] || echo "empty.txt is empty"
