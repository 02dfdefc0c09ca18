/**
 * PNG charts for the CLI, drawn with java.desktop alone (Java2D and ImageIO), headless.
 *
 * <p>A {@link dev.latm.cli.plot.Figure} holds {@link dev.latm.cli.plot.Panel}s; a panel has two
 * {@link dev.latm.cli.plot.Axis axes} (linear or log, fitted to the data or fixed),
 * {@link dev.latm.cli.plot.Series} (points, lines, step lines, bars) and
 * {@link dev.latm.cli.plot.Reference}s (lines, vertical markers, bands, shaded x-ranges). Every
 * value is immutable and checked when made: empty series, NaN or infinite values, mismatched
 * lengths and values at or below 0 on a log axis are refused with an {@link
 * java.lang.IllegalArgumentException} naming the series and index. Colours come from the
 * colour-blind-safe {@link dev.latm.cli.plot.Palette}, in order, unless chosen.
 *
 * <pre>{@code
 * // drift: pass 1 vs pass 2 per architecture, raw and normalised, side by side
 * Figure.of(
 *         Panel.of("raw", Axis.log("pass 1 (ms)"), Axis.log("pass 2 (ms)")).withEqualAxes()
 *                 .with(Reference.identity()).with(Series.points("architectures", pass1, pass2)),
 *         Panel.of("normalised", Axis.log("pass 1 / reference"), Axis.log("pass 2 / reference")).withEqualAxes()
 *                 .with(Reference.identity()).with(Series.points("architectures", norm1, norm2)))
 *     .writePng(file);
 *
 * // Pareto front: every trial, and the front as a step line (sorted by latency)
 * Figure.of(Panel.of("Pareto front", Axis.linear("LAT(m) (ms)"), Axis.linear("top-1 accuracy"))
 *         .with(Series.points("trials", latency, accuracy))
 *         .with(Series.steps("front", frontLatency, frontAccuracy))
 *         .with(Reference.vertical("target T", targetMs)))
 *     .writePng(file);
 *
 * // predicted vs measured, within ±10%
 * Figure.of(Panel.of("predicted vs measured", Axis.linear("measured (ms)"), Axis.linear("predicted (ms)"))
 *         .withEqualAxes()
 *         .with(Reference.band("±10%", 0.9, 1.1)).with(Reference.identity())
 *         .with(Series.points("test networks", measured, predicted)))
 *     .writePng(file);
 *
 * // design claims: float32 vs int8 per variant
 * Figure.of(Panel.bars("design claims", List.of("small", "large", "a1"), Axis.linear("LAT(m) (ms)"))
 *         .with(Series.bars("float32", 1.2, 3.9, 3.1))
 *         .with(Series.bars("int8", 0.8, 2.4, 2.0)))
 *     .writePng(file);
 * }</pre>
 *
 * <p>The per-measurement chart ({@code latm measure --plot}) is {@code dev.latm.cli.MeasurementPlot}.
 */
package dev.latm.cli.plot;
