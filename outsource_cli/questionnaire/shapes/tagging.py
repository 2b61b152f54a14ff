"""The cache's form of the parts: plain JSON data with each part's kind named (:func:`tagged`),
read back into the same classes without validating (:func:`untagged`); and a part's plain data
as its file has it (:func:`plain`), what a decision record's hashes are taken of.
"""

from typing import Any

from outsource_cli.questionnaire.shapes import conditions, policy, questions
from outsource_cli.questionnaire.shapes.base import Model

# Every kind of part: the models of the three modules above, by class name.
KINDS: dict[str, type[Model]] = {
    cls.__name__: cls
    for cls in Model.__subclasses__()
    if cls.__module__ in (conditions.__name__, questions.__name__, policy.__name__)
}

KIND = "~"  # the key that names a part's kind in tagged data (never a field name)


def tagged(value: Any) -> Any:
    """``value`` (a part or a field value) as plain JSON data with each part's kind under
    ``~``: what the cache stores, and :func:`untagged` reads back."""
    if isinstance(value, Model):
        data: dict[str, Any] = {KIND: type(value).__name__}
        for name, v in value.field_items():
            data[type(value).model_fields[name].alias or name] = tagged(v)
        return data
    if isinstance(value, tuple):
        return [tagged(v) for v in value]
    return value


def untagged(data: Any) -> Any:
    """The parts that :func:`tagged` wrote, built without validating (``model_construct``:
    only for data this tool wrote and signed). KeyError or TypeError when the data is not of
    that form."""
    if isinstance(data, dict):
        kind = KINDS[data[KIND]]
        return kind.model_construct(**{k: untagged(v) for k, v in data.items() if k != KIND})
    if isinstance(data, list):
        return tuple([untagged(v) for v in data])
    return data


def plain(value: Any) -> Any:
    """``value`` as the plain JSON data of its file (what ``model_dump(mode="json",
    by_alias=True)`` gives, without building the serializers): what a decision record's
    hashes are taken of."""
    if isinstance(value, Model):
        fields = type(value).model_fields
        return {fields[k].alias or k: plain(v) for k, v in value.field_items()}
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    return value
