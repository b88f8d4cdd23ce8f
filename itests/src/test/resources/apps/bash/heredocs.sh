# Here-documents and here-strings read by builtins: expansion, quoting, tab stripping, a document
# larger than a pipe buffer (bash then writes it to a temporary file), and here-strings.
name=WALI
while read -r line; do echo "read: $line"; done <<EOF2
Hello $name
sum: $((2 + 40))
	tab kept
EOF2
while read -r line; do echo "quoted: $line"; done <<'EOF2'
no $expansion here $((1+1))
EOF2
while read -r line; do echo "stripped: [$line]"; done <<-EOF2
	leading tabs go
		all of them
	EOF2
big=""
pad=................................................................
for ((i = 0; i < 1200; i++)); do big+="line $i of a here-document larger than a pipe $pad"$'\n'; done
count=0; total=0
while read -r _ n _; do count=$((count + 1)); total=$((total + n)); done <<EOF2
$big
EOF2
echo "big document: $count lines, sum $total"
read -r a b c <<< "one two three four"; echo "a=$a b=$b c=$c"
mapfile -t arr <<< $'x\ny\nz'; echo "mapfile: ${#arr[@]} ${arr[*]}"
IFS=: read -r user pass uid <<< "root:x:0:0"; echo "user=$user uid=$uid"
{ read -r first; read -r second; } <<EOF2
first line
second line
EOF2
echo "$second / $first"
