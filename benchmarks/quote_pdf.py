"""Quote PDF rendering: our render vs WeasyPrint alone on the same HTML, and 100 renders in a row.

Memory is the RSS of this process plus its children, i.e. including the PDF renderer process.

Run with `make bench` (or `python benchmarks/quote_pdf.py` with DATABASE_URL set); uses `<name>_bench`.
Goal: our render within 1.2x of bare WeasyPrint; memory (RSS) flat over 100 renders.
"""

import gc
import statistics
import time

from benchdb import fresh_django, save_result

RUNS = 20


def rss_mb() -> float:
    """This process and its children (the PDF renderer)."""
    import psutil

    me = psutil.Process()
    return sum(p.memory_info().rss for p in [me, *me.children(recursive=True)]) / 2**20


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    fresh_django()
    from weasyprint import HTML

    from clients.models import Client
    from quotes.services import issue_quote, save_draft
    from quotes.services.pdf import quote_html, render_quote_pdf

    client = Client.objects.create(full_name="Bench Client", email="bench@example.com", phone="+447911123456")
    quote = issue_quote(
        quote_id=save_draft(client=client, treatment_type="full_head", extent_scale="norwood", extent_stage=5).pk
    )
    html = quote_html(quote)
    from django.conf import settings

    render_quote_pdf(quote)  # warm up fonts and caches
    ours = median_ms(lambda: render_quote_pdf(quote), RUNS)
    bare = median_ms(lambda: HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(), RUNS)
    print(
        f"Quote PDF render, median of {RUNS}: ours {ours:.1f} ms, WeasyPrint alone {bare:.1f} ms, ratio {ours / bare:.2f}x"
    )

    def hundred(render) -> tuple[float, list[float]]:
        gc.collect()
        started, marks = time.perf_counter(), []
        for n in range(100):
            render()
            if n in (24, 49, 74, 99):
                gc.collect()
                marks.append(rss_mb())
        return time.perf_counter() - started, marks

    # Bare WeasyPrint in this process first, then ours (in its recycled child process).
    bare_total, bare_marks = hundred(lambda: HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf())
    total, marks = hundred(lambda: render_quote_pdf(quote))
    print(f"100 renders, ours: {total:.1f} s; RSS after 25/50/75/100: " + ", ".join(f"{m:.0f}" for m in marks) + " MB")
    print(
        f"100 renders, WeasyPrint alone: {bare_total:.1f} s; RSS " + ", ".join(f"{m:.0f}" for m in bare_marks) + " MB"
    )
    growth = marks[-1] - marks[0]
    ok = ours / bare <= 1.2 and growth < 10
    print(f"RSS growth over our renders 25 to 100: {growth:.1f} MB (goal < 10 MB)")
    print("goals met" if ok else "GOALS MISSED")
    save_result(
        "quote_pdf",
        {"ours_ms": ours, "bare_ms": bare, "ratio": ours / bare, "rss_growth_mb": growth, "runs": RUNS, "ok": ok},
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
