"""Stage 3, project: the paths by named methods, the tidy projection, key figures, claims, and
briefs by group.
"""
