# kill and signal traps: a trapped USR1 sent to the shell itself, kill -0, a child killed by TERM
# (status 128+15), an ignored signal, and the EXIT trap after.
trap 'echo "got USR1"' USR1
kill -USR1 $$
echo "after USR1"
kill -0 $$ && echo "kill -0 self ok"
sleep_loop() { while :; do :; done; }
sleep_loop &
pid=$!
kill -TERM "$pid"
wait "$pid"; echo "killed child status: $?"
trap '' USR2; kill -USR2 $$; echo "USR2 ignored"
trap 'echo "INT trapped"' INT; kill -INT $$; echo "after INT"
trap 'echo exiting' EXIT
kill -l 15
kill -s HUP $$
echo "not reached"
