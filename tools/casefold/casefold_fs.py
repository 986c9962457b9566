#!/usr/bin/env python3
"""A case-insensitive, case-preserving folder (as on macOS or a Windows share), for tests.

    python3 tools/casefold/casefold_fs.py BACKING MOUNTPOINT     # runs until unmounted

FUSE through fusepy (Debian: python3-fusepy). Each path component is looked up ignoring case
(Python's str.lower, as SPEC section 7 defines case-insensitive); a new name keeps its case.
Renames are plain renames: RENAME_EXCHANGE and RENAME_NOREPLACE are refused (EINVAL), as on
many network file systems, so the tool's documented two-rename fallback is what runs here.
"""
import errno
import os
import sys

try:
    from fuse import FUSE, FuseOSError, Operations
except ImportError:  # Debian's python3-fusepy names the module fusepy
    from fusepy import FUSE, FuseOSError, Operations


class CaseFolding(Operations):
    def __init__(self, backing):
        self.backing = os.path.realpath(backing)

    def _real(self, path, create=False):
        current = self.backing
        parts = [p for p in path.split("/") if p]
        for index, part in enumerate(parts):
            try:
                names = os.listdir(current)
            except OSError:
                names = []
            match = next((n for n in names if n == part), None) or next((n for n in names if n.lower() == part.lower()), None)
            current = os.path.join(current, match if match is not None else part)
        return current

    def access(self, path, mode):
        if not os.access(self._real(path), mode):
            raise FuseOSError(errno.EACCES)

    def getattr(self, path, fh=None):
        st = os.lstat(self._real(path))
        return {key: getattr(st, key) for key in ("st_atime", "st_ctime", "st_gid", "st_mode", "st_mtime", "st_nlink",
                                                  "st_size", "st_uid")}

    def readdir(self, path, fh):
        return [".", ".."] + os.listdir(self._real(path))

    def readlink(self, path):
        return os.readlink(self._real(path))

    def mkdir(self, path, mode):
        os.mkdir(self._real(path), mode)

    def rmdir(self, path):
        os.rmdir(self._real(path))

    def unlink(self, path):
        os.unlink(self._real(path))

    def symlink(self, name, target):
        os.symlink(target, self._real(name))

    def rename(self, old, new):
        os.rename(self._real(old), self._real(new))

    def link(self, target, name):
        os.link(self._real(name), self._real(target))

    def chmod(self, path, mode):
        os.chmod(self._real(path), mode)

    def chown(self, path, uid, gid):
        os.chown(self._real(path), uid, gid)

    def truncate(self, path, length, fh=None):
        with open(self._real(path), "r+") as f:
            f.truncate(length)

    def utimens(self, path, times=None):
        os.utime(self._real(path), times)

    def statfs(self, path):
        st = os.statvfs(self._real(path))
        return {key: getattr(st, key) for key in ("f_bavail", "f_bfree", "f_blocks", "f_bsize", "f_favail", "f_ffree",
                                                  "f_files", "f_flag", "f_frsize", "f_namemax")}

    def open(self, path, flags):
        return os.open(self._real(path), flags)

    def create(self, path, mode, fi=None):
        return os.open(self._real(path), os.O_RDWR | os.O_CREAT | os.O_EXCL, mode)

    def read(self, path, length, offset, fh):
        return os.pread(fh, length, offset)

    def write(self, path, data, offset, fh):
        return os.pwrite(fh, data, offset)

    def flush(self, path, fh):
        return 0

    def release(self, path, fh):
        os.close(fh)

    def fsync(self, path, datasync, fh):
        os.fsync(fh)


if __name__ == "__main__":
    FUSE(CaseFolding(sys.argv[1]), sys.argv[2], foreground=True, nothreads=True, allow_other=True)
