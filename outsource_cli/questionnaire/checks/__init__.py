"""Meaning: the checks that need more than a file's shape. Per question set (``check_set``),
across sets (``check_references``: ids, conditions, cycles) and of the policy (``check_policy``).

Cross-file checks work on the compact :class:`~outsource_cli.questionnaire.index.Index`, so that ``lint``
need not keep every file's models; a ``Document`` is asked for a location only when there is
a problem to report.

The modules, by job: ``questions`` (one set alone), ``expressions`` (the calculation
language), ``conditions`` (references across sets) and ``policy``.
"""

from outsource_cli.questionnaire.checks.conditions import check_condition, check_references
from outsource_cli.questionnaire.checks.expressions import check_calculations, check_expression
from outsource_cli.questionnaire.checks.policy import check_policy
from outsource_cli.questionnaire.checks.questions import check_set

__all__ = [
    "check_calculations",
    "check_condition",
    "check_expression",
    "check_policy",
    "check_references",
    "check_set",
]
