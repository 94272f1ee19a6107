/**
 * Learned policies: an ONNX model run on a declared observation layout, its output mapped to a target intent. The
 * engine sizes, checks and protects whatever the model wants, as for any strategy.
 */
package pog.strategy.onnx;
