# Background jobs and wait: $! and per-job status, several jobs writing files, wait for all.
(echo "job one" > one.txt; exit 3) &
p1=$!
(echo "job two" > two.txt; exit 5) &
p2=$!
wait "$p1"; echo "first job status: $?"
wait "$p2"; echo "second job status: $?"
for i in 1 2 3; do (echo "worker $i" > "w$i.txt") & done
wait
n=0; for f in w*.txt; do n=$((n + 1)); done; echo "$n worker files"
(exit 7) & wait "$!"; echo "wait for \$!: $?"
wait; echo "nothing left: $?"
while read -r l; do echo "$l"; done < one.txt
