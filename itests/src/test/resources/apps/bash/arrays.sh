# Indexed and associative arrays: assignment, slices, keys, deletion, sparse indices, sorting by hand.
a=(zero one two three four)
echo "${#a[@]} ${a[2]} ${a[-1]} ${a[@]:1:3}"
a+=(five); a[10]=ten
echo "indices: ${!a[@]}"
unset 'a[1]'; echo "after unset: ${a[*]}"
declare -A color=([apple]=red [banana]=yellow [grape]=purple)
color[lime]=green
keys=("${!color[@]}")
# sort the keys with a builtin-only insertion sort, so the order does not depend on hashing
for ((i = 1; i < ${#keys[@]}; i++)); do
  k=${keys[i]}; j=$((i - 1))
  while ((j >= 0)) && [[ ${keys[j]} > $k ]]; do keys[j + 1]=${keys[j]}; j=$((j - 1)); done
  keys[j + 1]=$k
done
for k in "${keys[@]}"; do echo "$k -> ${color[$k]}"; done
echo "has banana: ${color[banana]+yes}; has kiwi: ${color[kiwi]+yes}"
m=(3 1 4 1 5 9 2 6); max=0; for v in "${m[@]}"; do ((v > max)) && max=$v; done; echo "max $max"
read -ra words <<< "the quick  brown fox"; echo "${#words[@]} words, last ${words[-1]}"
copy=("${a[@]}"); echo "copy has ${#copy[@]}"
declare -p m
