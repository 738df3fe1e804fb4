package io.shoplens.predict.image;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

/** Builds the CNN of {@link CnnParams} as two DJL blocks: the embedding trunk and the class head. */
final class CnnNetwork {
    final SequentialBlock trunk;
    final SequentialBlock head;
    final SequentialBlock full;

    CnnNetwork(CnnParams p, int classes) {
        trunk = new SequentialBlock();
        int filters = p.channels();
        for (int b = 0; b < p.blocks(); b++) {
            trunk.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                    .setFilters(filters).build());
            trunk.add(BatchNorm.builder().build());
            trunk.add(Activation.reluBlock());
            trunk.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            filters = Math.min(512, filters * 2);
        }
        trunk.add(Blocks.batchFlattenBlock());
        if (p.dropout() > 0) {
            trunk.add(Dropout.builder().optRate((float) p.dropout()).build());
        }
        trunk.add(Linear.builder().setUnits(p.embedding()).build());
        trunk.add(Activation.reluBlock());
        head = new SequentialBlock();
        if (p.dropout() > 0) {
            head.add(Dropout.builder().optRate((float) p.dropout()).build());
        }
        head.add(Linear.builder().setUnits(classes).build());
        full = new SequentialBlock().add(trunk).add(head);
    }
}
