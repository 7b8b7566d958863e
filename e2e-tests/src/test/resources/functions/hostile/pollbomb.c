/*
 * Hostile fixture: asks the host to poll a million clock subscriptions at once (48 MB of them, all
 * due at once), the host's work growing with a count the function picks. Prints the errno it gets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <wasi/api.h>

#define COUNT 1000000

int main(void) {
    __wasi_subscription_t *subscriptions = calloc(COUNT, sizeof *subscriptions);
    __wasi_event_t *events = calloc(COUNT, sizeof *events);
    if (subscriptions == NULL || events == NULL) {
        printf("no memory\n");
        return 1;
    }
    __wasi_size_t fired = 0;
    __wasi_errno_t error = __wasi_poll_oneoff(subscriptions, events, COUNT, &fired);
    printf("poll_oneoff: errno %u, %u events\n", (unsigned) error, (unsigned) fired);
    return 0;
}
