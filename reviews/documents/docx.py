"""Word files: a marked, numbered A4 document, and the combined agency report written with it.

``WordDocument`` is the general part, for every document the service writes: Arial (Word
substitutes the metric-compatible Liberation Sans where Arial is absent), the security marking
at the top and bottom of every page, the case code in each page's header, "Page 1 of 3" in the
footer, a table of facts, and tables whose header row repeats on every page. Its language is
English (UK), so Word checks spelling as the service writes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from io import BytesIO
from xml.sax.saxutils import escape

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.table import CT_Row
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from reviews.documents import MARKING, Fact, clean
from reviews.documents.combined_report import AgencyReturn, CombinedReport

FONT = "Arial"
BLACK = RGBColor(0x0B, 0x0C, 0x0C)  # GOV.UK text colour
PAGE_WIDTH = Cm(21)
PAGE_HEIGHT = Cm(29.7)
MARGIN = Cm(2)
HEADING_SIZES = {0: Pt(24), 1: Pt(18), 2: Pt(14), 3: Pt(12)}
# python-docx's template says en-US, so Word would mark "organisation" and "colour" as errors.
LANGUAGE = "en-GB"


class WordDocument:
    """A Word document the service writes. Add content in reading order, then ``to_bytes()``."""

    def __init__(self, *, title: str, running_header: str, marking: str = MARKING) -> None:
        self.document = docx.Document()
        self._set_up_page()
        self._set_up_styles()
        self._set_up_header_and_footer(running_header=clean(running_header), marking=marking)
        properties = self.document.core_properties
        properties.title = clean(title)
        # The template's default author is "python-docx"; a person's name does not belong here.
        properties.author = ""
        properties.last_modified_by = ""
        properties.comments = marking
        properties.language = LANGUAGE
        self.heading(title, level=0)

    @classmethod
    def opened(cls, data: bytes) -> WordDocument:
        """Open an existing Word file to add to it, leaving its page, styles and text as they are.

        For a file the service did not write (an uploaded report), a style it lacks is not
        applied: the text is added plain rather than refused.
        """
        word = cls.__new__(cls)
        word.document = docx.Document(BytesIO(data))
        return word

    def _set_up_page(self) -> None:
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.left_margin = section.right_margin = MARGIN
        section.top_margin = section.bottom_margin = MARGIN

    def _set_up_styles(self) -> None:
        styles = self.document.styles
        for name in ["Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Header", "Footer"]:
            font = styles[name].font
            font.name = FONT
            font.color.rgb = BLACK
            # East Asian and complex-script text would otherwise fall back to the theme font.
            fonts = styles[name].element.rPr.find(qn("w:rFonts"))
            for attribute in ("w:eastAsia", "w:cs", "w:asciiTheme", "w:hAnsiTheme"):
                fonts.attrib.pop(qn(attribute), None)
            fonts.set(qn("w:eastAsia"), FONT)
            fonts.set(qn("w:cs"), FONT)
        styles["Normal"].font.size = Pt(11)
        set_language(self.document, LANGUAGE)
        for level, size in HEADING_SIZES.items():
            style = styles["Title" if level == 0 else f"Heading {level}"]
            style.font.size = size
            style.font.bold = True

    def _set_up_header_and_footer(self, *, running_header: str, marking: str) -> None:
        section = self.document.sections[0]
        top = section.header.paragraphs[0]
        top.alignment = WD_ALIGN_PARAGRAPH.CENTER
        top.add_run(marking).bold = True
        case = section.header.add_paragraph(running_header)
        case.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        bottom = section.footer.paragraphs[0]
        bottom.alignment = WD_ALIGN_PARAGRAPH.CENTER
        bottom.add_run("Page ")
        add_field(bottom, "PAGE")
        bottom.add_run(" of ")
        add_field(bottom, "NUMPAGES")
        marked = section.footer.add_paragraph()
        marked.alignment = WD_ALIGN_PARAGRAPH.CENTER
        marked.add_run(marking).bold = True

    def _has_style(self, name: str) -> bool:
        return name in self.document.styles

    def heading(self, text: str, *, level: int = 1) -> Paragraph:
        if not self._has_style("Title" if level == 0 else f"Heading {level}"):
            return self.paragraph(text, bold=True)
        heading: Paragraph = self.document.add_heading(clean(text), level=level)
        return heading

    def paragraph(self, text: str, *, bold: bool = False) -> Paragraph:
        paragraph = self.document.add_paragraph()
        paragraph.add_run(clean(text)).bold = bold
        return paragraph

    def page_break(self) -> None:
        """Start what follows on a new page."""
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def text(self, texts: Iterable[str]) -> None:
        """Add each paragraph of free text (already split by reviews.documents.paragraphs)."""
        for text in texts:
            self.paragraph(text)

    def facts(self, facts: Sequence[Fact]) -> Table:
        """A two-column table of labelled facts, labels in bold."""
        table: Table = self.document.add_table(rows=len(facts), cols=2)
        self._grid(table)
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        for fact, row in zip(facts, table.rows, strict=True):
            label, value = row.cells
            label.width, value.width = Cm(5), Cm(12)
            label.paragraphs[0].add_run(clean(fact.label)).bold = True
            value.paragraphs[0].add_run(clean(fact.value))
        return table

    def table(
        self, headers: Sequence[str], rows: Iterable[Sequence[str]], *, widths: Sequence[Cm]
    ) -> Table:
        """A table whose header row repeats at the top of every page it runs onto."""
        body = list(rows)
        table: Table = self.document.add_table(rows=1 + len(body), cols=len(headers))
        self._grid(table)
        header, *others = table.rows
        repeat_header(header._tr)
        for cell, text, width in zip(header.cells, headers, widths, strict=True):
            cell.width = width
            cell.paragraphs[0].add_run(clean(text)).bold = True
        for values, row in zip(body, others, strict=True):
            keep_row_together(row._tr)
            for cell, text, width in zip(row.cells, values, widths, strict=True):
                cell.width = width
                cell.paragraphs[0].add_run(clean(text))
        return table

    def long_table(
        self, headers: Sequence[str], rows: Iterable[Sequence[str]], *, widths: Sequence[Cm]
    ) -> Table:
        """``table()`` for thousands of rows: the rows are written as XML text and parsed in one
        go (python-docx's cell-by-cell API walks the table's grid again for every cell, and even
        one ``OxmlElement`` per element costs most of a second at 6,000 rows)."""
        table = self.table(headers, [], widths=widths)
        twips = [str(width.twips) for width in widths]
        body = "".join(_row_xml(values, twips) for values in rows)
        table._tbl.extend(list(parse_xml(f"<w:tbl {nsdecls('w')}>{body}</w:tbl>")))
        return table

    def _grid(self, table: Table) -> None:
        if self._has_style("Table Grid"):
            table.style = "Table Grid"

    def to_bytes(self) -> bytes:
        buffer = BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def set_language(document: DocxDocument, language: str) -> None:
    """Make ``language`` the document's default language: its defaults and its Normal style.

    Word reads the language of text from the run, then its style, then the document defaults
    (``w:docDefaults``); setting the last two covers every paragraph the service writes.
    """
    root = document.styles.element
    defaults = root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        root.insert(0, defaults)
    run_default = defaults.find(qn("w:rPrDefault"))
    if run_default is None:
        run_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_default)
    run_properties = run_default.find(qn("w:rPr"))
    if run_properties is None:
        run_properties = OxmlElement("w:rPr")
        run_default.append(run_properties)
    _set_lang(run_properties, language)
    _set_lang(document.styles["Normal"].element.get_or_add_rPr(), language)


def _set_lang(run_properties: BaseOxmlElement, language: str) -> None:
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        # The schema orders a run's properties: w:lang comes before these three.
        run_properties.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    # Only the language of Latin text: East Asian and complex-script text keep theirs.
    lang.set(qn("w:val"), language)


def add_field(paragraph: Paragraph, instruction: str) -> None:
    """Insert a field Word fills in when it lays out the page (PAGE, NUMPAGES)."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, code, separate, placeholder, end):
        run._r.append(element)


def repeat_header(row_xml: CT_Row) -> None:
    """Mark a table row as the header row Word repeats at the top of each page."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row_xml.get_or_add_trPr().append(flag)


_KEEP_TOGETHER = '<w:trPr><w:cantSplit w:val="true"/></w:trPr>'


def _row_xml(values: Sequence[str], twips: Sequence[str]) -> str:
    """One table row kept together on a page, as ``keep_row_together`` and python-docx write it."""
    cells = "".join(
        _cell_xml(clean(text), width) for text, width in zip(values, twips, strict=True)
    )
    return f"<w:tr>{_KEEP_TOGETHER}{cells}</w:tr>"


# A carriage return (text typed in a browser's textarea) written as a character reference:
# a parser would otherwise read a literal one as a newline, and python-docx keeps it.
_ENTITIES = {"\r": "&#13;"}


def _cell_xml(text: str, width: str) -> str:
    """One table cell of plain text, as python-docx writes it (a line break for each newline)."""
    pieces = "<w:br/>".join(
        f'<w:t xml:space="preserve">{escape(line, _ENTITIES)}</w:t>' for line in text.split("\n")
    )
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
        f"<w:p><w:r>{pieces}</w:r></w:p></w:tc>"
    )


def keep_row_together(row_xml: CT_Row) -> None:
    """Stop a row splitting across two pages, so an entry is read in one piece."""
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    row_xml.get_or_add_trPr().append(flag)


CHRONOLOGY_HEADERS = ("Date", "Agency", "What happened", "Source")
CHRONOLOGY_WIDTHS = (Cm(3), Cm(3.5), Cm(7.5), Cm(3))


def _per_agency(
    word: WordDocument, agencies: Sequence[AgencyReturn], attribute: str, none: str
) -> None:
    if not agencies:
        word.paragraph(none)
    for agency in agencies:
        word.heading(agency.name, level=2)
        word.text(getattr(agency, attribute))


def render_combined_report_docx(report: CombinedReport) -> bytes:
    """Write the combined agency information report as a Word file."""
    word = WordDocument(title=report.title, running_header=f"{report.case_code} {report.title}")
    word.facts(report.facts)
    word.paragraph(
        f"This report brings together the information each agency returned for the "
        f"{report.review_kind.lower()} of {report.case_code}. The child is referred to as "
        f"{report.pseudonym}. Agencies that have not returned yet are listed as such."
    )

    word.heading("Agencies and their returns")
    for agency in report.agencies:
        word.heading(agency.name, level=2)
        word.paragraph(agency.status, bold=not agency.has_returned)
        if agency.has_returned:
            word.heading("Summary of involvement", level=3)
            word.text(agency.involvement or ("None given.",))
            word.heading("Analysis", level=3)
            word.text(agency.analysis or ("None given.",))

    word.heading("Combined chronology")
    if report.chronology:
        word.long_table(
            CHRONOLOGY_HEADERS,
            (
                (line.date_text, line.agency, line.what_happened, line.source)
                for line in report.chronology
            ),
            widths=CHRONOLOGY_WIDTHS,
        )
    else:
        word.paragraph("No agency has returned any chronology entries yet.")

    word.heading("Immediate safeguarding actions")
    _per_agency(
        word, report.with_actions, "immediate_actions", "No agency has recorded immediate actions."
    )
    word.heading("Learning already identified")
    _per_agency(word, report.with_learning, "learning", "No agency has recorded learning yet.")
    return word.to_bytes()
