#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Runs a command confined, so that what it opens can no longer be chosen by a document.

    /usr/bin/python3 sandbox.py [--read PATH]... [--write DIR]... -- COMMAND [ARGS]...

LibreOffice follows the links of the documents it loads: HTML style sheets and images, linked images of
docx/odt/xlsx/pptx, linked sections, OLE and DDE links, external references of spreadsheets. Rather than
closing these one by one (its settings close some, not all: see README.md), the office processes are confined
by the kernel before they start, with no root, no capability and no helper binary:

- Network: a new user namespace owning a new network namespace (unshare(2), what `unshare --user --net`
  does). Inside there is one loopback interface, down: no connection reaches any host, the machine's own
  127.0.0.1 included, no DNS query leaves, and the machine's abstract UNIX sockets are out of reach. A new
  mount namespace gives the command an empty /tmp of its own (tmpfs) in which only the --write and --read
  paths that lie under /tmp appear: LibreOffice's pipes live there, unseen from outside.
- Files: Landlock (Linux >= 5.13). The command may read and run what lies beneath the system folders (/usr,
  /etc, /opt, the font caches, Debian's LibreOffice data) and the --read paths, read and write (not run)
  beneath the --write folders, and use /dev/null, /dev/zero, /dev/random, /dev/urandom; nothing else. A `file:`
  URL or a relative link to /home, /root, /proc, the server's storage or another job's folder fails as a
  missing file would. With Landlock ABI 4 (Linux >= 6.7) TCP connect and bind are denied too, and with ABI 6
  (Linux >= 6.12) signals and abstract UNIX sockets outside the sandbox.

When the kernel refuses user namespaces (sysctl kernel.unprivileged_userns_clone=0 or
user.max_user_namespaces=0, Ubuntu 24.04's AppArmor restriction, a container's seccomp profile), Landlock's
TCP rule is the network barrier: every TCP connection is refused, but UDP (a DNS lookup of a host name in the
document) is not; /tmp is then shared, and the command may only create and remove sockets in it. When the
kernel has no Landlock, or neither network barrier, nothing is run: the exit code is 125 and stderr has one
line "sandbox: <why>".

The confinement is inherited by every child and cannot be lifted by it (no_new_privs). The command runs with
GDCW_SANDBOX=<network>,<files> (`namespace,landlock` or `landlock-tcp,landlock`), TMPDIR set to a folder it
may write, in the first --write folder (else /).
"""
import ctypes
import errno
import os
import stat
import sys

USAGE = "usage: sandbox.py [--read PATH]... [--write DIR]... -- COMMAND [ARGS]...\n"
FAILED = 125  # as env(1), timeout(1): the launcher itself failed, the command never ran

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long

# <linux/sched.h>
CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC = 0x1, 0x2, 0x4, 0x20, 0x1000, 0x4000
PR_SET_NO_NEW_PRIVS = 38

# <linux/landlock.h>. The syscall numbers are the same on every architecture (the unified table, Linux 5.13).
SYS_LANDLOCK_CREATE_RULESET, SYS_LANDLOCK_ADD_RULE, SYS_LANDLOCK_RESTRICT_SELF = 444, 445, 446
CREATE_RULESET_VERSION = 1
RULE_PATH_BENEATH = 1
EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
REMOVE_FILE, MAKE_SOCK = 1 << 5, 1 << 9
# Every file-system right each ABI version knows: bits 0-12 (1), + REFER (2), + TRUNCATE (3), + IOCTL_DEV (5).
FS_RIGHTS = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 4: (1 << 15) - 1}
FS_RIGHTS_LATEST = (1 << 16) - 1
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1  # ABI 4
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1  # ABI 6

READ_ONLY = EXECUTE | READ_FILE | READ_DIR
DEVICE = READ_FILE | WRITE_FILE
# What a confined command may read (and run): the system, never a user's data. /etc is read by the C
# library, fontconfig and LibreOffice itself; what a user can read there is world-readable configuration.
SYSTEM_FOLDERS = ["/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin", "/etc", "/opt",
                  "/var/cache/fontconfig", "/var/lib/fontconfig",
                  # Debian's LibreOffice links parts of its installation there (extensions, bundled registry)
                  "/var/lib/libreoffice", "/var/spool/libreoffice"]
DEVICES = ["/dev/null", "/dev/zero", "/dev/random", "/dev/urandom"]
# LibreOffice's pipes (sal/osl/unx/pipe.cxx), when /tmp cannot be private: it creates them, and removes stale ones.
PIPE_FOLDERS = ["/tmp", "/var/tmp"]


class RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


class SandboxError(Exception):
    pass


def os_error(what):
    code = ctypes.get_errno()
    return "%s: %s" % (what, os.strerror(code) if code else "failed")


def enter_namespaces():
    """A user namespace owning a network and a mount namespace, the calling user mapped to itself.

    Returns None, or why the kernel refuses (then nothing changed)."""
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWNS) != 0:
        return os_error("unprivileged user namespaces are not available (unshare)")
    try:
        for path, text in (("/proc/self/setgroups", "deny"), ("/proc/self/uid_map", "%d %d 1" % (uid, uid)),
                           ("/proc/self/gid_map", "%d %d 1" % (gid, gid))):
            with open(path, "w") as f:
                f.write(text)
    except OSError as e:
        # Inside already, unmapped: no file could be created. There is no way back.
        raise SandboxError("cannot map the user into its namespace (%s)" % e.strerror)
    return None


def private_tmp(writable, readable):
    """An empty /tmp of our own (in the mount namespace), holding only the `writable` folders and the `readable`
    files and folders that lie in /tmp (Landlock decides what may be done with each: restrict_files).

    LibreOffice's pipes then live where nothing outside sees them, and go with the last process: no stale
    socket to remove, none to collide with, and no other file of /tmp in view. What the command must read may
    lie in /tmp too: the worker script of a checkout there, for instance, shown read-only.
    """
    inside = [p for p in writable + readable if p.startswith("/tmp/")]
    # Opened in this mount namespace before the tmpfs hides them: the sources of the bind mounts below.
    fds = [os.open(p, os.O_PATH | os.O_CLOEXEC) for p in inside]
    try:
        if libc.mount(b"tmpfs", b"/tmp", b"tmpfs", MS_NOSUID | MS_NODEV, b"mode=0700") != 0:
            raise SandboxError(os_error("cannot mount a private /tmp"))
        for path, fd in zip(inside, fds):
            if stat.S_ISDIR(os.fstat(fd).st_mode):
                os.makedirs(path, mode=0o700, exist_ok=True)
            else:  # a file's mount point is a file
                os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_CLOEXEC, 0o600))
            if libc.mount(b"/proc/self/fd/%d" % fd, path.encode(), None, MS_BIND | MS_REC, None) != 0:
                raise SandboxError(os_error("cannot show %s in the private /tmp" % path))
            # Read-only as a mount: Landlock would let it be written, lying beneath the private /tmp, which is.
            readonly = MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV
            if path not in writable and libc.mount(None, path.encode(), None, readonly, None) != 0:
                raise SandboxError(os_error("cannot make %s read-only in the private /tmp" % path))
    finally:
        for fd in fds:
            os.close(fd)


def landlock_abi():
    abi = libc.syscall(SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(CREATE_RULESET_VERSION))
    return abi if abi > 0 else 0


def allow(ruleset, path, rights, handled):
    """Add a rule for `path` if it exists (a missing one needs no rule: nothing there can be opened)."""
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return
    try:
        # A rule on a file may only carry file rights (READ_DIR, MAKE_* … apply to folders).
        if not os.path.isdir(path):
            rights &= EXECUTE | WRITE_FILE | READ_FILE | (1 << 14) | (1 << 15)
        attr = PathBeneathAttr(rights & handled, fd)
        if libc.syscall(SYS_LANDLOCK_ADD_RULE, ruleset, RULE_PATH_BENEATH, ctypes.byref(attr), ctypes.c_uint32(0)) != 0:
            raise SandboxError(os_error("Landlock refused a rule for %s" % path))
    finally:
        os.close(fd)


def restrict_files(abi, readable, writable, shared_tmp, deny_tcp):
    """Landlock: the system and `readable` read-only, `writable` read-write, the devices, sockets in a shared /tmp;
    TCP denied if asked."""
    handled = FS_RIGHTS.get(abi, FS_RIGHTS_LATEST)
    attr = RulesetAttr(handled, NET_BIND_TCP | NET_CONNECT_TCP if deny_tcp else 0,
                       SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0)
    size = ctypes.sizeof(RulesetAttr) if abi >= 6 else 16 if abi >= 4 else 8
    ruleset = libc.syscall(SYS_LANDLOCK_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        raise SandboxError(os_error("Landlock refused the ruleset"))
    try:
        for path in SYSTEM_FOLDERS + readable:
            allow(ruleset, path, READ_ONLY, handled)
        for path in DEVICES:
            allow(ruleset, path, DEVICE, handled)
        for path in PIPE_FOLDERS if shared_tmp else []:
            allow(ruleset, path, MAKE_SOCK | REMOVE_FILE, handled)
        for path in writable:
            allow(ruleset, path, handled & ~EXECUTE, handled)
        if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise SandboxError(os_error("cannot set no_new_privs"))
        if libc.syscall(SYS_LANDLOCK_RESTRICT_SELF, ruleset, ctypes.c_uint32(0)) != 0:
            raise SandboxError(os_error("Landlock refused to restrict the process"))
    finally:
        os.close(ruleset)


def confine(readable, writable):
    """Confine this process and its future children. Returns what was applied, e.g. 'namespace,landlock', and the
    temp folder the command should use."""
    writable = [os.path.realpath(p) for p in writable]
    readable = [os.path.realpath(p) for p in readable]
    for path in writable:
        if not os.path.isdir(path):
            raise SandboxError("--write needs an existing folder: %s" % path)
    abi = landlock_abi()
    if abi == 0:
        code = ctypes.get_errno()
        why = {errno.EOPNOTSUPP: "disabled at boot (add landlock to the kernel's lsm= list)",
               errno.ENOSYS: "not in this kernel (Linux 5.13 or later with CONFIG_SECURITY_LANDLOCK)"}.get(
            code, "refused (%s; a seccomp filter?)" % os.strerror(code))
        raise SandboxError("cannot confine file access: Landlock is %s" % why)
    namespace_error = enter_namespaces()
    if namespace_error and abi < 4:
        raise SandboxError("cannot cut the network off: %s, and Landlock ABI %d cannot deny TCP (Linux 6.7 or "
                           "later can)" % (namespace_error, abi))
    if namespace_error:
        restrict_files(abi, readable, writable, shared_tmp=True, deny_tcp=True)
        return "landlock-tcp,landlock", writable[0] if writable else "/tmp"
    private_tmp(writable, readable)
    restrict_files(abi, readable, writable + ["/tmp"], shared_tmp=False, deny_tcp=abi >= 4)
    return "namespace,landlock", "/tmp"


def main(argv):
    paths = {"--read": [], "--write": []}
    args = list(argv)
    while len(args) > 1 and args[0] in paths:
        paths[args[0]].append(args[1])
        del args[:2]
    if not args or args[0] != "--" or len(args) < 2:
        sys.stderr.write(USAGE)
        return 2
    command = args[1:]
    try:
        applied, tmp = confine(paths["--read"], paths["--write"])
    except (SandboxError, OSError) as e:
        sys.stderr.write("sandbox: %s\n" % e)
        return FAILED
    os.environ["GDCW_SANDBOX"] = applied
    os.environ["TMPDIR"] = tmp  # LibreOffice's temp files: where it may write
    # The caller's working folder is out of bounds now (and under /tmp, hidden): soffice's start script fails in it.
    os.chdir(paths["--write"][0] if paths["--write"] else "/")
    try:
        os.execvp(command[0], command)
    except OSError as e:
        sys.stderr.write("sandbox: cannot run %s: %s\n" % (command[0], e.strerror))
        return FAILED


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
