"""The questionnaire format: the part every other part reads.

One pydantic model of each part of a question set and of the policy (shapes),
YAML source with line and column marks, schema validation, meaning checks,
the catalog of question sets and policy (and its per-user cache), safe conditions, answers
files and the JSON Schemas. Core: no printing, no prompting, no exiting.
"""
