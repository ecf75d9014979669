"""Workflows that drive the pipeline for the commands: inputs, batches, evaluation."""
