# Parameter expansion and string operations: lengths, substrings, patterns, case, defaults, printf.
s="Hello, World of Bash"
echo "${#s} ${s:7} ${s:7:5} ${s: -4} ${s:(-9):2}"
echo "${s#*o} | ${s##*o} | ${s%o*} | ${s%%o*}"
echo "${s/o/0} | ${s//o/0} | ${s/#Hello/Bye} | ${s/%Bash/Zsh}"
echo "${s^^} | ${s,,} | ${s^} | ${s~~}"
unset u; echo "${u:-default} ${u-unset} ${u:+alt} [${u}]"
e=""; echo "[${e:-empty}] [${e-set}] [${e:+alt}]"
: "${newvar:=assigned}"; echo "$newvar"
name=file.tar.gz; echo "${name%.*} ${name%%.*} ${name#*.} ${name##*.}"
printf '%5s|%-5s|%05d|%x|%o|%e|%.2f|%c|%%\n' ab cd 42 255 8 1234.5 3.14159 xyz
printf -v lines '%s\n' "quoted 'single'" 'and "double"' $'tab\there'
while read -r line; do echo "<$line>"; done <<< "$lines"
printf -v out '%03d-%s' 7 seven; echo "$out"
ref=s; echo "indirect: ${!ref}"
declare -n nr=s; echo "nameref: ${nr:0:5}"
str="a,b,,c"; IFS=, read -ra parts <<< "$str"; echo "${#parts[@]} parts: ${parts[*]}"
echo "$(( ${#s} * 2 ))" 2>/dev/null
[[ $s == Hello* ]] && echo "glob match"
[[ $s =~ W(or)ld ]] && echo "regex: ${BASH_REMATCH[0]} ${BASH_REMATCH[1]}"
echo ${s@Q}; x='a b'; echo "${x@A}"
