"""What-if scenarios (情景模拟): baselines from the data per segment, levers, projections, sensitivity.
Planned (see the issues)."""
