/* mmap granularity seen through WALI is the x86_64 host page. */
#define PAGESIZE 4096
