"""Stage 5, chart: what each chart is drawn from, the drawing (matplotlib), and the sets of charts
a language needs.
"""
