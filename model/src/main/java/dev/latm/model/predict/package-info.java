/**
 * A latency predictor learned from a device's own measurements: predicts LAT(m) in microseconds so a
 * search controller can screen thousands of candidates and measure only the promising ones.
 *
 * <h2>Units</h2>
 * A network is decomposed ({@link dev.latm.model.predict.Units}) into the units a CPU runtime
 * executes: one per IR layer, because an IR layer already is a fused kernel (convolution + folded
 * BatchNorm + activation; squeeze-and-excitation as one). This is nn-Meter's finding (kernels, not
 * operators, add up to a network's latency); OFA's and HW-NAS-Bench's lookup tables key whole
 * blocks instead, which cannot reach a block shape they never measured. Each
 * {@link dev.latm.model.predict.Unit} carries kind, kernel, stride, channels, sizes, squeeze width,
 * activation, gate, MACs, weights, elements and bytes moved.
 *
 * <h2>The sum and the whole</h2>
 * Every model predicts a cost per unit plus one non-negative per-network overhead (session run,
 * input and output handling), so per-unit predictions add up to the network by construction and
 * {@link dev.latm.model.predict.LatencyPredictor#breakdown} shows where the time goes. From
 * whole-network labels alone, a cost that is the same in every training network cannot be told
 * from the overhead: in a search space with one fixed head (latm's bundled space), the head's pool
 * and linear layers land in the overhead. Kernel-level labels (per-layer profiles, converted by one
 * scale per dataset, see {@link dev.latm.model.predict.TrainingSummary#profileScale}) separate them.
 *
 * <h2>Learners</h2>
 * {@link dev.latm.model.predict.Learner#LINEAR}: non-negative costs per unit kind on MACs,
 * elements, weights and activated elements, fitted jointly on the network labels (relative error).
 * {@link dev.latm.model.predict.Learner#GBRT}: gradient-boosted regression trees over the unit
 * features correcting the linear model multiplicatively per unit (so units stay additive), each
 * round's leaf values fitted against the networks' residuals. Both are own code (no library: a
 * tree booster over units whose sum is labelled is not what XGBoost or LightGBM fit, and neither
 * is pure Java). {@link dev.latm.model.predict.PredictorBuilder#rank} chooses among candidates by
 * cross-validated RMSPE on the device's own data. Prediction intervals come from out-of-fold
 * relative residual quantiles.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * LatencyPredictor predictor = PredictorFile.load(path, wantedKey);   // refuses another device/engine version
 * Prediction p = predictor.predict(architecture);                     // latencyMs, lowMs, highMs, coverage
 * }</pre>
 * Thread-safe and allocation-light: tens of microseconds for the linear model, a few hundred for
 * boosted trees (validation and lowering included).
 */
package dev.latm.model.predict;
