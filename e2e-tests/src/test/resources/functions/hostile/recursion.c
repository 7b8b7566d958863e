/*
 * Hostile fixture: recursion without end, in one of two ways read from stdin.
 * "frames": each call keeps a buffer on C's own stack, which lives in linear memory, so the
 * recursion runs off the bottom of that memory. "calls": calls through a pointer the optimiser
 * cannot see through, with nothing on C's stack, so it is Wasmtime's call stack that runs out.
 */
#include <stdio.h>
#include <string.h>

static unsigned long frames(volatile char *previous, unsigned long depth) {
    volatile char frame[256];
    frame[0] = (char) depth;
    frame[255] = previous ? previous[0] : 0;
    return frames(frame, depth + 1) + frame[255];
}

static unsigned long calls(unsigned long depth);
static unsigned long (*volatile next)(unsigned long) = calls;

static unsigned long calls(unsigned long depth) {
    return next(depth + 1) * 3 + depth;
}

int main(void) {
    char mode[16] = "";
    if (fgets(mode, sizeof mode, stdin) && strncmp(mode, "calls", 5) == 0) {
        printf("%lu\n", calls(0));
    } else {
        printf("%lu\n", frames(NULL, 0));
    }
    return 0;
}
