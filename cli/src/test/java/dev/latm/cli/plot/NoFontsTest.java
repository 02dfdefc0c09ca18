package dev.latm.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JRE without fonts (a minimal container image) still draws charts, without text. Checked for real
 * in a fresh JVM that cannot see the system's fonts: {@code unshare} gives it a private mount
 * namespace with an empty folder over /usr/share/fonts and fontconfig pointed at an empty
 * configuration. Skipped, with the reason, where user namespaces are not allowed.
 */
class NoFontsTest {
    @TempDir
    Path dir;

    /** The child: draws {@link Charts#sample()} to {@code args[0]} and says whether it had text. */
    public static void main(String[] args) throws IOException {
        Charts.sample().writePng(Path.of(args[0]));
        System.out.println("text=" + Figure.hasText());
    }

    @Test
    void aJreWithoutFontsDrawsTheChartWithoutText() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("no-fonts"));
        Path config = Files.writeString(dir.resolve("fonts.conf"),
                "<?xml version=\"1.0\"?>\n<fontconfig></fontconfig>\n");
        Path png = dir.resolve("chart.png");
        Path output = dir.resolve("output.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assumeTrue(run(List.of("unshare", "-rm", "true"), output) == 0,
                "unshare cannot make a user and mount namespace here: " + Files.readString(output));

        String script = "mount --bind \"$1\" /usr/share/fonts && exec \"$2\" -cp \"$3\" " + NoFontsTest.class.getName()
                + " \"$4\"";
        int exit = run(List.of("unshare", "-rm", "sh", "-c", script, "sh", empty.toString(), java,
                System.getProperty("java.class.path"), png.toString()), output, "FONTCONFIG_FILE", config.toString());
        String printed = Files.readString(output, StandardCharsets.UTF_8);

        assertEquals(0, exit, printed);
        assumeTrue(printed.contains("text=false"), "fonts were still found: " + printed);
        assertTrue(printed.contains("no usable font (java.lang.Error: Probable fatal error: No physical fonts found.)"
                + ": charts are drawn without text"), "the warning says why: " + printed);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(2 * Figure.WIDTH, image.getWidth());
        assertEquals(Figure.HEIGHT, image.getHeight());
    }

    private static int run(List<String> command, Path output, String... environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        for (int i = 0; i < environment.length; i += 2) {
            builder.environment().put(environment[i], environment[i + 1]);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            Files.writeString(output, e.toString());
            return -1;
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in 60 s");
        }
        return process.exitValue();
    }
}
