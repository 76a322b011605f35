# SPDX-License-Identifier: MIT
"""What of a document the pages show, and the edits LoadOptions ask for, applied to a loaded document by
uno_worker.py (server/converters/document-view.js decides them from the options).

Everything here runs on the document in memory, between loading and storing; the file itself is a copy in the
job's folder.
"""
import csv
import json
import locale

import uno
from com.sun.star.lang import Locale

from uno_util import WorkerError, prop

def substitute_fonts(doc, pairs):
    """LoadOptions.fontSubstitutes in a Writer document: every style and every run of text set in a replaced
    font is set in its substitute. (LibreOffice's own replacement table is read by its layout only when the
    options dialog applies it, which UNO cannot do.)"""
    if not pairs or not doc.supportsService("com.sun.star.text.TextDocument"):
        return
    families = doc.getStyleFamilies()
    for family in ("ParagraphStyles", "CharacterStyles"):
        styles = families.getByName(family)
        for name in styles.getElementNames():
            style = styles.getByName(name)
            for suffix in ("", "Asian", "Complex"):
                key = "CharFontName" + suffix
                try:
                    if style.getPropertyValue(key) in pairs:
                        style.setPropertyValue(key, pairs[style.getPropertyValue(key)])
                except Exception:
                    pass  # a style without this property
    for replaced, substitute in pairs.items():
        for suffix in ("", "Asian", "Complex"):
            key = "CharFontName" + suffix
            desc = doc.createReplaceDescriptor()
            desc.setSearchString("")
            desc.setValueSearch(True)  # runs whose font has this value, whatever their text
            desc.setSearchAttributes((prop(key, replaced),))
            desc.setReplaceAttributes((prop(key, substitute),))
            doc.replaceAll(desc)


def draw_missing_fonts_in(doc, font, installed):
    """LoadOptions.defaultFont: text set in a font LibreOffice does not have (`installed`: lower-case family names)
    is drawn in `font` instead of fontconfig's pick: in every style, and in the text of a Writer document (runs,
    tables), a spreadsheet (cells) or a presentation (shapes on slides and masters)."""
    missing = lambda name: bool(name) and name.lower() not in installed
    families = doc.getStyleFamilies()
    for family in families.getElementNames():
        styles = families.getByName(family)
        for name in styles.getElementNames():
            set_missing_font(styles.getByName(name), font, missing)
    if doc.supportsService("com.sun.star.text.TextDocument"):
        used = set()
        collect_fonts(doc.getText(), used)
        substitute_fonts(doc, {name: font for name in used if missing(name)})
    elif doc.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
        sheets = doc.getSheets()
        for i in range(sheets.getCount()):
            ranges = sheets.getByIndex(i).getCellFormatRanges()
            for j in range(ranges.getCount()):
                set_missing_font(ranges.getByIndex(j), font, missing)
    elif doc.supportsService("com.sun.star.drawing.GenericDrawingDocument"):
        for pages in (doc.getDrawPages(), doc.getMasterPages()):
            for i in range(pages.getCount()):
                page = pages.getByIndex(i)
                for k in range(page.getCount()):
                    shape = page.getByIndex(k)
                    if shape.supportsService("com.sun.star.drawing.Text"):
                        for portion in text_portions(shape.getText()):
                            set_missing_font(portion, font, missing)


def set_missing_font(item, font, missing):
    for key in ("CharFontName", "CharFontNameAsian", "CharFontNameComplex"):
        try:
            if missing(item.getPropertyValue(key)):
                item.setPropertyValue(key, font)
        except Exception:
            pass  # an item without this property


def text_portions(text):
    """Every run of a text's paragraphs, the cells of its tables included."""
    paragraphs = text.createEnumeration()
    while paragraphs.hasMoreElements():
        element = paragraphs.nextElement()
        if element.supportsService("com.sun.star.text.TextTable"):
            for name in element.getCellNames():
                yield from text_portions(element.getCellByName(name))
        elif element.supportsService("com.sun.star.text.Paragraph"):
            portions = element.createEnumeration()
            while portions.hasMoreElements():
                yield portions.nextElement()


def collect_fonts(text, used):
    for portion in text_portions(text):
        for key in ("CharFontName", "CharFontNameAsian", "CharFontNameComplex"):
            try:
                used.add(portion.getPropertyValue(key))
            except Exception:
                pass


def number_pages(doc):
    """LoadOptions.pageNumbering: the page's number in the footer of every page style in use (a footer it
    already has keeps its text; the number goes on a line of its own after it), centred."""
    styles = doc.getStyleFamilies().getByName("PageStyles")
    for name in styles.getElementNames():
        style = styles.getByName(name)
        if not style.isInUse():
            continue
        style.setPropertyValue("FooterIsOn", True)
        footer = style.getPropertyValue("FooterText")
        cursor = footer.createTextCursorByRange(footer.getEnd())
        if footer.getString():
            footer.insertControlCharacter(cursor, 0, False)  # PARAGRAPH_BREAK
        cursor.setPropertyValue("ParaAdjust", 3)  # CENTER
        number = doc.createInstance("com.sun.star.text.TextField.PageNumber")
        number.setPropertyValue("NumberingType", 4)  # ARABIC
        number.setPropertyValue("SubType", uno.Enum("com.sun.star.text.PageNumberType", "CURRENT"))
        footer.insertTextContent(cursor, number, False)


def clear_properties(doc, clear):
    """LoadOptions.clearBuiltInDocumentProperties (title, author, subject, keywords, description, who changed
    it) and clearCustomDocumentProperties (every user-defined property)."""
    if not clear:
        return
    props = doc.getDocumentProperties()
    if clear.get("builtIn"):
        for name in ("Title", "Author", "Subject", "Description", "ModifiedBy", "PrintedBy", "Generator"):
            setattr(props, name, "")  # XDocumentProperties: attributes, not a property set
        props.Keywords = ()
    if clear.get("custom"):
        user = props.getUserDefinedProperties()
        for p in user.getPropertySetInfo().getProperties():
            user.removeProperty(p.Name)


def page_setup(doc, page):
    """The page size, orientation and margins (server/converters/document-view.js, pageSetup), on every page
    style in use of a Writer document, in 1/100 mm."""
    if not page or not doc.supportsService("com.sun.star.text.TextDocument"):
        return
    styles = doc.getStyleFamilies().getByName("PageStyles")
    for name in styles.getElementNames():
        style = styles.getByName(name)
        if not style.isInUse():
            continue
        width, height = page.get("width"), page.get("height")
        if width is None:
            width, height = style.getPropertyValue("Width"), style.getPropertyValue("Height")
        landscape = page.get("landscape")
        if landscape is None:
            landscape = style.getPropertyValue("IsLandscape")
        short, long = sorted((width, height))
        style.setPropertyValue("IsLandscape", bool(landscape))
        style.setPropertyValue("Width", long if landscape else short)
        style.setPropertyValue("Height", short if landscape else long)
        for key, prop_name in (("marginTop", "TopMargin"), ("marginBottom", "BottomMargin"),
                               ("marginLeft", "LeftMargin"), ("marginRight", "RightMargin")):
            if key in (page.get("margins") or {}):
                style.setPropertyValue(prop_name, page["margins"][key])


def chosen_sheets(sheets, view):
    """The indexes of the sheets SpreadsheetLoadOptions.sheets (names) and sheetIndexes (0-based) name, or
    None when they name none (every sheet)."""
    names = json.loads(view["sheets"]) if view.get("sheets") else []
    indexes = json.loads(view["sheetIndexes"]) if view.get("sheetIndexes") else []
    if not names and not indexes:
        return None
    chosen = {i for i in indexes if i < sheets.getCount()}
    for i in range(sheets.getCount()):
        if sheets.getByIndex(i).getName() in names:
            chosen.add(i)
    if not chosen:
        raise WorkerError("invalid_options", "loadOptions.sheets and sheetIndexes name no sheet of the document")
    return chosen


def apply_view(doc, view, dispatch):
    """What of the document the pages show (server/converters/document-view.js), set on the loaded document."""
    if doc.supportsService("com.sun.star.text.TextDocument"):
        if view.get("showChanges") is False:
            # The document as if its changes were accepted: hiding them (ShowChanges) does not reach the PDF export.
            dispatch(doc, ".uno:AcceptAllTrackedChanges")
        if view.get("pageNumbers"):
            number_pages(doc)
        if view.get("hyphenate"):
            hyphenate(doc, caps=view["hyphenate"] != "noCaps")
        if view.get("updateFields"):
            update_fields(doc)
    if doc.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
        sheets = doc.getSheets()
        page_styles = doc.getStyleFamilies().getByName("PageStyles")
        chosen = chosen_sheets(sheets, view)
        for i in range(sheets.getCount()):
            sheet = sheets.getByIndex(i)
            if chosen is not None:
                # Only the sheets asked for: the others are hidden, which the PDF export leaves out.
                sheet.setPropertyValue("IsVisible", i in chosen)
                if i not in chosen:
                    continue
            style = page_styles.getByName(sheet.getPropertyValue("PageStyle"))
            if view.get("onePagePerSheet"):
                style.setPropertyValue("ScaleToPages", 1)
            elif view.get("allColumnsOnOnePage"):
                # As wide as one page, as many pages down as the rows need.
                style.setPropertyValue("ScaleToPagesX", 1)
                style.setPropertyValue("ScaleToPagesY", 0)
            if view.get("showHiddenSheets"):
                sheet.setPropertyValue("IsVisible", True)
            if view.get("range") and sheet.getPropertyValue("IsVisible"):
                try:
                    area = sheet.getCellRangeByName(view["range"]).getRangeAddress()
                except Exception:
                    raise WorkerError("invalid_options", "loadOptions.convertRange is not a range of the sheet")
                sheet.setPrintAreas((area,))
            if view.get("gridLines"):
                style.setPropertyValue("PrintGrid", True)
            lay_out_cells(sheet, style, view)
        if view.get("culture"):
            localize_numbers(doc, view["culture"])


def used_area(sheet):
    """The sheet's used area (from A1 to its last cell with content or formatting) as a range address."""
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    return cursor.getRangeAddress()


def spans(pairs):
    """Sorted, merged [first, last] runs of the (first, last) pairs."""
    merged = []
    for first, last in sorted(pairs):
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return merged


def gaps(runs, end):
    """The [first, last] runs of 0..end that `runs` (sorted, merged) do not cover."""
    out, next_free = [], 0
    for first, last in runs:
        if first > next_free:
            out.append((next_free, first - 1))
        next_free = last + 1
    if next_free <= end:
        out.append((next_free, end))
    return out


def every_nth(runs, n):
    """The lines of `runs` that start a page of n lines (not the first)."""
    lines = (line for first, last in runs for line in range(first, last + 1))
    return [line for k, line in enumerate(lines) if k > 0 and k % n == 0]


# com.sun.star.sheet.CellFlags: what makes a cell count as not empty.
CONTENT = 1 | 2 | 4 | 8 | 16  # VALUE, DATETIME, STRING, ANNOTATION, FORMULA


def lay_out_cells(sheet, style, view):
    """SpreadsheetLoadOptions that lay a sheet's cells out on pages: skipEmptyRowsAndColumns (empty rows and
    columns hidden), autoFitRows (rows as high as their text), rowsPerPage and columnsPerPage (a page break
    after every n of the rows and columns shown), printComments (cell comments at the end of the sheet, or
    shown where they are)."""
    area = used_area(sheet)
    rows = [[0, area.EndRow]]
    columns = [[0, area.EndColumn]]
    # A drawing or chart sits on cells that may be empty: a sheet with any keeps its empty lines.
    if view.get("skipEmpty") and sheet.getDrawPage().getCount() == 0:
        filled = sheet.queryContentCells(CONTENT).getRangeAddresses()
        if filled:
            rows = spans((a.StartRow, a.EndRow) for a in filled)
            columns = spans((a.StartColumn, a.EndColumn) for a in filled)
            for first, last in gaps(rows, area.EndRow):
                sheet.getCellRangeByPosition(0, first, 0, last).getRows().setPropertyValue("IsVisible", False)
            for first, last in gaps(columns, area.EndColumn):
                sheet.getCellRangeByPosition(first, 0, last, 0).getColumns().setPropertyValue("IsVisible", False)
    if view.get("autoFitRows"):
        sheet.getCellRangeByPosition(0, 0, area.EndColumn, area.EndRow).getRows().setPropertyValue("OptimalHeight", True)
    if view.get("rowsPerPage"):
        for row in every_nth(rows, view["rowsPerPage"]):
            sheet.getRows().getByIndex(row).setPropertyValue("IsStartOfNewPage", True)
    if view.get("columnsPerPage"):
        for column in every_nth(columns, view["columnsPerPage"]):
            sheet.getColumns().getByIndex(column).setPropertyValue("IsStartOfNewPage", True)
    if view.get("cellComments") == "sheetEnd":
        style.setPropertyValue("PrintAnnotations", True)
    elif view.get("cellComments") == "inPlace":
        notes = sheet.getAnnotations()
        for i in range(notes.getCount()):
            notes.getByIndex(i).setIsVisible(True)


def to_locale(culture):
    """A .NET culture name (de-DE, fr, zh-Hans-CN) as a UNO Locale."""
    parts = culture.replace("_", "-").split("-")
    loc = Locale()
    loc.Language = parts[0].lower()
    loc.Country = next((p.upper() for p in parts[1:] if len(p) == 2), "")
    return loc


def localize_numbers(doc, culture):
    """SpreadsheetLoadOptions.cultureInfo: numbers, dates and times shown as that culture writes them (each
    range of cells with one number format gets the same format in the culture's locale)."""
    loc = to_locale(culture)
    formats = doc.getNumberFormats()
    sheets = doc.getSheets()
    for i in range(sheets.getCount()):
        ranges = sheets.getByIndex(i).getCellFormatRanges()
        for j in range(ranges.getCount()):
            cells = ranges.getByIndex(j)
            cells.setPropertyValue("NumberFormat", formats.getFormatForLocale(cells.getPropertyValue("NumberFormat"), loc))


def hyphenate(doc, caps):
    """WordProcessingLoadOptions.autoHyphenation (and hyphenateCaps): automatic hyphenation on every paragraph
    style, and on paragraphs whose own formatting turned it off."""
    styles = doc.getStyleFamilies().getByName("ParagraphStyles")
    for name in styles.getElementNames():
        style = styles.getByName(name)
        style.setPropertyValue("ParaIsHyphenation", True)
        style.setPropertyValue("ParaHyphenationNoCaps", not caps)
    paragraphs = doc.getText().createEnumeration()
    while paragraphs.hasMoreElements():
        paragraph = paragraphs.nextElement()
        if paragraph.supportsService("com.sun.star.text.Paragraph"):
            paragraph.setPropertyValue("ParaIsHyphenation", True)
            paragraph.setPropertyValue("ParaHyphenationNoCaps", not caps)


def update_fields(doc):
    """WordProcessingLoadOptions.updateFields: every field and every index (contents, figures …) computed
    again, instead of showing the result the file stored."""
    doc.getTextFields().refresh()
    indexes = doc.getDocumentIndexes()
    for i in range(indexes.getCount()):
        indexes.getByIndex(i).update()


# The parts of a view that only the PDF export applies: they leave the loaded document as it is.
EXPORT_ONLY_VIEW = {"hiddenSlides", "notesPages", "comments", "tagged"}


def with_view_filter_data(spec, view):
    """The PDF export's part of the view: hidden slides, notes pages, comments, tags."""
    if not spec["filter"].endswith("_pdf_Export"):
        return spec
    data = dict(spec.get("filterData") or {})
    if view.get("hiddenSlides"):
        data["ExportHiddenSlides"] = True
    if view.get("notesPages"):
        data["ExportNotesPages"] = True
    if "comments" in view:
        # Comments as PDF annotations (7.4 has no ExportNotesInMargin; see document-view.js).
        data["ExportNotes"] = view["comments"] != "hidden"
    if view.get("tagged"):
        # The document's structure (headings, paragraphs, tables, reading order) as a tagged PDF.
        data["UseTaggedPDF"] = True
    return dict(spec, filterData=data) if data else spec


def changes_document(load):
    """Whether the loaded document is edited (else it is opened read-only: a read-only sheet stays hidden)."""
    view = load.get("view") or {}
    return bool(load.get("fontSubstitutes") or load.get("defaultFont") or load.get("page")
                or load.get("clearProperties") or load.get("datesAsText") or "embedFonts" in load) or any(key not in EXPORT_ONLY_VIEW for key in view)


def csv_filter_options(options, path, spec):
    """The CSV filter's options (formats.js) completed with what needs the file or Python's locale tables:
    token 5, every column as text (CsvLoadOptions.convertNumericData false), and token 6, the language
    numbers and dates are read in (SpreadsheetLoadOptions.cultureInfo, as a Windows language id)."""
    tokens = options.split(",")
    tokens += [""] * (6 - len(tokens))
    if spec.get("textColumns"):
        separator = chr(int(tokens[0])) if tokens[0].isdigit() else ","
        with open(path, newline="", encoding="utf-8", errors="replace") as f:
            width = max((len(row) for row in csv.reader(f, delimiter=separator)), default=1)
        tokens[4] = "/".join("%d/2" % (n + 1) for n in range(width))  # 2: Text
    if spec.get("culture"):
        wanted = to_locale(spec["culture"])
        ids = {name.lower(): lcid for lcid, name in locale.windows_locale.items()}
        key = wanted.Language + ("_" + wanted.Country.lower() if wanted.Country else "")
        lcid = ids.get(key) or next((lcid for name, lcid in sorted(ids.items()) if name.split("_")[0] == wanted.Language), None)
        if lcid is None:
            raise WorkerError("invalid_options", "loadOptions.cultureInfo names no culture this server knows")
        tokens[5] = str(lcid)
    return ",".join(tokens)


# com.sun.star.util.NumberFormat: DATE 2, TIME 4, DATETIME 6.
DATE_OR_TIME = 2 | 4


def parse_edits(doc, load):
    """How the source is read, for every target: CsvLoadOptions.convertDateTimeData false (cells the import
    read as dates or times hold the text they were written as) and WordProcessingLoadOptions.embedTrueTypeFonts
    (whether the saved document carries its fonts)."""
    if load.get("datesAsText") and doc.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
        formats = doc.getNumberFormats()
        sheets = doc.getSheets()
        dated = []  # collected first: the sheet's format ranges change while cells are rewritten
        for i in range(sheets.getCount()):
            ranges = sheets.getByIndex(i).getCellFormatRanges()
            for j in range(ranges.getCount()):
                cells = ranges.getByIndex(j)
                if formats.getByKey(cells.getPropertyValue("NumberFormat")).getPropertyValue("Type") & DATE_OR_TIME:
                    values = cells.queryContentCells(1 | 2).getCells().createEnumeration()  # VALUE, DATETIME
                    while values.hasMoreElements():
                        dated.append(values.nextElement())
        for cell in dated:
            cell.setString(cell.getString())
    if "embedFonts" in load and doc.supportsService("com.sun.star.text.TextDocument"):
        settings = doc.createInstance("com.sun.star.text.DocumentSettings")
        settings.setPropertyValue("EmbedFonts", bool(load["embedFonts"]))
