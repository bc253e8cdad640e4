"""make bench measures the peer right before and right after our pages (benchmarks/load.py: bracketed), and
alternates the availability API with the bare view in short runs (interleaved)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import load  # a script directory, not a package
from load import bracketed


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


def test_interleaved_alternates_bare_and_ours_after_a_warm_up_each_and_sums_the_rounds(monkeypatch):
    calls = []
    figures = iter([0, 0, 4000, 3000, 5000, 4500])  # two warm-ups, then bare, ours, bare, ours

    def fake_wrk(url, *, seconds, cookie):
        calls.append((url, seconds))
        return {"rps": next(figures)}

    monkeypatch.setattr(load, "wrk", fake_wrk)
    monkeypatch.setattr(load, "INTERLEAVED_ROUNDS", 2)
    result = load.interleaved("http://ours/", "http://bare/")
    warm, rounds = load.WARMUP_SECONDS, load.INTERLEAVED_SECONDS
    assert calls == [
        ("http://ours/", warm),
        ("http://bare/", warm),
        ("http://bare/", rounds),
        ("http://ours/", rounds),
        ("http://bare/", rounds),
        ("http://ours/", rounds),
    ]
    assert result["bare_rps"] == [4000, 5000] and result["ours_rps"] == [3000, 4500]
    assert result["ratio"] == 7500 / 9000
    assert result["round_ratios"] == [0.75, 0.9]
