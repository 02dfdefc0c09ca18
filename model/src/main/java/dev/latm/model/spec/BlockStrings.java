package dev.latm.model.spec;

import dev.latm.proto.v1.Activation;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.Block;
import dev.latm.proto.v1.ConvOp;
import dev.latm.proto.v1.Head;
import dev.latm.proto.v1.SeBase;
import dev.latm.proto.v1.SeGate;
import dev.latm.proto.v1.SeRounding;
import dev.latm.proto.v1.SkipOp;
import dev.latm.proto.v1.SqueezeExcite;
import dev.latm.proto.v1.Stage;
import dev.latm.proto.v1.Stem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MnasNet/EfficientNet block-string notation of tensorflow/tpu, e.g.
 * {@code r2_k3_s22_e6_i16_o24_se0.25} or {@code r1_k3_s11_e1_i32_o16_noskip}: r repeats, k kernel,
 * s strides (two equal digits), e expand ratio, i/o input/output filters, se ratio of the input
 * filters, noskip to drop the identity skip.
 *
 * <p>What the strings do not say takes the MnasNet defaults: a 3 x 3 stride-2 stem with the first
 * block's input filters (32 in every published model) + BN + ReLU, a 1 x 1 conv to 1280 + BN +
 * ReLU head, global pool and a linear classifier; ReLU in blocks; SE squeeze max(1, int(i * se))
 * with a sigmoid gate.
 */
public final class BlockStrings {
    private static final Pattern TOKEN = Pattern.compile("(r|k|s|e|i|o|se)(\\d+(?:\\.\\d+)?)|(noskip)");
    private static final int MNASNET_HEAD_CHANNELS = 1280;

    private BlockStrings() {
    }

    /**
     * Splits the comma-separated form {@code --blocks} takes; white space around a block string is dropped.
     *
     * @throws InvalidArchitectureException naming every empty block string ({@code blocks[i]}): two commas
     *                                      in a row, or one at either end, mean a block went missing
     */
    public static List<String> split(String commaSeparated) {
        List<String> blocks = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        String[] parts = commaSeparated.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isBlank()) {
                violations.add(Violation.invalid("blocks[" + i + "]", "is empty (two commas in a row, or a comma "
                        + "at the start or end): every block needs its string, e.g. r1_k3_s11_e1_i32_o16"));
            }
            blocks.add(parts[i].strip());
        }
        if (!violations.isEmpty()) {
            throw new InvalidArchitectureException(violations);
        }
        return blocks;
    }

    /**
     * Decodes block strings into an architecture with the MnasNet stem and head.
     *
     * @throws InvalidArchitectureException with one violation per malformed string, fields named
     *                                      {@code blocks[i]}
     */
    public static Architecture decode(List<String> blockStrings) {
        List<Violation> violations = new ArrayList<>();
        if (blockStrings.isEmpty()) {
            violations.add(Violation.invalid("blocks", "must contain at least one block string, e.g. "
                    + "r1_k3_s11_e1_i32_o16_noskip"));
        }
        Architecture.Builder arch = Architecture.newBuilder()
                .setHead(Head.newBuilder().setConvChannels(MNASNET_HEAD_CHANNELS).setConvActivation(Activation.RELU));
        int previousOut = -1;
        for (int i = 0; i < blockStrings.size(); i++) {
            String field = "blocks[" + i + "]";
            Parsed parsed = parse(field, blockStrings.get(i), violations);
            if (parsed == null) {
                continue;
            }
            if (i == 0) {
                arch.setStem(Stem.newBuilder().setOutChannels(parsed.in).setKernelSize(3).setStride(2)
                        .setActivation(Activation.RELU));
            } else if (previousOut >= 0 && parsed.in != previousOut) {
                violations.add(Violation.invalid(field, "input filters i" + parsed.in
                        + " must equal the previous block's output filters o" + previousOut));
            }
            previousOut = parsed.out;
            arch.addStages(parsed.stage);
        }
        if (!violations.isEmpty()) {
            throw new InvalidArchitectureException(violations);
        }
        return arch.build();
    }

    /**
     * Encodes the stages of an architecture as block strings. The notation describes inverted
     * bottlenecks with an expand ratio, ReLU, MnasNet-style SE and identity-or-no skips only.
     *
     * @throws IllegalArgumentException naming the first field the notation cannot express
     */
    public static List<String> encode(Architecture arch) {
        List<String> strings = new ArrayList<>();
        int in = arch.getStem().getOutChannels();
        for (int i = 0; i < arch.getStagesCount(); i++) {
            Stage stage = arch.getStages(i);
            Block block = stage.getBlock();
            String field = "stages[" + i + "].block";
            require(block.getOp() == ConvOp.INVERTED_BOTTLENECK, field + ".op",
                    "must be INVERTED_BOTTLENECK (got " + block.getOp() + ")");
            require(block.getExpansionCase() == Block.ExpansionCase.EXPAND_RATIO, field + ".expand_ratio",
                    "required: block strings express expansion only as a ratio");
            require(block.getActivation() == Activation.RELU
                            || block.getActivation() == Activation.ACTIVATION_UNSPECIFIED,
                    field + ".activation", "must be RELU (got " + block.getActivation() + ")");
            require(block.getSkip() != SkipOp.POOLING, field + ".skip", "must be IDENTITY or NONE (got POOLING)");
            int stride = block.getStride() == 0 ? 1 : block.getStride();
            StringBuilder s = new StringBuilder()
                    .append('r').append(stage.getRepeats())
                    .append("_k").append(block.getKernelSize())
                    .append("_s").append(stride).append(stride)
                    .append("_e").append(number(block.getExpandRatio()))
                    .append("_i").append(in)
                    .append("_o").append(block.getOutChannels());
            if (block.hasSe() && block.getSe().getRatio() > 0) {
                SqueezeExcite se = block.getSe();
                require(se.getBase() == SeBase.INPUT && se.getRounding() == SeRounding.FLOOR
                                && se.getGate() == SeGate.SIGMOID, field + ".se",
                        "must be MnasNet's SE (base INPUT, rounding FLOOR, gate SIGMOID)");
                s.append("_se").append(number(se.getRatio()));
            }
            if (block.getSkip() == SkipOp.NONE) {
                s.append("_noskip");
            }
            strings.add(s.toString());
            in = block.getOutChannels();
        }
        return strings;
    }

    private record Parsed(Stage stage, int in, int out) {
    }

    private static Parsed parse(String field, String text, List<Violation> violations) {
        int repeats = -1;
        int kernel = -1;
        int stride = -1;
        int in = -1;
        int out = -1;
        double expand = -1;
        double se = 0;
        boolean noskip = false;
        int before = violations.size();
        for (String token : text.split("_")) {
            Matcher m = TOKEN.matcher(token);
            if (!m.matches()) {
                violations.add(Violation.invalid(field, "unknown token '" + token + "' in '" + text
                        + "'; allowed: rN, kN, sNN, eX, iN, oN, seX, noskip"));
                continue;
            }
            if (m.group(3) != null) {
                noskip = true;
                continue;
            }
            String value = m.group(2);
            boolean integral = !m.group(1).equals("e") && !m.group(1).equals("se") && !m.group(1).equals("s");
            if (integral && integer(value) < 0) {
                violations.add(Violation.invalid(field, "'" + token + "' is out of range (at most "
                        + Integer.MAX_VALUE + ")"));
                continue;
            }
            switch (m.group(1)) {
                case "r" -> repeats = integer(value);
                case "k" -> kernel = integer(value);
                case "s" -> {
                    if (value.length() != 2 || value.charAt(0) != value.charAt(1)) {
                        violations.add(Violation.invalid(field, "strides 's" + value
                                + "' must be two equal digits, 11 or 22"));
                    } else {
                        stride = value.charAt(0) - '0';
                    }
                }
                case "e" -> expand = Double.parseDouble(value);
                case "i" -> in = integer(value);
                case "o" -> out = integer(value);
                default -> se = Double.parseDouble(value);
            }
        }
        if (violations.size() > before) {
            return null; // a token that is there but wrong: "lacks" would be the wrong complaint
        }
        requireToken(field, text, "r", repeats, violations);
        requireToken(field, text, "k", kernel, violations);
        requireToken(field, text, "s", stride, violations);
        requireToken(field, text, "e", expand, violations);
        requireToken(field, text, "i", in, violations);
        requireToken(field, text, "o", out, violations);
        if (violations.size() > before) {
            return null;
        }
        Block.Builder block = Block.newBuilder().setOp(ConvOp.INVERTED_BOTTLENECK).setKernelSize(kernel)
                .setStride(stride).setExpandRatio(expand).setOutChannels(out)
                .setSkip(noskip ? SkipOp.NONE : SkipOp.IDENTITY).setActivation(Activation.RELU);
        if (se > 0) {
            block.setSe(SqueezeExcite.newBuilder().setRatio(se).setBase(SeBase.INPUT)
                    .setRounding(SeRounding.FLOOR).setGate(SeGate.SIGMOID));
        }
        return new Parsed(Stage.newBuilder().setBlock(block).setRepeats(repeats).build(), in, out);
    }

    private static void requireToken(String field, String text, String token, double value,
                                     List<Violation> violations) {
        if (value < 0) {
            violations.add(Violation.invalid(field, "'" + text + "' lacks the '" + token + "' token"));
        }
    }

    /** The value, or -1 when it does not fit in an int (the pattern admits only digits). */
    private static int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static void require(boolean condition, String field, String message) {
        if (!condition) {
            throw new IllegalArgumentException("cannot write as a block string: " + field + ": " + message);
        }
    }
}
