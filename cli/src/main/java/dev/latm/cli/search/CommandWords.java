package dev.latm.cli.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words the way a POSIX shell does for the simple cases: whitespace
 * separates, 'single quotes' keep everything literally, "double quotes" keep spaces and allow
 * \" and \\, a backslash outside quotes escapes the next character. No variables, globs or pipes:
 * the words go straight to {@link ProcessBuilder}, so an architecture JSON put in one of them
 * can never be read as shell syntax. (Wrap the command in {@code sh -c '...'} for a pipeline.)
 */
final class CommandWords {
    private CommandWords() {
    }

    /**
     * @throws IllegalArgumentException on an unterminated quote or a trailing backslash
     */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated ' in: " + line);
                }
                word.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                i = doubleQuoted(line, i + 1, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 == line.length()) {
                    throw new IllegalArgumentException("trailing \\ in: " + line);
                }
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends a double-quoted section starting at {@code start}; returns the index of its closing quote. */
    private static int doubleQuoted(String line, int start, StringBuilder word) {
        for (int i = start; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                c = line.charAt(++i);
            }
            word.append(c);
        }
        throw new IllegalArgumentException("unterminated \" in: " + line);
    }
}
