"""Stage 6, render: the page model of a language's brief, written as HTML and as Typst, and the PDF
typeset from it.
"""
