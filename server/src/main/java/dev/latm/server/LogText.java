package dev.latm.server;

import dev.latm.model.spec.ArchitectureNames;

/**
 * Client-supplied text made safe for one log line: control, format and separator characters escaped
 * ({@code \n}, {@code \0}, {@code \u202E}), backslashes doubled so an escape cannot be forged, and the
 * length bounded. Every log statement that prints something a client sent goes through here, so a
 * request can neither forge a log line nor make a 15-million-character one.
 */
public final class LogText {
    /** Characters of client text kept in a log line; the rest is counted, not printed. */
    public static final int MAX_CHARS = 200;

    private LogText() {
    }

    /** {@code text} escaped and cut to {@link #MAX_CHARS}; "null" for null. */
    public static String escape(CharSequence text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 16);
        int limit = Math.min(text.length(), MAX_CHARS);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\0' -> out.append("\\0");
                default -> {
                    // a surrogate pair is escaped too: log lines stay plain BMP text
                    if (!Character.isSurrogate(c) && ArchitectureNames.printable(c)) {
                        out.append(c);
                    } else {
                        out.append(String.format("\\u%04X", (int) c));
                    }
                }
            }
        }
        if (text.length() > limit) {
            out.append("...[").append(text.length() - limit).append(" more chars]");
        }
        return out.toString();
    }
}
