"""Emotion-curve chart: its data and encodings."""

from __future__ import annotations

import math

import pytest

from workbench import journey
from workbench.journey import charts as charts_journey


def _map():
    # Stages: A (as is −2, to be +1, two pains, data), B (no scores), C (as is +1, to be +2, no pains)
    m = journey.new_map("M", ["A", "B", "C"])
    m = journey.set_emotion(m, "s1", -2, 1)
    m = journey.set_emotion(m, "s3", 1, 2)
    m = journey.set_evidence(m, "s1", "data")
    return journey.set_cell(m, "s1", "pain_points", "queue\nprice")


def test_emotion_frame_has_one_row_per_stage_and_curve():
    df = charts_journey.emotion_frame(_map(), "en")
    assert len(df) == 6
    as_is = df[df["curve"] == "as_is"].set_index("stage")
    to_be = df[df["curve"] == "to_be"].set_index("stage")
    assert as_is.loc["A", "emotion"] == -2 and to_be.loc["A", "emotion"] == 1
    assert math.isnan(as_is.loc["B", "emotion"]) and math.isnan(to_be.loc["B", "emotion"])
    assert as_is.loc["A", "pain_count"] == 2 and as_is.loc["A", "pains"] == "queue · price"
    assert as_is.loc["C", "pain_count"] == 0
    assert as_is.loc["A", "evidence_label"] == "Backed by data" and as_is.loc["B", "evidence"] == "assumed"
    assert set(df["curve_label"]) == {"As is", "To be"}
    assert set(charts_journey.emotion_frame(_map(), "zh")["curve_label"]) == {"现状", "目标"}


def test_emotion_chart_layers_and_encodings():
    chart = charts_journey.emotion_chart(_map(), "en")
    spec = chart.to_dict()
    layers = spec["layer"]
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in layers]
    assert marks == ["rect", "rule", "line", "point", "point"]
    bands, _zero, line, points, pains = chart.layer
    # fixed −2…+2 scale so maps are comparable
    assert layers[3]["encoding"]["y"]["scale"]["domain"] == [-2.0, 2.0]
    # evidence colours in level order
    assert layers[0]["encoding"]["color"]["scale"]["range"] == ["#9e9e9e", "#f2a93b", "#2e7d32"]
    # stages in map order on x, numbered
    assert layers[2]["encoding"]["x"]["sort"] == ["1. A", "2. B", "3. C"]
    # pain markers only where there are pains, just below the as-is point
    assert pains.data["stage"].tolist() == ["A"]
    # A's as-is point is at the bottom (−2): no room below, so the marker sits 0.4 above it
    assert pains.data["marker_y"].tolist() == [pytest.approx(-1.6)]
    assert layers[4]["mark"]["shape"] == "triangle-down"
    # points skip missing scores (B has none): 4 points for 2 curves × 2 scored stages
    assert len(points.data) == 4
    assert spec["title"] == "Emotion curve (as is vs to be, ▼ marks pain points)"
    assert layers[2]["encoding"]["strokeDash"]["field"] == "curve_label"


def test_chart_titles_follow_language():
    spec = charts_journey.emotion_chart(_map(), "zh").to_dict()
    assert spec["title"].startswith("情绪曲线")
    assert spec["layer"][0]["encoding"]["y"]["title"] == "情绪（−2 … +2）"


def test_pain_marker_sits_below_the_point_when_there_is_room():
    m = journey.set_cell(journey.set_emotion(journey.new_map("M", ["A", "B"]), "s1", 1, 2), "s1", "pain_points", "x")
    m = journey.set_cell(m, "s2", "pain_points", "y")  # B has no score: marker below the zero line
    pains = charts_journey.emotion_chart(m, "en").layer[4].data
    assert pains["marker_y"].tolist() == [pytest.approx(0.6), pytest.approx(-0.4)]
