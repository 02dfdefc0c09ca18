package dev.latm.model.spec;

/** Which channel count the squeeze-and-excitation ratio multiplies. */
public enum SeBase {
    /** The channels the SE gates (MobileNetV3). */
    EXPANDED,
    /** The block repeat's input channels (MnasNet, EfficientNet). */
    INPUT
}
