"""What the tests and the benchmarks share, so that neither imports the other's helpers.

* :mod:`testsupport.kernel_helpers`: a real ipykernel driven as JupyterLab drives it, with a
  frontend's copy of the widgets (the kernel tests, the kernel benchmarks).
* :mod:`testsupport.jupyter_servers`: JupyterLab, Notebook 7, Voilà and ``streamlit run`` on
  loopback, and Debian's Chromium (the browser tests, the latency benchmarks).
* :mod:`testsupport.comm_recorder`: every message the kernel publishes on widget comms,
  classified (the layout tests, the rerun benchmarks).

The tests import it through pytest's ``pythonpath`` (pyproject.toml), the benchmark scripts
through ``benchmarks/_repo.py``, which puts the repository root on ``sys.path``. It is not
part of the jupyter_state package and is not shipped.
"""
