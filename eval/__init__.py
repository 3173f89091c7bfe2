"""Evaluation harness: one runner module per area, results written to eval/results/."""
