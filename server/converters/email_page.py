#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Render one email message as a self-contained HTML page that LibreOffice Writer opens (issue 18).

    /usr/bin/python3 email_page.py --format eml|emlx MESSAGE_FILE < options.json > page.html

The page holds a header block (From, To, Cc, Bcc, Subject, Date and the attachments by name and size),
then the body: the text/html part when there is one (as mail clients prefer it), else text/plain.
Python's email package (policy.default) decodes quoted-printable/base64, charsets and RFC 2047/2231
words. The message's HTML is rebuilt from an allow-list of tags and attributes, so the page has no
script, no form, no frame, and no reference to anything outside it: LibreOffice must never fetch a
remote resource while it renders a stranger's message. Inline images (cid:) become data: URIs.

options.json (made by email.js, already validated):
  {"header": bool, "addresses": {"from": bool, "to": bool, "cc": bool, "bcc": bool},
   "lines": {"subject": bool, "date": bool, "attachments": bool}, "attachmentsDir"?: a folder to save the
   attachments in (save_attachments),
   "labels": {"from", "to", "cc", "bcc", "subject", "date", "attachments"}, "offsetMinutes": int|null}
Exit status 0: the page on stdout. 3: not a message (the reason on stderr). Anything else: a failure.
"""
import argparse
import base64
import datetime
import email
import email.policy
import email.utils
import html
import json
import mimetypes
import os
import re
import sys
from html.parser import HTMLParser

NOT_A_MESSAGE = 3

# Tags kept from a message's HTML; everything else is dropped (its text kept), and the tags in DROP_WITH_CONTENT
# are dropped with everything inside them.
KEEP_TAGS = {
    "a", "abbr", "address", "article", "b", "big", "blockquote", "br", "caption", "center", "cite", "code", "col",
    "colgroup", "dd", "del", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "font", "footer", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins", "kbd", "li", "main", "mark", "ol", "p", "pre", "q",
    "s", "samp", "section", "small", "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "tt", "u", "ul", "var",
}
VOID_TAGS = {"br", "col", "hr", "img"}
DROP_WITH_CONTENT = {
    "applet", "audio", "button", "canvas", "frameset", "iframe", "math", "noembed", "noframes", "noscript",
    "object", "script", "select", "style", "svg", "template", "textarea", "title", "video",
}
KEEP_ATTRIBUTES = {
    "align", "alt", "bgcolor", "border", "cellpadding", "cellspacing", "color", "cols", "colspan", "dir", "face",
    "height", "lang", "rowspan", "size", "span", "start", "style", "title", "type", "valign", "width",
}
LINK_SCHEMES = ("http:", "https:", "mailto:")
INLINE_IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp"}
DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif|bmp|webp);base64,[A-Za-z0-9+/=\s]*$", re.I)
# style="" keeps a declaration only if every function in it is a colour or calc(): url(), image-set(),
# expression() … could load something. Backslashes (CSS escapes: u\72l) and at-rules go whole.
CSS_FUNCTION = re.compile(r"([\w-]*)\s*\(")
CSS_SAFE_FUNCTIONS = {"rgb", "rgba", "hsl", "hsla", "calc"}


def safe_declaration(declaration):
    if "\\" in declaration or "@" in declaration or ":" not in declaration:
        return False
    return all(f.lower() in CSS_SAFE_FUNCTIONS for f in CSS_FUNCTION.findall(declaration))


class SafeHtml(HTMLParser):
    """Rebuilds HTML from KEEP_TAGS and KEEP_ATTRIBUTES; texts and attribute values are escaped again."""

    def __init__(self, inline_images):
        super().__init__(convert_charrefs=True)
        self.inline_images = inline_images  # content id -> data: URI
        self.used_ids = set()
        self.out = []
        self.open = []  # kept tags still open
        self.dropping = []  # DROP_WITH_CONTENT tags we are inside

    def handle_starttag(self, tag, attrs):
        if self.dropping:
            if tag in DROP_WITH_CONTENT:
                self.dropping.append(tag)
            return
        if tag in DROP_WITH_CONTENT:
            self.dropping.append(tag)
            return
        if tag not in KEEP_TAGS:
            return
        kept = self.attributes(tag, dict(attrs))
        if kept is None:
            return
        self.out.append("<%s%s>" % (tag, "".join(' %s="%s"' % (k, html.escape(v)) for k, v in kept)))
        if tag not in VOID_TAGS:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        # <p/>, <iframe/>: an element with nothing in it.
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.handle_endtag(tag)

    def attributes(self, tag, attrs):
        """The attributes to keep, or None to drop the tag (an image that is not part of the message)."""
        kept = []
        for name, value in attrs.items():
            if value is None or name not in KEEP_ATTRIBUTES:
                continue
            if name == "style":
                value = ";".join(d for d in value.split(";") if safe_declaration(d))
            kept.append((name, value))
        if tag == "a":
            href = (attrs.get("href") or "").strip()
            if href.lower().startswith(LINK_SCHEMES) or href.startswith("#"):
                kept.append(("href", href))  # a link is only text until someone clicks it
            if attrs.get("name"):
                kept.append(("name", attrs["name"]))
        if tag == "img":
            src = (attrs.get("src") or "").strip()
            content_id = src[4:].strip("<>") if src.lower().startswith("cid:") else None
            if content_id in self.inline_images:
                self.used_ids.add(content_id)
                kept.append(("src", self.inline_images[content_id]))
            elif DATA_IMAGE.match(src):
                kept.append(("src", src))
            else:
                # A remote (or missing) image: mail clients block those too; its alt text stands in for it.
                alt = attrs.get("alt")
                if alt:
                    self.out.append("[%s]" % html.escape(alt))
                return None
        return kept

    def handle_endtag(self, tag):
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            return
        if tag in self.open:
            while self.open:
                top = self.open.pop()
                self.out.append("</%s>" % top)
                if top == tag:
                    break

    def handle_data(self, data):
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    def feed_message_html(self, text):
        # Marked sections (<![CDATA[…]]>, Outlook's <![if …]>) carry nothing to show, and a malformed one makes
        # HTMLParser raise: they go before parsing.
        self.feed(re.sub(r"<!\[(?:CDATA\[.*?\]\]|[^>]*)>", "", text, flags=re.S | re.I).replace("<![", "&lt;!["))

    def result(self):
        self.close()
        return "".join(self.out) + "".join("</%s>" % t for t in reversed(self.open))


def read_message(path, fmt):
    with open(path, "rb") as f:
        data = f.read()
    if fmt == "emlx":
        # Apple Mail: a line with the message's length in bytes, the RFC 822 message, then an XML plist.
        m = re.match(rb"\s*(\d+)[ \t]*\r?\n", data)
        if not m:
            raise NotAMessage("The document is not an emlx file: it does not start with the message's length")
        data = data[m.end():m.end() + int(m.group(1))]
    msg = email.message_from_bytes(data, policy=email.policy.default)
    if not msg.keys():
        raise NotAMessage("The document is not an email message: it has no header")
    return msg


class NotAMessage(Exception):
    pass


def header_text(msg, name):
    """A header decoded (RFC 2047), or its raw text when it is too broken to parse."""
    try:
        value = msg[name]
        return None if value is None else str(value)
    except Exception:  # a malformed header must not lose the whole message
        return next((str(v) for k, v in msg.raw_items() if k.lower() == name), None)


def addresses(msg, name, with_address):
    """'Name <addr>, …' (or only the names, or the address when there is no name)."""
    try:
        value = msg[name]
    except Exception:
        return header_text(msg, name)
    if value is None:
        return None
    found = getattr(value, "addresses", None)
    if not found:
        return str(value) or None
    shown = []
    for a in found:
        name_part, addr = a.display_name, a.addr_spec
        if name_part and addr and with_address:
            shown.append("%s <%s>" % (name_part, addr))
        else:
            shown.append(name_part or addr)
    return ", ".join(s for s in shown if s) or None


def message_datetime(msg):
    """The Date header as an aware datetime (a zone-less -0000 date is taken as UTC), or None."""
    try:
        when = msg["date"].datetime
    except Exception:  # missing or unparseable
        return None
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    return when


def date_text(msg, offset_minutes):
    """The Date line: in the message's own offset, or in timeZoneOffset's; the raw text if it does not parse."""
    when = message_datetime(msg)
    if when is None:
        return header_text(msg, "date")
    if offset_minutes is not None:
        when = when.astimezone(datetime.timezone(datetime.timedelta(minutes=offset_minutes)))
    return email.utils.format_datetime(when)


def size_text(n):
    if n < 1024:
        return "%d bytes" % n
    if n < 1024 * 1024:
        return "%.1f KB" % (n / 1024)
    return "%.1f MB" % (n / (1024 * 1024))


def leaves(part):
    """The message's non-multipart parts, in order; an attached message counts as one part."""
    if part.get_content_maintype() == "multipart" and part.is_multipart():
        for sub in part.iter_parts():
            yield from leaves(sub)
    else:
        yield part


def payload_bytes(part):
    if part.get_content_type() == "message/rfc822" and part.is_multipart():
        return part.get_payload(0).as_bytes()
    return part.get_payload(decode=True) or b""


def text_of(part):
    try:
        return part.get_content()
    except (LookupError, UnicodeError, KeyError):  # an unknown or lying charset: keep what decodes
        return payload_bytes(part).decode("utf-8", "replace")


def content_id(part):
    cid = part.get("content-id")
    return str(cid).strip().strip("<>") if cid else None


def attachment_name(part, index):
    name = part.get_filename()
    if name:
        return name
    if part.get_content_type() == "message/rfc822" and part.is_multipart():
        subject = header_text(part.get_payload(0), "subject")
        if subject:
            return subject + ".eml"
    return "attachment-%d%s" % (index, mimetypes.guess_extension(part.get_content_type()) or "")


def plain_to_html(text):
    """Paragraphs at blank lines, line breaks kept, runs of spaces kept (indented and aligned text)."""
    def line_html(line):
        return html.escape(line).replace("  ", "\u00a0 ")
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip("\n"))
    return "\n".join("<p>%s</p>" % "<br>\n".join(line_html(line) for line in p.split("\n")) for p in paragraphs if p)


def find_body(msg):
    """The part a mail client shows: text/html when there is one, else text/plain (RFC 2046 alternatives)."""
    try:
        return msg.get_body(preferencelist=("html", "plain"))
    except AttributeError:  # a multipart whose boundary is missing trips the email package: look for ourselves
        texts = [p for p in leaves(msg) if p.get_content_type() in ("text/html", "text/plain")]
        return next((p for p in texts if p.get_content_type() == "text/html"), texts[0] if texts else None)


def save_attachments(attachments, folder):
    """EmailLoadOptions.convertAttachments: each attachment as a file of `folder` (01, 02 … with the extension
    of its name; the name itself is the sender's, so it never becomes a path), listed in attachments.json."""
    listed = []
    for i, (name, data) in enumerate(attachments, 1):
        ext = os.path.splitext(name)[1].lower()
        file = "%02d%s" % (i, ext if ext[1:].isalnum() else "")
        with open(os.path.join(folder, file), "wb") as f:
            f.write(data)
        listed.append({"file": file, "name": name})
    with open(os.path.join(folder, "attachments.json"), "w", encoding="utf-8") as f:
        json.dump(listed, f)


def render(msg, options):
    body = find_body(msg)
    inline_images = {}
    for part in leaves(msg):
        cid = content_id(part)
        if cid and part.get_content_type() in INLINE_IMAGE_TYPES:
            inline_images[cid] = "data:%s;base64,%s" % (
                part.get_content_type(), base64.b64encode(payload_bytes(part)).decode("ascii"))

    used_ids = set()
    if body is None:
        body_html = ""
    elif body.get_content_type() == "text/html":
        cleaner = SafeHtml(inline_images)
        cleaner.feed_message_html(text_of(body))
        body_html = cleaner.result()
        used_ids = cleaner.used_ids
    else:
        body_html = plain_to_html(text_of(body))

    attachments = []
    for part in leaves(msg):
        if part is body or content_id(part) in used_ids or part.get_content_maintype() == "multipart":
            continue  # (a multipart here is one without parts: nothing to list)
        named = part.get_filename() or part.get_content_disposition() == "attachment"
        if part.get_content_maintype() == "text" and not named:
            continue  # the other alternative of the body
        attachments.append((attachment_name(part, len(attachments) + 1), payload_bytes(part)))
    if options.get("attachmentsDir"):
        save_attachments(attachments, options["attachmentsDir"])

    subject = header_text(msg, "subject") or ""
    labels = options["labels"]
    show = options["addresses"]
    rows = []
    if options["header"]:
        fields = [
            ("from", addresses(msg, "from", show["from"])),
            ("to", addresses(msg, "to", show["to"])),
            ("cc", addresses(msg, "cc", show["cc"])),
            ("bcc", addresses(msg, "bcc", show["bcc"])),
            ("subject", subject),
            ("date", date_text(msg, options["offsetMinutes"])),
            ("attachments", ", ".join("%s (%s)" % (n, size_text(len(b))) for n, b in attachments)),
        ]
        shown_lines = options.get("lines") or {}
        rows = ["<p><b>%s:</b> %s</p>" % (html.escape(labels[key]), html.escape(value))
                for key, value in fields if value and shown_lines.get(key, True)]
    author = addresses(msg, "from", False) or ""
    sent = message_datetime(msg)
    created = sent.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S") if sent else ""
    return "".join([
        "<!DOCTYPE html>\n<html><head><meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\">",
        "<title>%s</title>" % html.escape(subject),
        "<meta name=\"author\" content=\"%s\">" % html.escape(author),
        "<meta name=\"created\" content=\"%s\">" % created if created else "",  # UTC, as info() reports dates
        "</head><body>\n",
        "\n".join(rows), "\n<hr>\n" if rows else "",
        body_html, "\n</body></html>\n",
    ])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--format", choices=("eml", "emlx"), default="eml")
    ap.add_argument("message")
    args = ap.parse_args()
    options = json.load(sys.stdin)
    try:
        page = render(read_message(args.message, args.format), options)
    except NotAMessage as e:
        sys.stderr.write(str(e))
        sys.exit(NOT_A_MESSAGE)
    except (ValueError, TypeError, LookupError, AttributeError, IndexError, AssertionError) as e:
        # The email package is lenient, but a message malformed enough still trips it somewhere: that is the
        # document's fault (400), not the server's.
        sys.stderr.write("The email message is malformed and could not be read (%s)" % type(e).__name__)
        sys.exit(NOT_A_MESSAGE)
    # Undecodable 8-bit header bytes come back from the email package as surrogates: shown as U+FFFD.
    sys.stdout.buffer.write(page.encode("utf-8", "replace"))


if __name__ == "__main__":
    main()
