/* The program wali_commands.sh runs: built with wali-cc for the run under wali4j and with gcc for
 * the native run. `wali-echo STATUS [stdin] WORDS...` prints its words, copies standard input to
 * standard output when the first word is "stdin", and exits with STATUS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: wali-echo STATUS [stdin] WORDS...\n");
    return 2;
  }
  printf("wali-echo:");
  for (int i = 2; i < argc; i++) printf(" %s", argv[i]);
  printf("\n");
  if (argc > 2 && strcmp(argv[2], "stdin") == 0) {
    int c;
    while ((c = getchar()) != EOF) putchar(c);
  }
  return atoi(argv[1]);
}
