"""Helpers for browser tests: waiting for Streamlit to settle, and saving screenshots as artifacts."""

from __future__ import annotations

from pathlib import Path

__all__ = ["ARTIFACTS", "wait_for_app", "screenshot"]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def wait_for_app(pg) -> None:
    """Wait until Streamlit has finished running the script (no 'running' indicator, app rendered)."""
    pg.wait_for_selector("[data-testid='stApp']")
    pg.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=60_000)
    try:  # a rerun just asked for may not have started yet: give its "running" indicator a moment to show
        pg.wait_for_selector("[data-testid='stStatusWidget']", timeout=500)
    except Exception:  # playwright's TimeoutError: the run was quicker than that, or none was pending
        pass
    pg.wait_for_function(
        "() => !document.querySelector(\"[data-testid='stStatusWidget']\")", timeout=60_000
    )
    pg.wait_for_timeout(300)


def screenshot(pg, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path
