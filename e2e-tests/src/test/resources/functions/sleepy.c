/*
 * Test fixture: reads "<tag> <milliseconds>" on stdin, prints "<tag> <start in ns since the epoch>",
 * then sleeps that long. The start time lets a test see the order in which invocations ran.
 */
#include <stdio.h>
#include <time.h>

int main(void) {
    char tag[64] = "untagged";
    long ms = 0;
    struct timespec start;
    clock_gettime(CLOCK_REALTIME, &start);
    if (scanf("%63s %ld", tag, &ms) < 1) {
        ms = 0;
    }
    printf("%s %lld\n", tag, (long long) start.tv_sec * 1000000000LL + start.tv_nsec);
    fflush(stdout);
    struct timespec pause = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&pause, NULL);
    return 0;
}
