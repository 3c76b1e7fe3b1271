from datetime import datetime, timedelta
from typing import Dict, List, Optional
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers, models
import os
import logging

logger = logging.getLogger(__name__)


# pandas is not installed here: a stand-in with the few DataFrame features the pipeline uses
# (column selection by a list of names, .iloc row slicing and indexing, .values, [column])
class DataFrame:
    def __init__(self, rows, columns=None):
        if isinstance(rows, np.ndarray):
            self._values, self.columns = rows, list(columns)
        else:
            self.columns = list(columns or rows[0].keys())
            self._values = np.array([[r[c] for c in self.columns] for r in rows], dtype=object)

    def __len__(self):
        return len(self._values)

    def __getitem__(self, key):
        if isinstance(key, list):
            idx = [self.columns.index(k) for k in key]
            return DataFrame(self._values[:, idx].astype(np.float64), key)
        return self._values[:, self.columns.index(key)]

    @property
    def values(self):
        return self._values

    @property
    def iloc(self):
        frame = self

        class _ILoc:
            def __getitem__(self, i):
                if isinstance(i, slice):
                    return DataFrame(frame._values[i], frame.columns)
                return dict(zip(frame.columns, frame._values[i]))

        return _ILoc()


# the SQLAlchemy TrafficData rows (traffic_data table) replaced by plain records of the same fields
class TrafficData:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def _seeded_traffic_rows(n=140):
    rng = np.random.default_rng(0)
    start = datetime(2026, 7, 1)
    rows = []
    for i in range(n):
        ts = start + timedelta(minutes=5 * i)
        free = 80.0
        speed = float(np.clip(50 + 15 * np.sin(i / 12) + rng.normal(0, 3), 5, free))
        rows.append(TrafficData(
            route_id='route_1', source_lat=12.97, source_lng=77.59, dest_lat=13.03, dest_lng=77.63,
            traffic_speed=speed, free_flow_speed=free, congestion_level=1 - speed / free,
            timestamp=ts, day_of_week=ts.weekday(), hour=ts.hour))
    return rows


class TrafficPipeline:
    def __init__(self, db_url: str, redis_url: str):
        # database and Redis connections replaced by the seeded rows above
        self._rows = _seeded_traffic_rows()
        self.model = self._load_or_create_model()
        self.gmaps_api_key = os.getenv('GOOGLE_MAPS_API_KEY', '')
        self.osrm_url = os.getenv('OSRM_URL', 'http://localhost:5000')

    def _load_or_create_model(self):
        """Load existing LSTM model or create new"""
        model_path = 'models/eta_lstm.h5'
        if os.path.exists(model_path):
            logger.info("Loading existing LSTM model")
            return keras.models.load_model(model_path)
        else:
            logger.info("Creating new LSTM model")
            return self._create_lstm_model()

    def _create_lstm_model(self):
        """Create LSTM model for ETA prediction"""
        model = models.Sequential([
            layers.LSTM(64, input_shape=(60, 10), return_sequences=True),
            layers.Dropout(0.2),
            layers.LSTM(32, return_sequences=True),
            layers.Dropout(0.2),
            layers.LSTM(16),
            layers.Dropout(0.2),
            layers.Dense(8, activation='relu'),
            layers.Dense(1)
        ])

        model.compile(
            optimizer=keras.optimizers.Adam(learning_rate=0.001),
            loss='mse',
            metrics=['mae']
        )
        return model

    def predict_eta(self, route_data: np.ndarray) -> float:
        """Predict ETA using LSTM model"""
        try:
            # Reshape for LSTM input: (batch, timesteps, features)
            if len(route_data.shape) == 2:
                route_data = route_data.reshape(1, *route_data.shape)
            elif len(route_data.shape) == 1:
                route_data = route_data.reshape(1, 1, -1)

            prediction = self.model.predict(route_data, verbose=0)
            return float(prediction[0][0])
        except Exception as e:
            logger.error(f"Prediction failed: {e}")
            return None

    def train_model(self, epochs=50, batch_size=32):
        """Train LSTM model on historical data"""
        data = list(self._rows)

        if len(data) < 100:
            logger.warning("Not enough data for training")
            return

        # Prepare features
        df = DataFrame([{
            'traffic_speed': d.traffic_speed,
            'free_flow_speed': d.free_flow_speed,
            'congestion_level': d.congestion_level,
            'hour': d.hour,
            'day_of_week': d.day_of_week,
            'timestamp': d.timestamp
        } for d in data])

        # Create sequences
        features = ['traffic_speed', 'free_flow_speed', 'congestion_level', 'hour', 'day_of_week']
        X, y = self._create_sequences(df[features], 'traffic_speed')

        # Train
        self.model.fit(
            X, y,
            epochs=epochs,
            batch_size=batch_size,
            validation_split=0.2,
            verbose=1
        )

        # Save model (left out: no files are written here)
        logger.info("Model trained and saved")

    def _create_sequences(self, data: DataFrame, target_col: str, seq_length=60):
        """Create sequences for LSTM training"""
        X, y = [], []
        for i in range(len(data) - seq_length):
            X.append(data.iloc[i:i+seq_length].values)
            y.append(data.iloc[i+seq_length][target_col])
        return np.array(X), np.array(y)


if __name__ == '__main__':
    # the POST /eta/train route: build the pipeline and train the ETA model
    pipeline = TrafficPipeline('sqlite://', 'redis://localhost:6379')
    pipeline.train_model(epochs=1, batch_size=32)
    print("trained")
