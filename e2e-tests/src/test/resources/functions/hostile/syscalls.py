# Hostile fixture: tries system calls an interpreter running a function never needs, and prints each answer.
import ctypes
import errno
import os

NUMBERS = {"x86_64": {"ptrace": 101, "unshare": 272, "keyctl": 250, "bpf": 321, "init_module": 175},
           "aarch64": {"ptrace": 117, "unshare": 97, "keyctl": 219, "bpf": 280, "init_module": 105}}
libc = ctypes.CDLL(None, use_errno=True)
for name, number in NUMBERS[os.uname().machine].items():
    result = libc.syscall(number, 0, 0, 0, 0, 0)
    print(name, "ok" if result >= 0 else errno.errorcode[ctypes.get_errno()])
