#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""One warm LibreOffice process, driven through UNO, serving JSON-line requests.

Run with Debian's /usr/bin/python3 (python3-uno lives there, not in a pyenv build):

    /usr/bin/python3 uno_worker.py --profile DIR --pipe NAME [--soffice PATH]

It starts its own soffice with its own profile (two soffice processes must never share one),
connects over a named pipe, prints {"event": "ready"} and then answers one request per stdin
line with one JSON line on stdout. Files travel as temp paths, never through the pipe. Node owns
the process group (it starts us detached), so a timeout kills soffice with us; when stdin closes
(Node went away) we kill the group ourselves, so no soffice outlives its owner.

Requests:
  {"id", "cmd": "convert", "input", "output",
   "load": {filter?, filterOptions?, password?, format?, service?, csv?, view?, ...}  (service: what the document
   must be; the rest: document_view.py),
   "store": {filter, filterOptions?, filterData?: {name: value}, password?, ooxmlPassword?},
   "meta": bool}
  {"id", "cmd": "stamp", "output", "page": {width, height}, "mark": {...}} (a one-page PDF holding a text
   watermark, for qpdf to stamp onto pages of that visible size; sizes in points; see draw_stamp)
  {"id", "cmd": "tables", "input", "load"} (a text document's tables, in document order, as rows of cell
   texts, and its paragraphs' texts: answers {"tables": [{"name", "rows"}], "paragraphs": [...]})
  {"id", "cmd": "ping"} | {"id", "cmd": "sleep", "seconds"} (test hook: a hang on demand)
Answers: {"id", "ok": true, "meta"?: {...}} or {"id", "ok": false, "code", "message"}.
Events: {"event": "pipes", "paths"} (before soffice starts: the UNIX sockets it will make in /tmp, which
Node deletes once the group is gone), {"event": "ready", "pid", "sandbox"} (sandbox: how sandbox.py confined us,
e.g. "namespace,landlock", or null when started without it), {"event": "fatal", "message"}.
Passwords are never echoed, logged or put into a message.
"""
import argparse
import hashlib
import json
import math
import os
import queue
import signal
import subprocess
import sys
import threading
import time

import uno
import unohelper
from com.sun.star.awt import Point
from com.sun.star.task import XInteractionHandler

from document_view import (apply_view, changes_document, clear_properties, csv_filter_options, draw_missing_fonts_in,
                           page_setup, parse_edits, substitute_fonts, with_view_filter_data)
from uno_util import WorkerError, named, prop

# The protocol owns the real stdout; anything else printing (pyuno, libraries) goes to stderr.
PROTO = os.fdopen(os.dup(1), "w", buffering=1)
os.dup2(2, 1)


def send(obj):
    PROTO.write(json.dumps(obj) + "\n")
    PROTO.flush()


class PasswordProbe(unohelper.Base, XInteractionHandler):
    """Answers every interaction with Abort, so a load never waits on a dialog, and notes password requests.

    pyuno cannot convert the request's exception payload (SystemError), so a password request is
    recognised by its XInteractionPassword continuation instead.
    """

    def __init__(self):
        self.asked_password = False

    def handle(self, request):
        try:
            continuations = request.getContinuations()
            for c in continuations:
                names = [t.typeName for t in c.getTypes()]
                if any(n.startswith("com.sun.star.task.XInteractionPassword") for n in names):
                    self.asked_password = True
            for c in continuations:
                if any(t.typeName == "com.sun.star.task.XInteractionAbort" for t in c.getTypes()):
                    c.select()
                    return
        except Exception as e:  # never let an exception escape into LibreOffice
            sys.stderr.write("uno_worker: interaction handler: %s\n" % type(e).__name__)


def pipe_files(profile_url, pipe):
    """The UNIX sockets this soffice creates, which only a clean exit removes.

    LibreOffice (sal/osl/unx/pipe.cxx) puts pipes in /tmp (/var/tmp if /tmp is not writable), named
    OSL_PIPE_<uid>_<name>: one for --accept, and the single-instance pipe, SingleOfficeIPC_ + the MD5 of the
    user installation URL as UTF-16LE, each byte in hex without zero padding (desktop/source/app/
    officeipcthread.cxx). LibreOffice resolves symlinks in that URL first, so we pass it resolved already.
    """
    folder = "/tmp" if os.access("/tmp", os.W_OK) else "/var/tmp"
    digest = "".join("%x" % b for b in hashlib.md5(profile_url.encode("utf-16-le")).digest())
    uid = os.getuid()
    return [os.path.join(folder, "OSL_PIPE_%d_%s" % (uid, name)) for name in (pipe, "SingleOfficeIPC_" + digest)]


PIPE_FILES = []


def remove_pipe_files():
    for path in PIPE_FILES:
        try:
            os.unlink(path)
        except OSError:
            pass


# Written into a fresh profile. Defence in depth only (sandbox.py is the barrier): BlockUntrustedRefererLinks
# stops LibreOffice from loading linked images of a document outside the trusted locations (none are set):
# HTML <img>, linked pictures of docx/odt/pptx. It does not stop HTML style sheets or CSS backgrounds
# (checked on 7.4), and data: images still show.
PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" \
oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""


def write_profile_settings(profile):
    user = os.path.join(profile, "user")
    os.makedirs(user, exist_ok=True)
    path = os.path.join(user, "registrymodifications.xcu")
    if not os.path.exists(path):
        with open(path, "w") as f:
            f.write(PROFILE_SETTINGS)


class Office:
    def __init__(self, soffice, profile, pipe):
        self.pipe = pipe
        write_profile_settings(profile)
        url = uno.systemPathToFileUrl(os.path.realpath(profile))
        # Node removes them once this process group is gone, however it ends (see office-pool.js).
        PIPE_FILES[:] = pipe_files(url, pipe)
        send({"event": "pipes", "paths": PIPE_FILES})
        # stdout/stderr to /dev/null: soffice chatter must not corrupt the JSON channel.
        self.proc = subprocess.Popen(
            [soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
             "--nolockcheck", "-env:UserInstallation=" + url,
             "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.desktop = None
        self.dispatcher = None
        self.ctx = None
        self.fonts = None  # the font families LibreOffice can draw with, asked once (installed_fonts)

    def connect(self, timeout_s):
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + timeout_s
        while True:
            if self.proc.poll() is not None:
                # The oosplash wrapper stays the parent of soffice.bin for its whole life: its exit is a failure.
                raise RuntimeError("soffice exited with code %s before accepting a connection" % self.proc.returncode)
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % self.pipe)
                self.desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
                self.dispatcher = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
                self.ctx = ctx
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise RuntimeError("LibreOffice did not accept a UNO connection within %d s" % timeout_s)
                time.sleep(0.1)

    def try_load(self, url, props):
        probe = PasswordProbe()
        try:
            doc = self.desktop.loadComponentFromURL(url, "_blank", 0, tuple(props + [prop("InteractionHandler", probe)]))
        except Exception as e:
            if is_bridge_dead(e):
                raise WorkerError("engine_failed", "LibreOffice stopped while opening the document", fatal=True)
            doc = None
        return doc, probe.asked_password

    def load(self, path, load):
        """Open without a password first: only a document that asks for one is encrypted.

        (A given password cannot tell: LibreOffice turns it into EncryptionData even for a plain
        document.) The password-less attempt of an encrypted file stops at type detection, so it is cheap.
        """
        # Read-only, unless the view changes the document (a read-only sheet stays hidden): the file is a
        # copy in the job's folder either way, and the result is stored elsewhere.
        edits = changes_document(load)
        props = [prop("Hidden", True), prop("ReadOnly", not edits),
                 prop("MacroExecutionMode", 0),  # NEVER_EXECUTE: documents come from strangers
                 prop("UpdateDocMode", 0)]  # NO_UPDATE: links (OLE, DDE, sections, external data) keep their cached state
        if load.get("filter"):
            props.append(prop("FilterName", load["filter"]))
        if load.get("filterOptions"):
            options = load["filterOptions"]
            if load.get("csv"):
                options = csv_filter_options(options, path, load["csv"])
            props.append(prop("FilterOptions", options))
        url = uno.systemPathToFileUrl(path)
        doc, asked = self.try_load(url, props)
        encrypted = False
        if doc is None and asked:
            password = load.get("password")
            if password is None:
                raise WorkerError("password_required", "The document is password-protected: pass loadOptions.password")
            doc, _ = self.try_load(url, props + [prop("Password", password)])
            if doc is None:
                raise WorkerError("wrong_password", "The password is incorrect")
            encrypted = True
        if doc is None:
            raise WorkerError("corrupt_input", "LibreOffice could not open the document: it is damaged or not a %s file"
                              % load.get("format", "supported"))
        expected = load.get("service")
        if expected and not doc.supportsService(expected):
            close(doc)
            raise WorkerError("corrupt_input", "The document is not a %s file: its content is another kind of document"
                              % load.get("format", "supported"))
        return doc, encrypted

    def convert(self, req):
        load = req.get("load") or {}
        doc, encrypted = self.load(req["input"], load)
        try:
            meta = metadata(doc, encrypted) if req.get("meta") else None
            view = load.get("view") or {}
            parse_edits(doc, load)
            apply_view(doc, view, self.dispatch)
            page_setup(doc, load.get("page"))
            clear_properties(doc, load.get("clearProperties"))
            substitute_fonts(doc, load.get("fontSubstitutes"))
            if load.get("defaultFont"):
                draw_missing_fonts_in(doc, load["defaultFont"], self.installed_fonts())
            store(doc, req["output"], with_view_filter_data(req["store"], view))
        finally:
            close(doc)
        return meta

    def installed_fonts(self):
        if self.fonts is None:
            toolkit = self.ctx.ServiceManager.createInstanceWithContext("com.sun.star.awt.Toolkit", self.ctx)
            self.fonts = {d.Name.lower() for d in toolkit.createScreenCompatibleDevice(1, 1).getFontDescriptors()}
        return self.fonts

    def dispatch(self, doc, command):
        """Runs a menu command (.uno:…) on a loaded document, through its hidden frame."""
        self.dispatcher.executeDispatch(doc.getCurrentController().getFrame(), command, "", 0, ())

    def tables(self, req):
        doc, _ = self.load(req["input"], req.get("load") or {})
        try:
            return read_tables(doc)
        finally:
            close(doc)

    def stamp(self, req):
        doc = self.desktop.loadComponentFromURL("private:factory/sdraw", "_blank", 0, (prop("Hidden", True),))
        try:
            draw_stamp(doc, req["page"], req["mark"])
            store(doc, req["output"], {"filter": "draw_pdf_Export"})
        finally:
            close(doc)

    def terminate(self):
        try:
            if self.desktop is not None:
                self.desktop.terminate()
        except Exception:
            pass


def is_bridge_dead(e):
    # pyuno names its exception classes by their full UNO name (com.sun.star.lang.DisposedException).
    name = type(e).__name__.rsplit(".", 1)[-1]
    return name == "DisposedException" or (name == "RuntimeException" and "bridge" in str(e).lower())


def iso(dt):
    if dt is None or dt.Year <= 0:
        return None
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (dt.Year, dt.Month, dt.Day, dt.Hours, dt.Minutes, dt.Seconds)


def metadata(doc, encrypted):
    meta = {"isPasswordProtected": encrypted, "title": "", "author": "", "createdDate": None, "modifiedDate": None}
    try:
        p = doc.getDocumentProperties()
        meta.update(title=p.Title or "", author=p.Author or "",
                    createdDate=iso(p.CreationDate), modifiedDate=iso(p.ModificationDate))
    except Exception:
        pass
    return meta


def store(doc, output, spec):
    props = [prop("FilterName", spec["filter"]), prop("Overwrite", True)]
    if spec.get("filterOptions"):
        props.append(prop("FilterOptions", spec["filterOptions"]))
    if spec.get("filterData"):
        data = tuple(prop(k, v) for k, v in spec["filterData"].items())
        props.append(prop("FilterData", uno.Any("[]com.sun.star.beans.PropertyValue", data)))
    if spec.get("ooxmlPassword") is not None:
        # OOXML encryption wants typed EncryptionData naming the crypto service; a plain
        # "Password" is silently ignored by the OOXML filters and the file comes out unencrypted.
        data = (named("OOXPassword", spec["ooxmlPassword"]), named("CryptoType", "StrongEncryptionDataSpace"))
        props.append(prop("EncryptionData", uno.Any("[]com.sun.star.beans.NamedValue", data)))
    elif spec.get("password") is not None:
        props.append(prop("Password", spec["password"]))
    try:
        uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(output), tuple(props)))
    except Exception as e:
        if is_bridge_dead(e):
            raise WorkerError("engine_failed", "LibreOffice stopped while writing the result", fatal=True)
        if (spec.get("filterData") or {}).get("PageRange"):
            # The PDF export fails outright when no page of the range exists (7.4).
            raise WorkerError("invalid_options", "The requested pages are not in the document")
        raise WorkerError("engine_failed", "LibreOffice could not write the result as %s" % spec["filter"])


def column_number(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def table_rows(table):
    """Rows of cell texts. Cell names (A1, B2) place each cell; a split cell (B2.1.1) is read into its
    base cell, so merged and split tables keep their text instead of failing like getDataArray does."""
    cells = {}
    for name in table.getCellNames():
        letters = "".join(ch for ch in name.split(".")[0] if ch.isalpha())
        digits = "".join(ch for ch in name.split(".")[0] if ch.isdigit())
        key = (int(digits) - 1, column_number(letters))
        text = table.getCellByName(name).getString()
        cells[key] = (cells[key] + " " + text).strip() if key in cells else text
    if not cells:
        return []
    height = max(r for r, _ in cells) + 1
    width = max(c for _, c in cells) + 1
    return [[cells.get((r, c), "") for c in range(width)] for r in range(height)]


def read_tables(doc):
    """The body's tables (document order) and paragraphs' texts, for "tables become sheets"."""
    tables, paragraphs = [], []
    parts = doc.getText().createEnumeration()
    while parts.hasMoreElements():
        part = parts.nextElement()
        if part.supportsService("com.sun.star.text.TextTable"):
            tables.append({"name": part.getName(), "rows": table_rows(part)})
        elif part.supportsService("com.sun.star.text.Paragraph"):
            paragraphs.append(part.getString())
    return {"tables": tables, "paragraphs": paragraphs}


HMM_PER_POINT = 2540 / 72  # LibreOffice's drawing unit is 1/100 mm; the API's watermark unit is the point
MAX_FONT_POINTS = 999  # LibreOffice's largest font height


def text_size(shape, points):
    """The auto-grown text frame's size (1/100 mm) at a font height."""
    shape.CharHeight = max(1.0, min(float(MAX_FONT_POINTS), points))
    size = shape.Size
    return size.Width, size.Height


def draw_stamp(doc, page, mark):
    """One text shape on a transparent page of the given visible size: the watermark.

    mark: text, fontName, fontSize, bold, italic, color (0xRRGGBB), transparency (0..100), rotation
    (degrees, counter-clockwise), autoAlign, and the box in points: left, top, width, height (0 = unset).
    The text is fitted into width x height keeping its proportions (one of them alone fixes the scale);
    autoAlign instead fits the rotated text into 90 % of the page. The box sits at left/top from the page's
    top-left corner; with neither set (or autoAlign) the text is centred on the page. It turns about its
    centre.
    """
    unit = lambda points: points * HMM_PER_POINT
    draw_page = doc.DrawPages.getByIndex(0)
    draw_page.Width, draw_page.Height = int(unit(page["width"])), int(unit(page["height"]))
    draw_page.BorderLeft = draw_page.BorderRight = draw_page.BorderTop = draw_page.BorderBottom = 0
    shape = doc.createInstance("com.sun.star.drawing.TextShape")
    draw_page.add(shape)
    shape.setString(mark["text"])
    shape.TextAutoGrowWidth = True
    shape.TextAutoGrowHeight = True
    shape.TextLeftDistance = shape.TextRightDistance = shape.TextUpperDistance = shape.TextLowerDistance = 0
    shape.CharFontName = mark["fontName"]
    shape.CharWeight = 150.0 if mark["bold"] else 100.0  # com.sun.star.awt.FontWeight BOLD / NORMAL
    shape.CharPosture = uno.Enum("com.sun.star.awt.FontSlant", "ITALIC" if mark["italic"] else "NONE")
    shape.CharColor = mark["color"]
    shape.CharTransparence = mark["transparency"]

    width, height = (max(1, side) for side in text_size(shape, mark["fontSize"]))  # never 0: we divide by them
    angle = math.radians(mark["rotation"])
    if mark["autoAlign"]:
        turned_w = width * abs(math.cos(angle)) + height * abs(math.sin(angle))
        turned_h = width * abs(math.sin(angle)) + height * abs(math.cos(angle))
        scale = min(0.9 * draw_page.Width / turned_w, 0.9 * draw_page.Height / turned_h)
    else:
        fits = [unit(mark["width"]) / width if mark["width"] else None, unit(mark["height"]) / height if mark["height"] else None]
        fits = [f for f in fits if f]
        scale = min(fits) if fits else 1
    if scale != 1:
        width, height = text_size(shape, mark["fontSize"] * scale)

    if not mark["autoAlign"] and (mark["left"] or mark["top"]):
        centre_x = unit(mark["left"]) + (unit(mark["width"]) if mark["width"] else width) / 2
        centre_y = unit(mark["top"]) + (unit(mark["height"]) if mark["height"] else height) / 2
    else:
        centre_x, centre_y = draw_page.Width / 2, draw_page.Height / 2
    shape.Position = Point(int(centre_x - width / 2), int(centre_y - height / 2))
    shape.RotateAngle = int(round(mark["rotation"] * 100)) % 36000  # about the shape's centre


def close(doc):
    try:
        doc.close(True)
    except Exception:
        try:
            doc.dispose()
        except Exception:
            pass


def kill_group():
    # We are the leader of the group Node created; soffice is in it too. A dying soffice does not remove its
    # pipes, so remove them first (it never creates them again); Node removes them too, if it is still there.
    remove_pipe_files()
    try:
        os.killpg(os.getpgrp(), signal.SIGKILL)
    finally:
        os._exit(1)


def read_stdin(requests):
    for line in sys.stdin:
        requests.put(line)
    # stdin closed: the owner is gone (or asks us to quit by closing it). Do not leave soffice behind:
    # the main loop terminates LibreOffice politely when idle; if it is stuck in a request, this timer wins.
    threading.Timer(5.0, kill_group).start()
    requests.put(None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--profile", required=True)
    ap.add_argument("--pipe", required=True)
    ap.add_argument("--soffice", default="soffice")
    ap.add_argument("--start-timeout", type=float, default=60)
    args = ap.parse_args()
    if os.getpgrp() != os.getpid():
        # Lead our own process group (Node normally starts us detached already), so that killing the
        # group takes soffice along and never touches whoever started us.
        os.setpgid(0, 0)

    requests = queue.Queue()
    office = Office(args.soffice, args.profile, args.pipe)
    try:
        office.connect(args.start_timeout)
    except Exception as e:
        send({"event": "fatal", "message": str(e)})
        office.proc.kill()
        kill_group()
    send({"event": "ready", "pid": os.getpid(), "sandbox": os.environ.get("GDCW_SANDBOX")})

    threading.Thread(target=read_stdin, args=(requests,), daemon=True).start()
    while True:
        line = requests.get()
        if line is None:
            # Polite exit: LibreOffice terminates, oosplash reaps soffice.bin, we reap oosplash: no zombies.
            office.terminate()
            try:
                office.proc.wait(timeout=4)
            except Exception:
                pass
            kill_group()
        try:
            req = json.loads(line)
        except ValueError:
            send({"id": None, "ok": False, "code": "engine_failed", "message": "bad request line"})
            continue
        rid = req.get("id")
        try:
            cmd = req.get("cmd")
            if cmd == "convert":
                meta = office.convert(req)
                send({"id": rid, "ok": True, "meta": meta})
            elif cmd == "tables":
                send(dict(office.tables(req), id=rid, ok=True))
            elif cmd == "stamp":
                office.stamp(req)
                send({"id": rid, "ok": True})
            elif cmd == "ping":
                send({"id": rid, "ok": True})
            elif cmd == "sleep":
                time.sleep(float(req.get("seconds", 3600)))
                send({"id": rid, "ok": True})
            else:
                send({"id": rid, "ok": False, "code": "engine_failed", "message": "unknown command"})
        except WorkerError as e:
            send({"id": rid, "ok": False, "code": e.code, "message": str(e), "fatal": e.fatal})
            if e.fatal:
                kill_group()
        except Exception as e:
            dead = is_bridge_dead(e)
            send({"id": rid, "ok": False, "code": "engine_failed",
                  "message": "LibreOffice failed: %s" % type(e).__name__, "fatal": dead})
            if dead:
                kill_group()


if __name__ == "__main__":
    main()
