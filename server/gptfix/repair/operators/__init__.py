"""Generate-and-validate edit operators: general edits at the provenance sites of a failure.

Bridges a failure (message, crash line), the value trace of its run and the program
model (provenance of the failing operands, the Keras graph) and candidate fixes. Each
operator is one general edit (add the channel axis where the data is made, reorder an
unpacking, return sequences from a recurrent layer, size a layer to the observed range,
rename shadowed data, validate on a dataset, shift one-based labels, encode class names,
drop a batch axis from a declaration, pass one array per model input, move a head out of
a loop, declare an int shape as the tuple it stands for, make windows of rows for a model
of windows, stack an object array of per-sample arrays, give each output its own labels, set the
shapes a wrapped Python function returns, predict on the ids a model was fitted on,
call a Keras layer given its input at construction, stack a list of per-sample arrays,
return the last state where there is one label per sequence, run a TensorFlow
function on a symbolic tensor inside a layer, give a batch's inputs as a tuple, build initial
weights at their layer's size, join models given to a merge layer functionally,
evaluate a model that only has train_step, feed
features and labels of one split, validate a fit whose validation keys are read, compare
the continuous prediction in a loss that thresholds it, size an encoder-decoder's input
to a multiple of its poolings, declare the shapes a generator yields,
size a written class count by the labels, restore commented-out code
that makes a failing value, widen a one-unit head that a categorical loss and one-hot
labels agree against, give a Reshape head the values it needs, give a dataset's labels
the trailing axis of a one-unit output, keep one-hot labels whole where a constant index
cut them)
that proposes nothing without evidence;
the repair loop validates the candidates by running them (build, then smoke) and keeps
the first that verifies. :data:`OPERATORS` is the explicit registry, in preference order.
"""

from __future__ import annotations

from gptfix.repair.operators import (
    axes,
    batches,
    calls,
    classes,
    commented,
    data,
    dataset_labels,
    declared,
    feeds,
    gradients,
    heads,
    labels,
    laststate,
    layers,
    layout,
    lookup,
    merge_models,
    names,
    onehead,
    pairs,
    pipeline,
    pooling,
    sequences,
    steps,
    symbolic,
    validation,
    weights,
)
from gptfix.repair.operators.imports_from import missing_from_import
from gptfix.repair.operators.inserted_axis import moved_axis
from gptfix.repair.operators.lists import list_to_array, stack_samples
from gptfix.repair.operators.numbers import float_to_int
from gptfix.repair.operators.one_hot_cut import one_hot_cut
from gptfix.repair.operators.onehot import flatten_onehot_ids
from gptfix.repair.operators.padding import same_padding
from gptfix.repair.operators.undo_move import undo_axis_move
from gptfix.repair.rules.base import Rule

OPERATORS: dict[str, Rule] = {
    r.id: r
    for r in [
        Rule("ops.unpack-order", "data", "train_test_split results unpacked in its order", feeds.unpack_order),
        Rule("ops.shadowed-data", "names", "training array rebound to model tensors", feeds.shadowed_data),
        Rule("ops.same-split", "names", "features and labels of different splits fed together", pairs.same_split),
        Rule("ops.model-inputs", "data", "one array per input of a multi-input model", feeds.model_inputs),
        Rule("ops.return-sequences", "shape", "recurrent layer feeding a recurrent layer", layers.return_sequences),
        Rule("ops.last-state", "shape", "a sequence output where labels are one per sequence", laststate.last_state),
        Rule("ops.head-out-of-loop", "shape", "a head flattened inside a loop of blocks", layers.head_out_of_loop),
        Rule("ops.extra-axis", "shape", "an axis added to data that already had it", data.extra_axis),
        Rule("ops.reshape-channel", "shape", "a Reshape target without the channel a conv needs", layers.reshape_channel),
        Rule("ops.channel-axis", "shape", "data one axis short of the declared input", data.channel_axis),
        Rule("ops.stack-items", "dtype", "an object array of per-sample arrays", sequences.stack_items),
        Rule("ops.windows", "shape", "rows fed to a model declared for windows", sequences.windows),
        Rule("ops.split-labels", "shape", "one label array for several outputs", heads.split_labels),
        Rule("ops.reshape-head", "shape", "a Reshape to the labels' shape fed another number of values", heads.reshape_head),
        Rule("ops.shape-int", "shape", "an int declared where a shape is needed", declared.shape_int),
        Rule("ops.batch-axis", "shape", "an input_shape that counts the batch", axes.batch_axis),
        Rule("ops.sample-axis", "shape", "one sample given without its batch axis", axes.sample_axis),
        Rule("ops.label-axis", "shape", "1-D labels where the predictions are (n, 1)", dataset_labels.label_axis),
        Rule("ops.dataset-label-axis", "shape", "a dataset's 1-D labels where the output is (n, 1)", dataset_labels.dataset_label_axis),
        Rule("ops.concat-axis", "shape", "a 1-D tensor concatenated with 2-D ones", axes.concat_axis),
        Rule("ops.feature-count", "shape", "an input size that counts the samples", layout.feature_count),
        Rule("ops.swap-axes", "shape", "data with its feature axis elsewhere", layout.swap_axes),
        Rule("ops.data-axis", "shape", "data one axis short, undeclared or declared as is", layout.data_axis),
        Rule("ops.shift-labels", "loss", "labels counted from 1 shifted to 0", labels.shift_labels),
        Rule("ops.string-labels", "dtype", "class names encoded as ids", labels.string_labels),
        Rule("ops.head-width", "loss", "a literal head sized by the labels' width", labels.head_width),
        Rule("ops.one-unit-head", "loss", "a one-unit head under a categorical loss on one-hot labels", onehead.one_unit_head),
        Rule("ops.size-to-range", "shape", "Embedding/Dense sized to the observed ids", layers.size_to_range),
        Rule("ops.class-count", "loss", "a class count the labels outgrow, in the encoding and the head", classes.class_count),
        Rule("ops.num-classes", "loss", "to_categorical sized by the labels", layers.num_classes),
        Rule("ops.construct-then-call", "shape", "a layer class given its input at construction", calls.construct_then_call),
        Rule("ops.test-step", "custom-layer", "a model evaluated that only has train_step", steps.test_step_from_train_step),
        Rule("ops.merge-models", "shape", "a merge layer given whole models in a Sequential", merge_models.merge_models),
        Rule("ops.keras-layer-called", "shape", "a Keras layer given its input at construction", calls.keras_layer_called),
        Rule("ops.tf-op-in-layer", "api", "a TensorFlow function called on a symbolic tensor", symbolic.tf_op_in_layer),
        Rule("ops.keras1-kernel", "api", "Keras 1's Conv2D(n, rows, cols)", calls.keras1_kernel),
        Rule("ops.self-attribute", "names", "a method's value stored on self", names.self_attribute),
        Rule("ops.ids-not-rows", "shape", "table rows predicted on where ids were fitted", lookup.ids_not_rows),
        Rule("ops.py-function-shapes", "data", "a wrapped Python function's outputs lose their shape", pipeline.py_function_shapes),
        Rule("ops.generator-spec-shape", "data", "a generator's output signature of unknown rank", pipeline.generator_spec_shape),
        Rule("ops.float-to-int", "config", "a true division where an int is wanted", float_to_int),
        Rule("ops.missing-from-import", "names", "a name the script's from-import module exports", missing_from_import),
        Rule("ops.stack-samples", "data", "a list of per-sample arrays read as many inputs", stack_samples),
        Rule("ops.list-to-array", "data", "data fed as a Python list of numbers", list_to_array),
        Rule("ops.inserted-axis", "data", "an axis expand_dims adds where the model has none", moved_axis),
        Rule("ops.undo-axis-move", "data", "channels moved first for a channels-last model", undo_axis_move),
        Rule("ops.one-hot-cut", "loss", "one-hot labels indexed back to one value per sample", one_hot_cut),
        Rule("ops.flatten-onehot-ids", "loss", "one-hot labels indexed by an (n, 1) id column", flatten_onehot_ids),
        Rule("ops.pool-multiple", "shape", "an input size the poolings of an encoder-decoder do not divide", pooling.pool_multiple),
        Rule("ops.same-padding", "shape", "valid convolutions shrinking the maps to nothing", same_padding),
        Rule("ops.weights-fit-layer", "shape", "initial weights one size off from their layer", weights.weights_fit_layer),
        Rule("ops.tuple-inputs", "data", "a batch source giving its inputs as a list", batches.tuple_inputs),
        Rule("ops.validation-split", "data", "validation_split with a dataset", feeds.validation_split),
        Rule("ops.continuous-loss", "loss", "a loss that thresholds the prediction (no gradient)", gradients.continuous_loss),
        Rule("ops.validation-missing", "data", "a validation key read after fit without validation data", validation.validation_missing),
        Rule("ops.commented-code", "data", "a value the script's commented-out code makes", commented.commented_code),
    ]
}  # fmt: skip

__all__ = ["OPERATORS"]
