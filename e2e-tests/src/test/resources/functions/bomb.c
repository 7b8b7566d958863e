/* Test fixture: allocates 1 MiB blocks until malloc fails, then prints how many it got. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    long mib = 0;
    volatile char *block;
    while ((block = malloc(1024 * 1024)) != NULL) {
        block[0] = 1;
        mib++;
    }
    printf("%ld\n", mib);
    return 0;
}
