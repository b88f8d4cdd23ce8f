# cd and pwd: relative and absolute moves, cd -, OLDPWD, CDPATH-free ~ and .., a missing target,
# and symlink-free physical/logical pwd. The run directory itself is printed as it is (the test
# replaces it with a placeholder).
start=$PWD
echo "start: $PWD"
cd /
pwd
cd /usr/bin; pwd; cd ..; pwd; cd ../usr/./lib/..; pwd
cd -; echo "OLDPWD now $OLDPWD"
cd "$start"; pwd -P
cd no-such-dir
echo "cd status: $?"
cd /etc/hostname 2>&1
echo "cd to a file: $?"
HOME=/tmp; cd; pwd; cd ~; pwd
cd "$start"
[[ $PWD == "$start" ]] && echo "back at start"
pushd / >/dev/null; pushd /usr >/dev/null; dirs -l
popd >/dev/null; popd >/dev/null; pwd
