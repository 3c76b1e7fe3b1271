"""Generate-and-validate edit operators: general edits at the provenance sites of a failure.

Bridges a failure (message, crash line), the value trace of its run and the program
model (provenance of the failing operands, the Keras graph) and candidate fixes. Each
operator is one general edit (add the channel axis where the data is made, reorder an
unpacking, return sequences from a recurrent layer, size a layer to the observed range,
rename shadowed data, validate on a dataset) that proposes nothing without evidence;
the repair loop validates the candidates by running them (build, then smoke) and keeps
the first that verifies. :data:`OPERATORS` is the explicit registry, in preference order.
"""

from __future__ import annotations

from gptfix.repair.operators import data, feeds, labels, layers, names
from gptfix.repair.rules.base import Rule

OPERATORS: dict[str, Rule] = {
    r.id: r
    for r in [
        Rule("ops.unpack-order", "data", "train_test_split results unpacked in its order", feeds.unpack_order),
        Rule("ops.shadowed-data", "names", "training array rebound to model tensors", feeds.shadowed_data),
        Rule("ops.return-sequences", "shape", "recurrent layer feeding a recurrent layer", layers.return_sequences),
        Rule("ops.extra-axis", "shape", "an axis added to data that already had it", data.extra_axis),
        Rule("ops.reshape-channel", "shape", "a Reshape target without the channel a conv needs", layers.reshape_channel),
        Rule("ops.channel-axis", "shape", "data one axis short of the declared input", data.channel_axis),
        Rule("ops.size-to-range", "shape", "Embedding/Dense sized to the observed ids", layers.size_to_range),
        Rule("ops.shift-labels", "loss", "labels counted from 1 shifted to 0", labels.shift_labels),
        Rule("ops.string-labels", "dtype", "class names encoded as ids", labels.string_labels),
        Rule("ops.head-width", "loss", "a literal head sized by the labels' width", labels.head_width),
        Rule("ops.num-classes", "loss", "to_categorical sized by the labels", layers.num_classes),
        Rule("ops.self-attribute", "names", "a method's value stored on self", names.self_attribute),
        Rule("ops.validation-split", "data", "validation_split with a dataset", feeds.validation_split),
    ]
}  # fmt: skip

__all__ = ["OPERATORS"]
