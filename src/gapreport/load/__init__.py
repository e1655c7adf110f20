"""Stage 1, load: read the data folder's YAML safely, check its shape, and say where every
slip is.
"""
