"""Page sizes and units for the PDF files, in PostScript points, without importing ReportLab.

ReportLab (with Pillow, about 15 MB) is imported by the functions that draw, when a PDF is made:
a web worker that never makes one does not carry it. The values are ReportLab's own.
"""
mm = 72 / 25.4
A4 = (210 * mm, 297 * mm)
A6 = (105 * mm, 148 * mm)
