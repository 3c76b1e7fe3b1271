"""Implements an (epsilon,delta)-DP test using hockey-stick divergence.

Specifically, tries to estimate the hockey stick divergence between the
empirical distributions of the output of a mechanism on neighboring dataset
using its dual formulation as the weighted accuracy of a classifier.
"""

import dataclasses
from typing import Tuple

import numpy as np
import tensorflow as tf


@dataclasses.dataclass(frozen=False)
class HockeyStickDivergenceTrainingOptions:
  """Training options for the HockeyStickDivergenceTester."""

  num_epochs: int
  learning_rate: float
  batch_size: int
  verbose: int


def make_default_hs_base_model() -> tf.keras.Model:
  return tf.keras.Sequential([
      tf.keras.layers.Dense(12, activation="relu"),
      tf.keras.layers.Dense(12, activation="relu"),
      tf.keras.layers.Dense(12, activation="relu"),
      tf.keras.layers.Dense(1),
  ])


def _get_accuracy_confidence_bound(
    n_samples: int, confidence: float = 0.95
) -> float:
  delta = 1.0 - confidence
  return np.sqrt(np.log(1.0 / delta) / 2.0 / n_samples)


class HockeyStickPropertyTester:
  """Uses a model to estimate divergence between the outputs of a mechanism."""

  def __init__(self, epsilon, delta, base_model, training_options):
    self._base_model = base_model
    self._epsilon = epsilon
    self._delta = delta
    self._has_called_fit = False
    self._training_options = training_options
    self.initialize(self._training_options)

  def initialize(self, training_options: HockeyStickDivergenceTrainingOptions):
    """Compiles internal model."""

    if self._has_called_fit:
      self._base_model = tf.keras.models.clone_model(self._base_model)
    self._base_model.compile(
        optimizer=tf.keras.optimizers.Adam(training_options.learning_rate),
        loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
        metrics=[tf.keras.metrics.BinaryAccuracy(threshold=0.0)],
    )
    self._training_options = training_options

  def _generate_inputs_to_model(
      self,
      samples1: np.ndarray,
      samples2: np.ndarray,
  ) -> Tuple[np.ndarray, np.ndarray]:
    """Generates inputs to keras classifiers."""
    sample_cutoff_fraction = 1.0 / (np.exp(self._epsilon) + 1)

    if len(samples1.shape) != len(samples2.shape):
      raise ValueError("Mechanism outputs should have the same rank")
    if len(samples1.shape) == 1:
      samples1 = samples1.reshape(-1, 1)
      samples2 = samples2.reshape(-1, 1)
    samples1_final_ix = int(sample_cutoff_fraction * len(samples1))
    samples2_initial_ix = int(sample_cutoff_fraction * len(samples2))
    samples1 = samples1[0:samples1_final_ix, ...]
    samples2 = samples2[samples2_initial_ix:, ...]

    labels_1 = np.zeros((samples1.shape[0], 1))
    labels_2 = np.ones((samples2.shape[0], 1))
    features = np.concatenate([samples1, samples2], axis=0)
    labels = np.concatenate([labels_1, labels_2], axis=0)
    return features, labels

  def _fit(self, samples1, samples2, batch_size, epochs, verbose):
    """Fits the underlying model on the labeled output of a mechansim."""
    self.initialize(self._training_options)
    features, labels = self._generate_inputs_to_model(samples1, samples2)
    self._base_model.fit(
        features,
        labels,
        shuffle=True,
        epochs=epochs,
        batch_size=batch_size,
        verbose=verbose,
    )
    self._has_called_fit = True

  def _get_accuracy_and_divergence_estimate(
      self, samples1, samples2, failure_probability: float
  ) -> Tuple[float, float]:
    """Returns the accuracy of a trained classifier."""
    if not self._has_called_fit:
      raise AttributeError(
          "Estimator should be trained with fit() before getting accuracy"
      )
    features, labels = self._generate_inputs_to_model(samples1, samples2)

    accuracy = self._base_model.evaluate(features, labels, batch_size=1000)[1]
    test_sample_size = samples1.shape[0]
    accuracy -= _get_accuracy_confidence_bound(
        test_sample_size, 1 - failure_probability
    )
    hs_divergence = accuracy * (1 + np.exp(self._epsilon)) - np.exp(
        self._epsilon
    )
    return accuracy, hs_divergence

  def estimate_lower_bound(self, samples_1, samples_2, failure_probability):
    """Returns a lower bound on the hockey stick divergence between the samples."""
    n1, n2 = len(samples_1) // 2, len(samples_2) // 2
    self._fit(
        samples_1[:n1],
        samples_2[:n2],
        epochs=self._training_options.num_epochs,
        batch_size=self._training_options.batch_size,
        verbose=self._training_options.verbose,
    )
    accuracy, divergence = self._get_accuracy_and_divergence_estimate(
        samples_1[n1:], samples_2[n2:], failure_probability=failure_probability
    )
    print("Accuracy: %f, Divergence: %f" % (accuracy, divergence))
    return divergence

  def reject_property(self, lower_bound: float) -> bool:
    return lower_bound > self._delta


# --- stand-in for a mechanism run by the auditor: a Laplace mean on two neighbouring
# datasets, 400 outputs each ---
rng = np.random.RandomState(0)
samples_1 = (0.0 + rng.laplace(scale=1.0, size=400)).astype("float32")
samples_2 = (1.0 + rng.laplace(scale=1.0, size=400)).astype("float32")
# --- end of stand-in ---

options = HockeyStickDivergenceTrainingOptions(
    num_epochs=3, learning_rate=1e-2, batch_size=100, verbose=0
)
tester = HockeyStickPropertyTester(
    epsilon=1.0, delta=1e-5, base_model=make_default_hs_base_model(),
    training_options=options,
)
lower_bound = tester.estimate_lower_bound(samples_1, samples_2, failure_probability=0.05)
print("reject:", tester.reject_property(lower_bound))
