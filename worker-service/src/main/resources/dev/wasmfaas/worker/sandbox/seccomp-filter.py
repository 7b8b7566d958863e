# Writes the system-call filter of the script sandboxes, as classic BPF for bubblewrap's --seccomp, to the
# file named by the first argument. Built with libseccomp's Python binding (Debian: python3-seccomp), which
# knows the system-call numbers of the host's architecture. See docs/SECURITY.md, "System-call filter".
import errno
import sys

import seccomp

# Calls an interpreter running a function never needs. They answer ENOSYS, as on a kernel built without
# them: programs treat that as a missing feature, and no kernel answers it for these calls by itself.
DENIED = [
    # tracing and reading other processes
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
    # namespaces, mounts and root changes
    "unshare", "setns", "mount", "umount", "umount2", "pivot_root", "chroot", "mount_setattr", "move_mount",
    "open_tree", "fsopen", "fsconfig", "fsmount", "fspick",
    # kernel keyrings
    "keyctl", "add_key", "request_key",
    # BPF programs, performance counters, userfaultfd, io_uring
    "bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register",
    # kernel modules, kexec and reboot
    "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load", "reboot",
    # settings of the whole machine
    "swapon", "swapoff", "acct", "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "syslog",
    "sethostname", "setdomainname", "quotactl", "quotactl_fd", "lookup_dcookie", "nfsservctl", "vhangup",
    # raw I/O ports, file handles that reach past the sandbox's mounts, filesystem-wide notification
    "iopl", "ioperm", "open_by_handle_at", "name_to_handle_at", "fanotify_init",
    # clone3 passes its flags in memory, where a filter cannot read them: C libraries fall back to clone
    "clone3",
]

# clone with any of these flags makes a namespace: refused as the kernel refuses the unprivileged.
NAMESPACE_FLAGS = [0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000]

rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
for name in DENIED:
    try:
        rules.add_rule(seccomp.ERRNO(errno.ENOSYS), name)
    except (RuntimeError, ValueError):
        pass  # not a system call of this architecture
for flag in NAMESPACE_FLAGS:
    rules.add_rule(seccomp.ERRNO(errno.EPERM), "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
with open(sys.argv[1], "wb") as out:
    rules.export_bpf(out)
