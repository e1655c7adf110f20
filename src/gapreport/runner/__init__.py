"""The speed machinery behind one seam: the disk cache, forked workers, and the watcher's warm
chart workers.
"""
