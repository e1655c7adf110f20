"""Stage 2, check: what the data means, checked as a whole, and the quantities and scenario plans
it resolves to.
"""
