/* Test fixture: writes to stdout and stderr, then exits with 3. */
#include <stdio.h>

int main(void) {
    puts("partial");
    fputs("bad\n", stderr);
    return 3;
}
