"""KServe / Triton V2 inference: BYTES tensors as text."""

from __future__ import annotations

from typing import Any

from gateway.exchange import JsonPath, Segment
from gateway.protocols.base import (
    LENIENT,
    Policy,
    ProtocolAdapter,
    body_object,
    fail,
    str_field,
)
from gateway.protocols.readers import (
    answer_items,
    list_field,
)


def _bytes_tensors(tensors: list[Any], key: str, role: str, out: list[Segment]) -> None:
    """BYTES tensors' `data` (row-major, possibly nested) holds strings; other datatypes are
    numbers and are not looked at. Iterative so deep nesting cannot hit the recursion limit."""
    for i, tensor in enumerate(tensors):
        path = (key, i)
        if not isinstance(tensor, dict):
            fail(path, "tensor object", tensor)
        datatype = tensor.get("datatype")
        if not isinstance(datatype, str):
            fail((*path, "datatype"), "string", datatype)
        if datatype != "BYTES":
            continue
        stack: list[tuple[Any, JsonPath]] = [(tensor.get("data"), (*path, "data"))]
        if not isinstance(stack[0][0], list):
            fail(stack[0][1], "array", stack[0][0])
        while stack:
            node, npath = stack.pop()
            if isinstance(node, str):
                out.append(Segment(role, node, npath))
            elif isinstance(node, list):
                stack.extend((node[j], (*npath, j)) for j in range(len(node) - 1, -1, -1))
            else:
                fail(npath, "string", node)


class KServeV2(ProtocolAdapter):
    """KServe / Triton V2 inference (`POST /v2/models/{name}/infer`), BYTES tensors as text.
    The model name lives in the URL, not the body, so `model()` is always None."""

    name = "kserve-v2"
    max_tokens_fields = ()
    tools_keys = ()
    fields = frozenset({"inputs", "outputs", "name", "datatype", "shape", "data", "parameters", "model_name"})

    def model(self, doc: Any) -> str | None:
        return None

    def is_stream(self, doc: Any) -> bool:
        return False

    def extract(self, doc: Any, policy: Policy = LENIENT) -> list[Segment]:
        out: list[Segment] = []
        _bytes_tensors(
            list_field(body_object(doc), "inputs", "array of input tensors", True), "inputs", "input", out
        )
        return out

    def extract_response(self, doc: Any) -> list[Segment]:
        out: list[Segment] = []
        _bytes_tensors(answer_items(doc, "outputs", "array of output tensors"), "outputs", "output", out)
        return out

    def response_model(self, doc: Any) -> str | None:
        return str_field(doc, "model_name")

    def usage(self, doc: Any) -> dict[str, int] | None:
        return None
