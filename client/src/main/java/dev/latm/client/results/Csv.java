package dev.latm.client.results;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV, the one writer and reader of every latm table: a field holding a comma, a quote or
 * a line break is quoted, quotes doubled. Rows end in LF (the reader takes CRLF too).
 */
public final class Csv {
    private Csv() {
    }

    /** One row with its line break: each value as text, null as an empty field. */
    public static String row(List<?> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            String field = fields.get(i) == null ? "" : fields.get(i).toString();
            if (field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                    || field.indexOf('\r') >= 0) {
                line.append('"').append(field.replace("\"", "\"\"")).append('"');
            } else {
                line.append(field);
            }
        }
        return line.append('\n').toString();
    }

    /**
     * Every row of {@code text}, quoted fields unquoted.
     *
     * @throws IllegalArgumentException on an unterminated quoted field
     */
    public static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean rowStarted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                rowStarted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                rowStarted = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (rowStarted || field.length() > 0) {
                    row.add(field.toString());
                    rows.add(row);
                }
                row = new ArrayList<>();
                field.setLength(0);
                rowStarted = false;
            } else {
                field.append(c);
                rowStarted = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quoted field at the end of the CSV");
        }
        if (rowStarted || field.length() > 0) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
