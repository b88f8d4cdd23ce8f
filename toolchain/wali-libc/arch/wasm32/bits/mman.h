/* x86_64 Linux extra mmap flag, kept so flag values match WALI's. */
#define MAP_32BIT      0x40
