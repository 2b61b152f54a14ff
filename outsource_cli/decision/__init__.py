"""Decisions: the engine and everything computed from a decision.

The engine (scores, gates, outcome, form, location, mitigations), counterfactuals, what-if
and the portfolio ranking. Core: data in, records out; no printing, no prompting.
"""
