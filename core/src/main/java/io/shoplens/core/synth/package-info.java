/**
 * Synthetic shop behaviour logs in Taobao's UserBehavior layout, with planted structure (taste groups,
 * item-to-item successors, funnel, rhythms) for scale tests and for checking that recommenders and
 * segmentation recover real signal. Entry point: {@link io.shoplens.core.synth.SyntheticLogGenerator}.
 */
package io.shoplens.core.synth;
