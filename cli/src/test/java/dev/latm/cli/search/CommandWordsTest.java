package dev.latm.cli.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandWordsTest {

    @Test
    void splitsLikeAShellWithoutExpanding() {
        assertEquals(List.of("/bin/sh", "-c", "echo 0.7"), CommandWords.split("/bin/sh -c 'echo 0.7'"));
        assertEquals(List.of("python", "eval.py", "--arch={arch_json}"),
                CommandWords.split("  python eval.py   --arch={arch_json} "));
        assertEquals(List.of("a b", "c\"d", "e\\f", "$HOME"), CommandWords.split("\"a b\" c\\\"d 'e\\f' '$HOME'"));
        assertEquals(List.of("x", ""), CommandWords.split("x ''"));
        assertEquals(List.of("ab"), CommandWords.split("a'b'"));
    }

    @Test
    void brokenQuotingIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> CommandWords.split("sh -c 'echo"));
        assertThrows(IllegalArgumentException.class, () -> CommandWords.split("sh -c \"echo"));
        assertThrows(IllegalArgumentException.class, () -> CommandWords.split("echo \\"));
    }
}
