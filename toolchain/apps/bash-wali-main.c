/* Entry shim for bash built by build-bash.sh (linked in through bash's ADDON_LDFLAGS hook).
 *
 * bash's shell.c defines main(argc, argv, env). On wasm32, clang renames only main(void) and
 * main(int, char **) (the latter to __main_argc_argv), which is what crt1 calls; a main with a
 * third parameter keeps the name `main` and a three-parameter type that crt1 never calls. So the
 * shell would link to a program that does nothing. This shim is the two-parameter entry crt1
 * looks for, and passes the environment as the third argument, as a native crt would. */
extern char **environ;

int main(int argc, char **argv, char **envp);

int __main_argc_argv(int argc, char **argv) { return main(argc, argv, environ); }
