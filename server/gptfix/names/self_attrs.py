"""Attributes read on ``self`` in a Keras class that nothing sets: ``self.refine_net(...)``.

Bridges the program's classes and the attributes their methods read. A method of a class
built on a Keras ``Model``, ``Layer`` or ``Callback`` (directly or through the script's own
classes) that reads ``self.X`` needs ``X`` set somewhere: an assignment to ``self.X`` in a
method of the class or of its script bases, a class attribute, a method, or an attribute
Keras gives every such object (listed below, from Keras 3's ``Model``, ``Layer``,
``Callback``, metrics, losses and optimizers, plus what ``compile``/``fit`` set). A change
that makes a method read an attribute nothing sets left the code unable to run that line,
however the rest of the run goes.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from gptfix.index.config import class_members

#: public attributes Keras objects have without the script setting them
KERAS_ATTRIBUTES = frozenset(
    """
    activity_regularizer add_loss add_metric add_optimizer_variables add_variable
    add_variable_from_reference add_weight amsgrad apply apply_gradients assign assign_add
    assign_sub autocast beta_1 beta_2 build build_from_config built call
    call_signature_parameters clipnorm clipvalue compile compile_from_config compiled
    compiled_loss compiled_metrics compute_dtype compute_loss compute_mask compute_metrics
    compute_output_shape compute_output_spec count count_params
    distribute_reduction_method distribute_strategy dtype dtype_policy ema_momentum
    ema_overwrite_frequency epsilon evaluate exclude_from_weight_decay export
    finalize_variable_values fit from_config get_build_config get_compile_config
    get_config get_layer get_metrics_result get_quantization_layer_structure
    get_state_tree get_weights global_clipnorm gradient_accumulation_steps history input
    input_dtype input_spec inputs iterations jit_compile layers learning_rate
    load_own_variables load_weights loss loss_scale_factor losses make_predict_function
    make_test_function make_train_function metrics metrics_names metrics_variables model
    name non_trainable_variables non_trainable_weights on_batch_begin on_batch_end
    on_epoch_begin on_epoch_end on_predict_batch_begin on_predict_batch_end
    on_predict_begin on_predict_end on_test_batch_begin on_test_batch_end on_test_begin
    on_test_end on_train_batch_begin on_train_batch_end on_train_begin on_train_end
    optimizer output outputs params path predict predict_function predict_on_batch
    predict_step quantization_mode quantize quantized_build quantized_call reduction
    rematerialized_call reset_metrics reset_state result run_eagerly save
    save_own_variables save_weights scale_loss set_model set_params set_state_tree
    set_weights stateless_apply stateless_call stateless_compute_loss
    stateless_reset_state stateless_result stateless_update_state steps_per_execution
    stop_training summary supports_jit supports_masking symbolic_call test_function
    test_on_batch test_step to_json total train_function train_on_batch train_step
    trainable trainable_variables trainable_weights unrolled_steps_per_execution
    update_state update_step use_ema validation_data variable_dtype variables weight_decay
    weights
    """.split()
)
_KERAS_BASES = frozenset({"Model", "Layer", "Callback", "Sequential", "Metric", "Loss"})


@dataclass
class UnsetAttribute:
    name: str  #: ``self.X`` as read
    line: int
    col: int
    owner: str  #: the class


def _base_names(cls: ast.ClassDef) -> list[str]:
    return [ast.unparse(b).rsplit(".", 1)[-1] for b in cls.bases]


def unset_attributes(tree: ast.Module) -> list[UnsetAttribute]:
    """``self.X`` reads, in methods of the Keras classes of ``tree``, that nothing sets."""
    classes = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}

    def lineage(cls: ast.ClassDef, seen: frozenset[str] = frozenset()) -> tuple[bool, set[str]]:
        """(built on Keras, the attributes it and its script bases set)."""
        keras, names = False, class_members(cls)
        for base in _base_names(cls):
            if base in classes and base not in seen and classes[base] is not cls:
                k, more = lineage(classes[base], seen | {cls.name})
                keras, names = keras or k, names | more
            elif base in _KERAS_BASES:
                keras = True
            else:
                names.add("*")  # a base we cannot see into: anything may come from it
        return keras, names

    out: list[UnsetAttribute] = []
    for cls in classes.values():
        keras, known = lineage(cls)
        if not keras or "*" in known:
            continue
        for node in ast.walk(cls):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.ctx, ast.Load)
                and isinstance(node.value, ast.Name)
                and node.value.id == "self"
                and not node.attr.startswith("_")
                and node.attr not in known
                and node.attr not in KERAS_ATTRIBUTES
            ):
                out.append(UnsetAttribute(node.attr, node.lineno, node.col_offset, cls.name))
    return out


def drifted_attributes(snippet: ast.Module, script: ast.Module) -> dict[str, str]:
    """``self.student`` -> ``self.student_net`` for a snippet re-pasting methods of one of
    the script's classes (its ``def`` names are methods of exactly one class) that reads
    attributes the class does not have: each maps to the one attribute of the class whose
    name is the same word with a part added (``student_net``, ``teacher_model``,
    ``base_student``; the fewest parts added, never one the snippet reads itself), when
    exactly one is."""
    defs = {n.name for n in snippet.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    owners = [
        c
        for c in ast.walk(script)
        if isinstance(c, ast.ClassDef)
        and defs & {n.name for n in c.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    ]
    if len(owners) != 1:
        return {}
    have = class_members(owners[0])
    mine = {
        n.attr
        for n in ast.walk(snippet)
        if isinstance(n, ast.Attribute)
        and isinstance(n.ctx, ast.Store)
        and isinstance(n.value, ast.Name)
        and n.value.id == "self"
    }
    read = {
        n.attr
        for n in ast.walk(snippet)
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "self"
    }
    out: dict[str, str] = {}
    for node in ast.walk(snippet):
        if not (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Load)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
        ):
            continue
        attr = node.attr
        if attr in have or attr in mine or attr in KERAS_ATTRIBUTES or attr in out:
            continue
        close = [
            h
            for h in have - read  # ``self.student_loss_fn`` the snippet reads as itself
            if h.startswith(f"{attr}_") or h.endswith(f"_{attr}")
        ]
        fewest = min((_parts(h) for h in close), default=0)
        close = [h for h in close if _parts(h) == fewest]
        if len(close) == 1:
            out[attr] = close[0]
    return out


def _parts(name: str) -> int:
    return len([p for p in name.split("_") if p])
