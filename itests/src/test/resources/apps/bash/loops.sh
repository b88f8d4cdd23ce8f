# Loops: for-in, C-style for, while, until, break/continue with levels, select-free menus.
for w in alpha beta "gamma delta"; do printf '[%s]' "$w"; done; echo
for ((i = 0; i < 5; i++)); do printf '%d ' $((i * i)); done; echo
n=0; while ((n < 100)); do ((n += 7)); done; echo "while: $n"
n=1; until ((n > 1000)); do n=$((n * 3)); done; echo "until: $n"
for i in 1 2 3; do
  for j in 1 2 3; do
    ((j == 2)) && continue
    ((i == 3)) && break 2
    echo "i=$i j=$j"
  done
done
sum=0; for i in {1..500}; do sum=$((sum + i)); done; echo "sum 1..500 = $sum"
for x in {a..e}{1..2}; do printf '%s ' "$x"; done; echo
count=0
while :; do count=$((count + 1)); if ((count == 3000)); then break; fi; done
echo "counted to $count"
set -- one two three
for arg; do echo "positional: $arg"; done
