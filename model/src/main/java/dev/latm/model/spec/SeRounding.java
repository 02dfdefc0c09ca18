package dev.latm.model.spec;

/** How the squeezed channel count of an SE module is rounded. */
public enum SeRounding {
    /** make_divisible(floor(base * ratio), 8), as torchvision's MobileNetV3. */
    MAKE_DIVISIBLE_8,
    /** max(1, floor(base * ratio)), as tensorflow/tpu MnasNet. */
    FLOOR
}
