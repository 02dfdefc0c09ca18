package dev.latm.cli.search;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Completes the protobuf JSON parser's two commonest messages with what is allowed: "Cannot find
 * field: kernal in message latm.v1.StageChoices" gets the message's keys, "Invalid enum value" the
 * enum's names. The parser's own text stays first, so nothing it says is lost.
 */
final class ProtoJsonErrors {
    private static final Pattern UNKNOWN_KEY = Pattern.compile("Cannot find field: (\\S+) in message (\\S+)");
    private static final Pattern UNKNOWN_ENUM = Pattern.compile("Invalid enum value: \\S+ for enum type: (\\S+)");

    private ProtoJsonErrors() {
    }

    /** {@code parserMessage}, with the allowed keys or names when its type is defined in one of {@code files}. */
    static String explain(String parserMessage, FileDescriptor... files) {
        Matcher key = UNKNOWN_KEY.matcher(parserMessage);
        if (key.find()) {
            Descriptor type = find(key.group(2), FileDescriptor::findMessageTypeByName, files);
            if (type != null) {
                return "unknown key '" + key.group(1) + "' in " + key.group(2) + "; allowed: "
                        + type.getFields().stream().map(FieldDescriptor::getName).collect(Collectors.joining(", "));
            }
        }
        Matcher value = UNKNOWN_ENUM.matcher(parserMessage);
        if (value.find()) {
            EnumDescriptor type = find(value.group(1), FileDescriptor::findEnumTypeByName, files);
            if (type != null) {
                return parserMessage + "; allowed: " + type.getValues().stream().filter(v -> v.getNumber() != 0)
                        .map(EnumValueDescriptor::getName).collect(Collectors.joining(", "));
            }
        }
        return parserMessage;
    }

    /** A top-level type of one of {@code files} by its full name, or null. */
    private static <T> T find(String fullName, BiFunction<FileDescriptor, String, T> byName, FileDescriptor[] files) {
        for (FileDescriptor file : List.of(files)) {
            if (fullName.startsWith(file.getPackage() + ".")) {
                T type = byName.apply(file, fullName.substring(file.getPackage().length() + 1));
                if (type != null) {
                    return type;
                }
            }
        }
        return null;
    }
}
