# Host programs run by the shell: /bin/ls, /bin/cat, sort, wc, tr, head, a pipeline of them, and
# a command that is not found (bash reports that in the child it forked for it).
printf '%s\n' pear apple fig banana > fruit.txt
/bin/cat fruit.txt
sort fruit.txt
sort -r fruit.txt | head -n 2
wc -l < fruit.txt
/bin/ls
tr a-z A-Z < fruit.txt | sort | /bin/cat -n
/bin/ls no-such-file 2>&1; echo "ls status: $?"
sort fruit.txt > sorted.txt; /bin/cat sorted.txt
count=$(wc -c < fruit.txt); echo "bytes: $count"
no_such_command_here 2>&1; echo "not found: $?"
