# SPDX-License-Identifier: MIT
"""Python exceptions for the library's status codes (ck_error.h), and the
per-call error context every binding function uses."""
import contextlib

from . import _lib


class ClusterkinError(Exception):
    """A failed libclusterkin call. str() is the library's text
    (ck_ctx_errtext: "file:line: message" where the input is known);
    status, message, file and line carry the parts."""

    status = None  # the ck_status value; set on each subclass

    def __init__(self, text, message=None, file=None, line=0):
        super().__init__(text)
        self.message = message if message is not None else text
        self.file = file
        self.line = line


class OutOfMemoryError(ClusterkinError):
    status = -1  # CK_ERR_NOMEM


class InputError(ClusterkinError):
    status = -2  # CK_ERR_INPUT: a model, data or formula that is wrong


class InputOutputError(ClusterkinError):
    status = -3  # CK_ERR_IO: a file that cannot be read or written


class SolverError(ClusterkinError):
    status = -4  # CK_ERR_SOLVER: CVODE gave up


class ConservationError(ClusterkinError):
    status = -5  # CK_ERR_CONSERVATION: metal atoms not conserved


class ArgumentError(ClusterkinError):
    status = -6  # CK_ERR_ARG: an invalid argument to a library function


class LimitError(ClusterkinError):
    status = -7  # CK_ERR_LIMIT: too large (formula, grid)


class UnsupportedError(ClusterkinError):
    status = -8  # CK_ERR_UNSUPPORTED: not implemented yet


_BY_STATUS = {cls.status: cls for cls in (
    OutOfMemoryError, InputError, InputOutputError, SolverError, ConservationError,
    ArgumentError, LimitError, UnsupportedError)}


def _text(raw):
    return raw.decode("utf-8", "replace") if raw is not None else None


def error_from(ctx, status=None):
    """The exception for the error recorded on ctx (status overrides the
    context's when the call returned one)."""
    if status is None or status == 0:
        status = _lib.lib.ck_ctx_status(ctx)
    text = _text(_lib.lib.ck_ctx_errtext(ctx)) or _text(_lib.lib.ck_strerror(status))
    cls = _BY_STATUS.get(status, ClusterkinError)
    err = cls(text, _text(_lib.lib.ck_ctx_errmsg(ctx)), _text(_lib.lib.ck_ctx_errfile(ctx)),
              _lib.lib.ck_ctx_errline(ctx))
    if cls is ClusterkinError:
        err.status = status
    return err


class Context:
    """One ck_ctx for one call (a context is not shared between threads)."""

    def __init__(self):
        self.ptr = _lib.lib.ck_ctx_create()
        if not self.ptr:
            raise MemoryError("clusterkin: cannot create an error context")

    def check(self, status):
        """Raises the matching ClusterkinError unless status is CK_OK."""
        if status != 0:
            raise error_from(self.ptr, status)

    def check_ptr(self, ptr):
        """Raises unless a constructor returned an object (non-NULL)."""
        if not ptr:
            raise error_from(self.ptr)
        return ptr

    def close(self):
        if self.ptr:
            _lib.lib.ck_ctx_free(self.ptr)
            self.ptr = None


@contextlib.contextmanager
def context():
    ctx = Context()
    try:
        yield ctx
    finally:
        ctx.close()
