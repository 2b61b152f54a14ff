"""Vetting providers (``outsource vet``, docs/vetting.md): rank candidate providers against the
decision's own requirements. Pure: data in, records out.

- :mod:`.requirements`: the knock-outs, from a decision (its location and answers) or from
  the provider sets' own policy.
- :mod:`.ranking`: the scores by competency with their reasons, the ranking, the margin, the
  smallest change that swaps first and second, evaluators' spread, due-diligence gaps.
- :mod:`.price`: each provider's quoted price through the decision's business case.
"""
