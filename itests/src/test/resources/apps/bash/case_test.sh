# Conditionals: case with patterns and fallthrough, test/[ ] and [[ ]] on strings, numbers and files.
shopt -s extglob  # before the patterns below are parsed
for w in apple Banana cherry 42 "" x-ray; do
  case "$w" in
    [aA]*) echo "$w: starts with a" ;;
    [[:upper:]]*) echo "$w: capitalised" ;&
    *rr*) echo "$w: (fell through or has rr)" ;;
    +([0-9])) echo "$w: number" ;;
    "") echo "empty word" ;;
    *) echo "$w: other" ;;
  esac
done
case 123 in +([0-9])) echo "extglob number" ;; esac
[ 3 -lt 10 ] && echo "3 < 10 numerically"
[[ 3 < 10 ]] || echo "but not as strings"
[ "abc" = "abc" ] && [ "abc" != "abd" ] && echo "string tests"
[ -z "" ] && [ -n "x" ] && echo "empty and non-empty"
: > present.txt
[ -e present.txt ] && [ -f present.txt ] && [ ! -d present.txt ] && echo "file tests"
[ -d / ] && [ -r /etc/passwd ] && echo "/ is a dir, /etc/passwd readable"
[[ -e missing.txt ]] || echo "missing.txt absent"
test 5 -eq 5 -a 6 -ne 5 && echo "test -a"
[[ abc =~ ^a(b)c$ ]] && echo "regex group ${BASH_REMATCH[1]}"
[ 1 -gt ] 2>&1; echo "bad test status $?"
if [[ -v PATH ]]; then echo "PATH is set"; fi
[[ present.txt -nt /etc/passwd ]] && echo "newer than /etc/passwd"
