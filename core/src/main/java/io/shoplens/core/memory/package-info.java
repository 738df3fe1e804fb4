/**
 * Heap accounting for training at scale: {@link io.shoplens.core.memory.MemoryEstimate} (what a trainer says it
 * needs, from the data's shape and its parameters), {@link io.shoplens.core.memory.MemoryGuard} (refuses a training
 * that cannot fit, in one sentence naming the settings that would) and {@link io.shoplens.core.memory.HeapMeter}
 * (what a training really used).
 */
package io.shoplens.core.memory;
