"""Spreadsheet downloads from the admin that a spreadsheet program never runs as formulas.

Visitors write what ends up in these files (search terms, e-mail addresses, form answers), so a cell
such as ``=HYPERLINK("http://evil.example/x","x")`` must stay text when an editor opens the CSV.
Wagtail's XLSX export already stores such cells as text; its CSV export writes them as they are.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

# What makes Excel, LibreOffice and Google Sheets read a cell as a formula (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """``value`` with a leading apostrophe when a spreadsheet would read it as a formula; other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


class FormulaSafeCsvMixin:
    """For Wagtail index and report views: every text cell of their CSV download goes through ``csv_safe``."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: csv_safe(self.preprocess_field_value(field, value, SpreadsheetExportMixin.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )
