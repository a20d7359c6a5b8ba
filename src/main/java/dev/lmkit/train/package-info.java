/**
 * Training: the one training loop ({@link dev.lmkit.train.Trainer}: truncated BPTT with carried state, schedules,
 * validation, checkpoints, exact resume, graceful stops), the run directory and its lock, metrics and curves, the
 * optional dashboard, and the hook for distributed training ({@link dev.lmkit.train.DistributedTraining}).
 */
package dev.lmkit.train;
