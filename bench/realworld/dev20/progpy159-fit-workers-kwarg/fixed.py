# progpy: LSTMStateTransitionModel.pre_process_data / from_data
# (src/progpy/data_models/lstm_model.py at the parent of the merge 1bc324f),
# driven like the battery part of examples/lstm_model.py, made one file.
# Source: https://github.com/nasa/progpy/pull/159
from collections import abc
from itertools import chain
from numbers import Number

import numpy as np

np.random.seed(0)

default_params = {
    'process_noise': 0,  # Default 0 noise
    'measurement_noise': 0,  # Default 0 noise
}


def check_data_format(inputs, outputs, states=None, event_states=None, t_mets=None):
    if len(inputs) == 0:
        raise ValueError("No data provided. inputs must be in format [run1_inputs, ...] and have at least one element")
    if len(inputs) != len(outputs):
        raise ValueError("Inputs must be same length as outputs")
    if states is not None and len(inputs) != len(states):
        raise ValueError("System States must be same length as inputs")
    if event_states is not None and len(inputs) != len(event_states):
        raise ValueError("Event States must be same length as inputs")
    if t_mets is not None and len(inputs) != len(t_mets):
        raise ValueError("Thresholds met must be same length as inputs")


def pre_process_data(inputs, outputs, event_states=None, t_met=None, window=10, **kwargs):

    u_all = []
    z_all = []
    es_all = []
    t_all = []

    check_data_format(inputs, outputs)

    if event_states is not None and len(inputs) != len(event_states):
        raise ValueError("Inputs must be same length as event_states")

    for i in range(len(inputs)):
        # Each item (u, z) is a 1-d array, a 2-d array, or a SimResult

        # Process Input
        u = inputs[i]
        if len(u) > 0 and len(u) <= window:
            raise TypeError(f"Not enough data for window size {window}. Only {len(u)} elements present.")

        if isinstance(u, (list, np.ndarray)):
            if len(u) == 0:
                # No inputs
                u_i = []
            elif np.isscalar(u[0]):
                # Input is 1-d array (i.e., 1 input)
                # Note: 1 is added to account for current time (current input used to predict output at time i)
                u_i = [[[u[i+j]] for j in range(1, window+1)] for i in range(len(u)-window)]
            elif isinstance(u[0], (list, np.ndarray)):
                # Input is d-d array
                # Note: 1 is added to account for current time (current input used to predict output at time i)
                n_inputs = len(u[0])
                u_i = [[[u[i+j][k] for k in range(n_inputs)] for j in range(1, window+1)] for i in range(len(u)-window)]
            else:
                raise TypeError(f"Unsupported input type: {type(u)} for internal element (data[0][i]")  
        else:
            raise TypeError(f"Unsupported data type: {type(u)}. input u must be in format List[Tuple[np.array, np.array]] or List[Tuple[SimResult, SimResult]]")


        # Process Output
        z = outputs[i]
        if isinstance(z, (list, np.ndarray)):
            if len(z) != len(u) and len(u) != 0 and len(z) != 0:
                # Checked here to avoid SimResults from accidentially
                # triggering this check
                raise IndexError(f"Number of outputs ({len(z)}) does not match number of inputs ({len(u)})")

            if len(z) == 0:
                # No outputs
                z_i = []
            elif np.isscalar(z[0]):
                # Output is 1-d array (i.e., 1 output)
                z_i = [[z[i]] for i in range(window, len(z))]
            elif isinstance(z[0], (list, np.ndarray)):
                # Input is d-d array
                n_outputs = len(z[0])
                z_i = [[z[i][k] for k in range(n_outputs)] for i in range(window, len(z))]
            else:
                raise TypeError(f"Unsupported input type: {type(z)} for internal element (output[i])")

            # Also add to input (past outputs are part of input)
            z_ii = [[z[i+j] for j in range(window)] for i in range(len(z_i))]
            # upstream note: z_ii has too many dimensions
            if len(u_i) == 0:
                u_i = z_ii
            else:
                for k in range(len(z_ii)):
                    for j in range(window):
                        u_i[k][j].extend(z_ii[k][j])
        else:
            raise TypeError(f"Unsupported data type: {type(z)}. output z must be in format List[Tuple[np.array, np.array]] or List[Tuple[SimResult, SimResult]]")

        if event_states is not None:
            es = event_states[i]
            if isinstance(es, (list, np.ndarray)):
                if len(es) != len(u) and len(u) != 0 and len(es) != 0:
                    # Checked here to avoid SimResults from accidentially
                    # triggering this check
                    raise IndexError(f"Number of event_states ({len(es)}) does not match number of inputs ({len(u)})")

                if len(es) == 0:
                    # No outputs
                    es_i = []
                elif np.isscalar(es[0]):
                    # Output is 1-d array (i.e., 1 output)
                    es_i = [[es[i]] for i in range(window, len(es))]
                elif isinstance(es[0], (list, np.ndarray)):
                    # Input is d-d array
                    n_events = len(es[0])
                    es_i = [[es[i][k] for k in range(n_events)] for i in range(window, len(es))]
                else:
                    raise TypeError(f"Unsupported input type: {type(es)} for internal element (es[i])")

            else:
                raise TypeError(f"Unsupported data type: {type(es)}. event state must be in format List[Tuple[np.array, np.array]] or List[Tuple[SimResult, SimResult]]")
        else:
            es_i = []

        if t_met is not None:
            t = t_met[i]
            if isinstance(t, (list, np.ndarray)):
                if len(t) != len(u) and len(u) != 0 and len(t) != 0:
                    # Checked here to avoid SimResults from accidentially
                    # triggering this check
                    raise IndexError(f"Number of t_met ({len(t)}) does not match number of inputs ({len(u)})")

                if len(t) == 0:
                    # No outputs
                    t_i = []
                elif np.isscalar(t[0]):
                    # Output is 1-d array (i.e., 1 output)
                    t_i = [[1, 0] if t[i] else [0, 1] for i in range(window, len(t))]
                elif isinstance(t[0], (list, np.ndarray)):
                    # Input is d-d array
                    n_events = len(t[0])
                    # True = 1, 0; False = 0, 1
                    t_i = [list(chain.from_iterable((1, 0) if t[i][k] else (0, 1) for k in range(n_events))) for i in range(window, len(t))]
                else:
                    raise TypeError(f"Unsupported input type: {type(t[0])} for internal element (t[i])")  

            else:
                raise TypeError(f"Unsupported data type: {type(t)}. t_met must be in format List[Tuple[np.array, np.array]] or List[Tuple[SimResult, SimResult]]")
        else:
            t_i = []

        u_all.extend(u_i)
        z_all.extend(z_i)
        es_all.extend(es_i)
        t_all.extend(t_i)

    u_all = np.array(u_all, dtype=np.float64)
    z_all = np.array(z_all, dtype=np.float64)
    es_all = np.array(es_all, dtype=np.float64)
    t_all = np.array(t_all, dtype=np.float64)
    return (u_all, z_all, es_all, t_all)


def from_data(inputs, outputs, event_states=None, t_met=None, **kwargs):
    params = { # default_params
        'window': 128,
        'validation_split': 0.25,
        'epochs': 100,
        'prediction_steps': 1,
        'layers': 1,
        'units': 16,
        'activation': 'tanh',
        'dropout': 0.1,
        'normalize': True,
        'early_stop': True,
        'early_stop.cfg': {'patience': 3, 'monitor': 'loss'},
    }.copy()  # Copy is needed to avoid updating default

    params.update(default_params)
    params.update(kwargs)

    # Input Validation
    if not np.isscalar(params['window']):
        raise TypeError(f"window must be an integer greater than 0, not {type(params['window'])}")
    if params['window'] <= 0:
        raise ValueError(f"window must be greater than 0, got {params['window']}")
    if not np.isscalar(params['layers']):
        raise TypeError(f"layers must be an integer greater than 0, not {type(params['layers'])}")
    if params['layers'] <= 0:
        raise ValueError(f"layers must be greater than 0, got {params['layers']}")
    if np.isscalar(params['units']):
        params['units'] = [params['units'] for _ in range(params['layers'])]
    if not isinstance(params['units'], (abc.Sequence, np.ndarray)):
        raise TypeError(f"units must be a Sequence (e.g., list or tuple) of integers, not {type(params['units'])}")
    if len(params['units']) != params['layers']:
        raise ValueError(f"units must be a list of integers of length {params['layers']}, got {params['units']}")
    for i in range(params['layers']):
        if params['units'][i] <= 0:
            raise ValueError(f"units[{i}] must be greater than 0, got {params['units'][i]}")
    if not isinstance(params['dropout'], Number):
        raise TypeError(f"dropout must be an float greater than or equal to 0, not {type(params['dropout'])}")
    if params['dropout'] < 0:
        raise ValueError(f"dropout must be greater than or equal to 0, got {params['dropout']}")
    if not isinstance(params['activation'], (list, tuple, np.ndarray)):
        params['activation'] = [params['activation'] for _ in range(params['layers'])]
    if not np.isscalar(params['validation_split']):
        raise TypeError(f"validation_split must be an float between 0 and 1, not {type(params['validation_split'])}")
    if params['validation_split'] < 0 or params['validation_split'] >= 1:
        raise ValueError(f"validation_split must be between 0 and 1, got {params['validation_split']}")
    if not np.isscalar(params['epochs']):
        raise TypeError(f"epochs must be an integer greater than 0, not {type(params['epochs'])}")
    if params['epochs'] < 1:
        raise ValueError(f"epochs must be greater than 0, got {params['epochs']}")
    if np.isscalar(inputs):  # Is scalar (e.g., SimResult)
        inputs = [inputs]
    if np.isscalar(outputs):
        outputs = [outputs]
    if not isinstance(params['normalize'], bool):
        raise TypeError(f"normalize must be a boolean, not {type(params['normalize'])}")

    # Prepare datasets
    (u_all, z_all, es_all, t_all) = pre_process_data(inputs, outputs, event_states=event_states, t_met=t_met, **params)

    # Normalize
    if params['normalize']:
        n_inputs = len(inputs[0][0])
        u_mean = np.mean(u_all[:, 0, :n_inputs], axis=0)
        u_std = np.std(u_all[:, 0, :n_inputs], axis=0)
        # If there's no variation- don't normalize 
        u_std[u_std == 0] = 1
        z_mean = np.mean(z_all, axis=0)
        z_std = np.std(z_all, axis=0)
        # If there's no variation- don't normalize 
        z_std[z_std == 0] = 1

        # Add output (since z_t-1 is last input)
        u_mean = np.hstack((u_mean, z_mean))
        u_std = np.hstack((u_std, z_std))

        z_all = (z_all - z_mean)/z_std

        # u_mean and u_std act on the column vector form (from inputcontainer)
        # so we need to transpose them to a column vector
        params['normalization'] = (z_mean, z_std)

    # Tensorflow is imported here to avoid importing it if not needed
    from tensorflow import keras

    # Build model
    callbacks = [ ]

    if params['early_stop']:
        callbacks.append(keras.callbacks.EarlyStopping(**params['early_stop.cfg']))

    inputs = keras.Input(shape=u_all.shape[1:])
    x = inputs
    if params['normalize']:
        x = keras.layers.Normalization(mean = u_mean, variance = u_std**2)(inputs)
    for i in range(params['layers']):
        if i == params['layers'] - 1:
            # Last layer
            x = keras.layers.LSTM(params['units'][i], activation=params['activation'][i])(x)
        else:
            # Intermediate layer
            x = keras.layers.LSTM(params['units'][i], activation=params['activation'][i], return_sequences=True)(x)

    if params['dropout'] > 0:
        # Dropout prevents overfitting
        x = keras.layers.Dropout(params['dropout'])(x)

    outputs = [keras.layers.Dense(z_all.shape[1] if z_all.ndim == 2 else 1, name='output')(x)]
    output_data = [z_all]

    if event_states is not None:
        outputs.append(keras.layers.Dense(es_all.shape[1] if es_all.ndim == 2 else 1, name='event_state')(x))
        output_data.append(es_all)

    if t_met is not None and t_all.shape[1] > 0:
        n_events = round(t_all.shape[1]/2)
        # Layer for each event
        t_met_layers = [keras.layers.Dense(2, activation="softmax") for _ in range(n_events)]
        t_met_layers_output = [layer(x) for layer in t_met_layers]
        if len(t_met_layers) == 1:
            outputs.append(t_met_layers_output[-1])
        else:
            # Concatenate layers
            outputs.append(keras.layers.Concatenate(name='t_met')(t_met_layers_output))
        output_data.append(t_all)

    model = keras.Model(inputs, outputs)
    model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"]*len(outputs))

    # Train model
    history = model.fit(
        u_all,
        output_data,
        epochs=params['epochs'],
        callbacks=callbacks,
        validation_split=params['validation_split'])

    # Split model into separate models
    n_state_layers = params['layers'] + 1 + (params['dropout'] > 0) + (params['normalize'])
    output_layer_input = keras.layers.Input(model.layers[n_state_layers-1].output.shape[1:])
    output_layer = model.get_layer('output')(output_layer_input)
    state_model = keras.Model(model.input, model.layers[n_state_layers-1].output)
    output_model = keras.Model(output_layer_input, output_layer)
    if event_states is None:
        event_state_model = None
    else:
        event_state_layer = model.get_layer('event_state')(output_layer_input)
        event_state_model = keras.Model(output_layer_input, event_state_layer)            

    if t_met is None:
        t_met_model = None
    else:
        t_met_layers = [layer(output_layer_input) for layer in t_met_layers]
        if len(t_met_layers) == 1:
            t_met_layer = t_met_layers[0]
        else:  # Concat layer exists
            t_met_layer = model.get_layer('t_met')(t_met_layers)
        t_met_model = keras.Model(output_layer_input, t_met_layer)  

    return output_model, state_model, event_state_model, t_met_model, history, params

# ---- synthetic stand-in for the BatteryElectroChemEOD runs of examples/lstm_model.py ----
def battery_run(n, current, dt, rng):
    t = np.arange(n) * dt
    i = np.full(n, current) + rng.normal(0, 0.05, n)
    soc = np.clip(1 - np.cumsum(i) * dt / (n * dt * current * 1.05), 0, 1)
    v = 3.2 + 0.9 * soc + rng.normal(0, 0.01, n)
    inputs = np.column_stack([i, np.full(n, dt)])
    outputs = np.column_stack([25 + 10 * (1 - soc), v])
    event_states = soc.reshape(-1, 1)
    t_met = (soc < 0.05).reshape(-1, 1)
    return inputs, outputs, event_states, t_met


rng = np.random.default_rng(0)
input_data, output_data, es_data, t_met_data = [], [], [], []
for current, dt in ((1.0, 1.0), (2.0, 1.0), (3.0, 2.0)):
    u, z, es, tm = battery_run(60, current, dt, rng)
    input_data.append(u)
    output_data.append(z)
    es_data.append(es)
    t_met_data.append(tm)

output_model, state_model, event_state_model, t_met_model, history, params = from_data(
    inputs=input_data,
    outputs=output_data,
    event_states=es_data,
    t_met=t_met_data,
    window=12,
    epochs=2,
    units=64,  # Additional units given the increased complexity of the system
    input_keys=['i', 'dt'],
    output_keys=['t', 'v'],
    event_keys=['EOD'])

print(history.history.keys())
