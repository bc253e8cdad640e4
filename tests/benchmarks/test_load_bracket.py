"""make bench measures the peer right before and right after our pages (benchmarks/load.py: bracketed)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from load import bracketed  # a script directory, not a package


def page(rps: float, errors: int = 0) -> dict:
    return {"rps": rps, "p50_us": 2000.0, "p95_us": 4000.0, "errors": errors}


def test_each_figure_is_the_mean_of_before_and_after_and_both_are_kept(capsys):
    merged = bracketed(
        {"trivial": page(6000), "booking_page": page(400)}, {"trivial": page(5800, 1), "booking_page": page(380)}
    )
    assert merged["trivial"] == {
        "rps": 5900,
        "p50_us": 2000,
        "p95_us": 4000,
        "errors": 1,
        "rps_before": 6000,
        "rps_after": 5800,
    }
    assert merged["booking_page"]["rps"] == 390
    assert "DRIFTED" not in capsys.readouterr().out


def test_a_drift_over_ten_percent_is_said(capsys):
    bracketed({"trivial": page(6000)}, {"trivial": page(4000)})
    assert "the bare view went -33% during our pages" in capsys.readouterr().out


def test_one_missing_measurement_leaves_the_other():
    assert bracketed(None, {"trivial": page(5000)}) == {"trivial": page(5000)}
    assert bracketed({"trivial": page(5000)}, None) == {"trivial": page(5000)}
    assert bracketed(None, None) is None
