"""The PDF child process is replaced after PDF_RENDERS_PER_PROCESS documents without losing queued renders.

Python 3.11's own `max_tasks_per_child` deadlocks a one-worker pool whose child exits at its limit while
renders wait (CPython gh-115634): concurrent quote issues then all timed out.
"""

import threading

from clinic import pdf

HTML = "<html><body><p>Quote</p></body></html>"


def test_concurrent_renders_across_child_replacements_all_finish(settings):
    settings.PDF_RENDERS_PER_PROCESS = 2
    results, errors = [], []

    def render():
        try:
            results.append(pdf.render_html_to_pdf(HTML))
        except Exception as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=render) for _ in range(7)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not any(t.is_alive() for t in threads), "renders still waiting: the pool deadlocked"
    assert errors == [] and len(results) == 7 and all(r.startswith(b"%PDF") for r in results)
    assert pdf._renders <= 2  # the child was replaced on the way (7 renders, 2 per child)
