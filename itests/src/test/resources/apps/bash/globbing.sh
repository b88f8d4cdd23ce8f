# Pathname expansion over files created with builtins: *, ?, [..], brace lists, dotfiles,
# nullglob, failglob-free no-match, extglob, globstar and GLOBIGNORE.
shopt -s extglob  # before the patterns below are parsed
for f in a.txt b.txt c.log data1.csv data2.csv .hidden; do : > "$f"; done
echo *.txt
echo data?.csv
echo [ab].*
echo *
echo no-match-*.xyz
shopt -s nullglob; echo "nullglob: [" no-match-*.xyz "]"; shopt -u nullglob
shopt -s dotglob; echo "dotglob:" *; shopt -u dotglob
echo "extglob:" !(*.txt|*.csv); echo +(data)[0-9].csv
GLOBIGNORE='*.log'; echo "globignore:" *; unset GLOBIGNORE
files=(*.csv); echo "${#files[@]} csv files"
case "data1.csv" in data[0-9].csv) echo "case glob ok" ;; esac
[[ b.txt == ?.t* ]] && echo "[[ ]] pattern ok"
