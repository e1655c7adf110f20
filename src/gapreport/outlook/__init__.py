"""Stage 4, outlook: how sure the numbers are (draws), what moves them (sensitivity) and what it
would take to close the gap.
"""
