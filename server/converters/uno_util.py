# SPDX-License-Identifier: MIT
"""What uno_worker.py and document_view.py share: UNO property values and the worker's typed error."""
from com.sun.star.beans import NamedValue, PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def named(name, value):
    v = NamedValue()
    v.Name = name
    v.Value = value
    return v


class WorkerError(Exception):
    def __init__(self, code, message, fatal=False):
        super().__init__(message)
        self.code = code
        self.fatal = fatal

