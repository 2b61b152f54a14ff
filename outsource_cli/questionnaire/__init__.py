"""The questionnaire format: the part every other part reads.

The parts the engine reads (shapes) and the pydantic models that validate files into them,
YAML source with line and column marks, schema validation, meaning checks,
the catalog of question sets and policy (and its per-user cache), safe conditions, answers
files and the JSON Schemas. Core: no printing, no prompting, no exiting.
"""
