# A WALI program run by the shell: bin/wali-echo is the same C source built with wali-cc (under
# wali4j) or gcc (natively). It prints its arguments, copies stdin to stdout and exits with the
# status its first argument names.
PATH=$PWD/bin:$PATH
wali-echo 0 hello from a program
echo "status: $?"
wali-echo 3 exit three; echo "status: $?"
echo "piped in" | wali-echo 0 stdin
out=$(wali-echo 0 captured); echo "[$out]"
wali-echo 0 to file > prog.txt; while read -r l; do echo "file: $l"; done < prog.txt
./bin/wali-echo 5 by path; echo "status: $?"
