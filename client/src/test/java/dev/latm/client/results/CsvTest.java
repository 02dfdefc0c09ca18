package dev.latm.client.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void quotesOnlyWhatNeedsItAndReadsItBack() {
        List<String> fields = List.of("plain", "a,b", "say \"hi\"", "two\nlines", "", "{\"k\":[1,2]}");
        String row = Csv.row(fields);
        assertEquals("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\"{\"\"k\"\":[1,2]}\"\n", row);
        assertEquals(List.of(fields, List.of("x", "y")), Csv.parse(row + "x,y\n"));
    }

    @Test
    void writesValuesAsTextAndAbsentAsAnEmptyField() {
        assertEquals("1,2.5,true,,x\n", Csv.row(java.util.Arrays.asList(1, 2.5, true, null, "x")));
    }

    @Test
    void readsCrLfAndALastRowWithoutLineBreak() {
        assertEquals(List.of(List.of("a", "b"), List.of("c", "")), Csv.parse("a,b\r\nc,"));
        assertEquals(List.of(), Csv.parse(""));
    }

    @Test
    void anUnterminatedQuoteIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Csv.parse("a,\"b\n"));
    }
}
