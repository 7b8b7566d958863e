/*
 * poll_oneoff: stdin (with data or at its end) and stdout/stderr are ready at once; a subscription
 * that cannot be served fails the whole call (EBADF for a descriptor, EINVAL for a type or clock).
 */
#include <poll.h>
#include <unistd.h>
#include "check.h"

static __wasi_subscription_t on_fd(__wasi_userdata_t userdata, __wasi_eventtype_t type, __wasi_fd_t fd) {
    __wasi_subscription_t sub;
    memset(&sub, 0, sizeof sub);
    sub.userdata = userdata;
    sub.u.tag = type;
    sub.u.u.fd_read.file_descriptor = fd;
    return sub;
}

static __wasi_subscription_t on_clock(__wasi_userdata_t userdata, __wasi_clockid_t id, __wasi_timestamp_t timeout) {
    __wasi_subscription_t sub;
    memset(&sub, 0, sizeof sub);
    sub.userdata = userdata;
    sub.u.tag = __WASI_EVENTTYPE_CLOCK;
    sub.u.u.clock.id = id;
    sub.u.u.clock.timeout = timeout;
    return sub;
}

int main(void) {
    __wasi_subscription_t subs[2];
    __wasi_event_t events[2];
    __wasi_size_t count;
    uint8_t buffer[16];
    __wasi_iovec_t in = {buffer, sizeof buffer};
    struct pollfd both[2] = {{0, POLLIN, 0}, {1, POLLOUT, 0}};
    struct pollfd bad = {3, POLLIN, 0};

    subs[0] = on_clock(1, __WASI_CLOCKID_MONOTONIC, 5000000000ull);
    subs[1] = on_fd(2, __WASI_EVENTTYPE_FD_READ, 0);
    EXPECT_ERRNO(__wasi_poll_oneoff(subs, events, 2, &count), __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(count, 1);
    EXPECT_EQ(events[0].userdata, 2);
    EXPECT_ERRNO(events[0].error, __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(events[0].type, __WASI_EVENTTYPE_FD_READ);
    EXPECT_EQ(events[0].fd_readwrite.nbytes, 10);
    EXPECT_EQ(events[0].fd_readwrite.flags, 0);

    subs[0] = on_fd(3, __WASI_EVENTTYPE_FD_WRITE, 1);
    subs[1] = on_fd(4, __WASI_EVENTTYPE_FD_WRITE, 2);
    EXPECT_ERRNO(__wasi_poll_oneoff(subs, events, 2, &count), __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(count, 2);
    EXPECT_EQ(events[0].userdata, 3);
    EXPECT_EQ(events[0].type, __WASI_EVENTTYPE_FD_WRITE);
    EXPECT_ERRNO(events[0].error, __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(events[1].userdata, 4);
    EXPECT_ERRNO(events[1].error, __WASI_ERRNO_SUCCESS);

    count = 77;
    subs[0] = on_clock(5, __WASI_CLOCKID_MONOTONIC, 0);
    subs[1] = on_fd(6, __WASI_EVENTTYPE_FD_READ, 1);
    EXPECT_ERRNO(__wasi_poll_oneoff(subs, events, 2, &count), __WASI_ERRNO_BADF);
    subs[1] = on_fd(6, __WASI_EVENTTYPE_FD_WRITE, 0);
    EXPECT_ERRNO(__wasi_poll_oneoff(subs, events, 2, &count), __WASI_ERRNO_BADF);
    subs[1] = on_fd(6, __WASI_EVENTTYPE_FD_READ, 3);
    EXPECT_ERRNO(__wasi_poll_oneoff(subs, events, 2, &count), __WASI_ERRNO_BADF);
    subs[1] = on_fd(6, __WASI_EVENTTYPE_FD_WRITE, 3);
    EXPECT_ERRNO(__wasi_poll_oneoff(subs, events, 2, &count), __WASI_ERRNO_BADF);
    EXPECT_EQ(count, 77);

    EXPECT_ERRNO(__wasi_poll_oneoff(subs, events, 0, &count), __WASI_ERRNO_INVAL);
    subs[0] = on_fd(7, 3, 0);
    EXPECT_ERRNO(__wasi_poll_oneoff(subs, events, 1, &count), __WASI_ERRNO_INVAL);
    subs[0] = on_clock(8, __WASI_CLOCKID_PROCESS_CPUTIME_ID, 0);
    EXPECT_ERRNO(__wasi_poll_oneoff(subs, events, 1, &count), __WASI_ERRNO_INVAL);
    EXPECT_ERRNO(__wasi_poll_oneoff((const __wasi_subscription_t *) 0xfffffff0, events, 1, &count), __WASI_ERRNO_FAULT);

    subs[0] = on_clock(9, __WASI_CLOCKID_MONOTONIC, 1000000);
    EXPECT_ERRNO(__wasi_poll_oneoff(subs, events, 1, &count), __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(count, 1);
    EXPECT_EQ(events[0].userdata, 9);
    EXPECT_EQ(events[0].type, __WASI_EVENTTYPE_CLOCK);

    EXPECT_ERRNO(__wasi_fd_read(0, &in, 1, &count), __WASI_ERRNO_SUCCESS);
    subs[0] = on_fd(10, __WASI_EVENTTYPE_FD_READ, 0);
    EXPECT_ERRNO(__wasi_poll_oneoff(subs, events, 1, &count), __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(events[0].fd_readwrite.nbytes, 0);
    EXPECT_EQ(events[0].fd_readwrite.flags, __WASI_EVENTRWFLAGS_FD_READWRITE_HANGUP);

    EXPECT_EQ(poll(both, 2, 1000), 2);
    EXPECT_EQ(both[0].revents, POLLIN | POLLHUP);
    EXPECT_EQ(both[1].revents, POLLOUT);
    EXPECT_EQ(poll(&bad, 1, 0), -1);
    EXPECT_ERRNO(errno, EBADF);
    return summary();
}
