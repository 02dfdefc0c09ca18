package dev.latm.model.spec;

/**
 * What an architecture's {@code name} may be: at most {@value #MAX_LENGTH} characters, each printable.
 * A name is free text from a client that the server logs, stores and echoes in every response, so it
 * is bounded (a 15 MB name grew the store by 38 MB a request and broke clients' 4 MB receive limit)
 * and has no control or format characters (a newline forged log lines; a bidi override hides text).
 */
public final class ArchitectureNames {
    /** Most characters (Unicode code points) in a name. */
    public static final int MAX_LENGTH = 256;

    private ArchitectureNames() {
    }

    /** True when {@code name} may be logged, stored and echoed as it is. */
    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    /**
     * What is wrong with {@code name}, or null when nothing is. Never quotes the name: it may be
     * megabytes long or hold the very characters refused.
     */
    static String problem(String name) {
        int length = name.codePointCount(0, name.length());
        if (length > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters (got " + length + ")";
        }
        for (int index = 0; index < name.length(); ) {
            int c = name.codePointAt(index);
            if (!printable(c)) {
                return String.format("must be printable text: character U+%04X at index %d is not "
                        + "(control, format, separator or unpaired surrogate)", c, index);
            }
            index += Character.charCount(c);
        }
        return null;
    }

    /**
     * Whether a character (code point) is printable text: not a control, format or separator
     * character, an unpaired surrogate, unassigned or private use. The server's log escaping shares it.
     */
    public static boolean printable(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> false;
            default -> true;
        };
    }
}
