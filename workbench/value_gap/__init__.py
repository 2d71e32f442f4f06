"""Value-gap analysis (价值差距分析): gaps between what customers expect and what they perceive, importance–
performance, derived importance, competitors and Kano. Planned (see the issues)."""
