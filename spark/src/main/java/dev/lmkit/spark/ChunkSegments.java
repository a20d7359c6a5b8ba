package dev.lmkit.spark;

import dev.lmkit.model.TrainingState;
import dev.lmkit.train.DistributedTraining;
import dev.lmkit.train.TrainingSegments;

import java.nio.file.Path;

/**
 * What both ways of training on a cluster share: an epoch's units are chunks ({@code train.max_steps_per_epoch} cuts the
 * epoch to whole chunks), a resumed run must fit the chunks there are now, and each epoch's round costs go to
 * {@code averaging.csv}. How a segment of chunks is trained is {@link AveragingRounds}' or {@link GradientSharing}'s.
 */
abstract class ChunkSegments implements TrainingSegments {
    final Chunks chunks;
    final DistributedTraining.Request request;
    final int units;
    private final AveragingCsv costs;

    ChunkSegments(Chunks chunks, DistributedTraining.Request request, int maxStepsPerEpoch, AveragingCsv costs) {
        this.chunks = chunks;
        this.request = request;
        this.units = SparkTraining.epochChunks(chunks.count(), maxStepsPerEpoch, request.chunkWindows());
        this.costs = costs;
    }

    @Override
    public int units() {
        return units;
    }

    @Override
    public int windowsPerUnit() {
        return request.chunkWindows();
    }

    @Override
    public void resume(TrainingState state, Path from) {
        SparkTraining.checkResumable(state, chunks.count(), from);
    }

    @Override
    public void endEpoch(int epoch) {
        costs.endEpoch(epoch);
    }
}
