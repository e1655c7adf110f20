"""Shared: saying things in a language (texts from the data, interface text, numbers and dates per
locale).
"""
