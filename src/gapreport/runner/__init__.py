"""The speed machinery, behind one seam (:class:`gapreport.seam.Runner`).

The runners are in :mod:`gapreport.runner.runners`; this package file imports nothing, so that
:mod:`gapreport.runner.up_to_date` can answer before pandas or matplotlib is loaded.

Three runners, from plain to warm, each a superset of the one before:

- :class:`PlainRunner` keeps nothing: every result made afresh, charts drawn here, items of
  work shared out over forked workers (tests that must meet every step for real);
- :class:`CachedRunner` (a build) keeps results on disk in the checked cache
  (:mod:`gapreport.runner.cache`), under a key fingerprinted from the very inputs of the work
  (:mod:`gapreport.runner.fingerprint`), and charts in memory for the process;
- :class:`WarmRunner` (the watcher) draws charts in worker processes that stay up between
  rebuilds and keep their figures (:mod:`gapreport.runner.chart_workers`), starts the
  projection's charts ahead while the outlook is worked out, and does the rest in turn (it
  runs a server thread, and a process with threads must not fork).
"""
