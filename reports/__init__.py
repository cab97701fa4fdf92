"""The Sở's consolidated report for a year and a scope: a Word document (docxtpl template) and a workbook."""
