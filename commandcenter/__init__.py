"""Grid-governance command center (网格治理指挥中心)."""

__version__ = "0.1.0"
