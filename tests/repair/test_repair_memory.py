"""The memory forecast, on build summaries shaped like build mode's (numbers worked by hand)."""

from __future__ import annotations

from gptfix.repair.memory import GIB, RUNTIME_OVERHEAD, forecast


def _build(batch: int | None = 4) -> dict:
    return {
        "models": [
            {
                "name": "net",
                "params": 1000,
                "trainable_params": 1000,
                "compile": {"optimizer": "Adam"},
                "layers": [
                    {
                        "name": "conv",
                        "class": "Conv2D",
                        "output_shape": [None, 10, 10, 3],
                        "dtype": "float32",
                    },
                    {
                        "name": "backbone",
                        "class": "Functional",
                        "output_shape": [None, 5],
                        "dtype": "float32",
                    },
                    {
                        "name": "head",
                        "class": "Dense",
                        "output_shape": [None, 2],
                        "dtype": "float16",
                    },
                ],
            },
            {
                "name": "backbone",
                "params": 10,
                "trainable_params": 10,
                "layers": [
                    {
                        "name": "inner",
                        "class": "Dense",
                        "output_shape": [None, 50],
                        "dtype": "float32",
                    }
                ],
            },
        ],
        "fit": {"batch_size": batch, "batch_size_source": "argument"},
    }


def test_forecast_adds_weights_gradients_adam_state_and_activations() -> None:
    fc = forecast(_build(), detect_gpu=False)
    assert fc is not None
    # 1000 float32 weights, 1000 gradients, Adam keeps 2 slots per trainable weight
    assert (fc.weights, fc.gradients, fc.optimizer_state) == (4000, 4000, 8000)
    # per sample: conv 10*10*3*4 = 1200, nested backbone's inner layer 50*4 = 200, head 2*2 = 4
    assert fc.activations_per_sample == 1404
    assert fc.activations == 1404 * 4 * 2  # batch 4, forward + backward
    assert fc.total == 4000 + 4000 + 8000 + 1404 * 8 + RUNTIME_OVERHEAD
    assert fc.gpu_memory is None and fc.fits is None


def test_forecast_warns_with_remedies_when_the_gpu_is_too_small() -> None:
    fc = forecast(_build(batch=None), batch_size=1_000_000, gpu_memory_gib=1.0, detect_gpu=False)
    assert fc is not None and fc.batch_size == 1_000_000 and fc.batch_size_source == "option"
    assert fc.fits is False
    budget = 0.9 * GIB - (16000 + RUNTIME_OVERHEAD)
    assert fc.max_batch_size == int(budget // (1404 * 2))
    assert any("halve the batch size" in r for r in fc.remedies)
    assert any("mixed precision" in r for r in fc.remedies)


def test_forecast_defaults_to_keras_batch_size_32_and_fits_a_big_gpu() -> None:
    fc = forecast(_build(batch=None), gpu_memory_gib=80, detect_gpu=False)
    assert fc is not None and fc.batch_size == 32 and fc.batch_size_source == "default"
    assert fc.fits is True and fc.remedies == []


def test_no_model_no_forecast() -> None:
    assert forecast({"models": [], "fit": None}, detect_gpu=False) is None


def test_forecast_names_where_the_script_defines_the_batch_size() -> None:
    from gptfix.index import build_index

    script = (
        "import tensorflow as tf\n"
        "cfg = dict(lr=1e-3, batch=4096)\n"
        "def loader(files, n):\n"
        "    return tf.data.Dataset.from_tensor_slices(files).batch(n)\n"
        "model.fit(loader(paths, cfg['batch']), epochs=2)\n"
    )
    # the run could not read the batch of this pipeline: the script's own value is used;
    # on a 0.56 GiB GPU the runtime and weights fit, 4096 samples of activations do not
    fc = forecast(
        _build(batch=None), gpu_memory_gib=0.56, detect_gpu=False, index=build_index(script)
    )
    assert fc is not None and fc.batch_size == 4096 and fc.batch_size_source == "script"
    assert fc.batch_size_defined == 'cfg["batch"], line 2'
    assert any('(4096 -> 2048) at cfg["batch"], line 2' in r for r in fc.remedies)
