/* 32-bit pointers with 64-bit off_t and long. */
#define _POSIX_V6_ILP32_OFFBIG 1
#define _POSIX_V7_ILP32_OFFBIG 1
