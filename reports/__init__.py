"""The Sở's consolidated report for a year and a scope: a Word document (docxtpl template) and a workbook."""

from reports.content import ReportData, ReportError, Scope, gather
from reports.docx_report import render_docx
from reports.xlsx_report import render_xlsx

__all__ = ["ReportData", "ReportError", "Scope", "gather", "render_docx", "render_xlsx"]
