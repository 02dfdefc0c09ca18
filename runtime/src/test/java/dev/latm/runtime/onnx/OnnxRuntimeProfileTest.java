package dev.latm.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.TestArchitectures;
import dev.latm.model.ir.Layer;
import dev.latm.runtime.EngineOptions.GraphOptimization;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.LayerProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real ORT profiles read back in IR terms, at the fastest and the most rewritten optimisation levels. */
class OnnxRuntimeProfileTest {
    private static final OnnxRuntimeEngine ENGINE = OnnxRuntimeEngine.create();
    private static final CompiledArchitecture ARCH = TestArchitectures.preset("mobilenet_v3_small", 64, 1);

    @ParameterizedTest
    @EnumSource(value = GraphOptimization.class, names = {"NONE", "ALL"})
    void rowsAreIrLayersInOrderWithSharesSummingToOne(GraphOptimization level) {
        LayerProfile profile = ENGINE.profile(ARCH, new EngineOptions(1, level, false, 1), 3);
        assertEquals(3, profile.runs());
        assertTrue(profile.totalMs() > 0);
        List<String> irOrder = ARCH.network().layers().stream().map(Layer::name).collect(Collectors.toList());
        irOrder.add("(other)");
        List<String> rows = profile.layers().stream().map(LayerProfile.Row::name).toList();
        List<String> expectedOrder = new ArrayList<>(irOrder);
        expectedOrder.retainAll(rows);
        assertEquals(expectedOrder, rows, "every row is an IR layer (or other), in IR order");
        assertEquals(1.0, profile.layers().stream().mapToDouble(LayerProfile.Row::share).sum(), 1e-9);
        assertEquals(profile.totalMs(), profile.layers().stream().mapToDouble(LayerProfile.Row::meanMs).sum(), 1e-9);
        assertEquals(1.0, profile.groups().stream().mapToDouble(LayerProfile.Row::share).sum(), 1e-9);
        Set<String> groups = profile.groups().stream().map(LayerProfile.Row::name).collect(Collectors.toSet());
        assertTrue(groups.containsAll(Set.of("stem", "stages.0", "head")), groups.toString());
        assertTrue(rows.contains("stem") && rows.contains("head.classifier"), rows.toString());
    }

    /** Without graph rewrites every node is one latm wrote, so every layer has a row and none is other. */
    @Test
    void unoptimizedProfileHasARowForEveryLayerAndNoOther() {
        LayerProfile profile = ENGINE.profile(ARCH, new EngineOptions(1, GraphOptimization.NONE, false, 1), 2);
        assertEquals(ARCH.network().layers().stream().map(Layer::name).toList(),
                profile.layers().stream().map(LayerProfile.Row::name).toList());
    }

    @Test
    void leavesNoTraceFileBehind() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = profileDirectories(tmp);
        ENGINE.profile(ARCH, EngineOptions.DEFAULT, 1);
        assertEquals(before, profileDirectories(tmp));
    }

    @Test
    void rejectsZeroRuns() {
        assertThrows(IllegalArgumentException.class, () -> ENGINE.profile(ARCH, EngineOptions.DEFAULT, 0));
    }

    private static Set<Path> profileDirectories(Path tmp) throws IOException {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.filter(path -> path.getFileName().toString().startsWith("latm-ort-profile"))
                    .collect(Collectors.toSet());
        }
    }
}
