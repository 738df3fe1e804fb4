package io.shoplens.spark.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.recommend.common.Weighting;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SparkAlsParamsTest {
    @Test
    void defaultsAndTextRoundTrip() {
        SparkAlsParams d = SparkAlsParams.defaults();
        assertEquals(d, SparkAlsParams.from(Map.of()));
        assertEquals(d, SparkAlsParams.from(d.asMap()));
        SparkAlsParams p = SparkAlsParams.from(Map.of("rank", "8", "iterations", "3", "lambda", "0.5", "alpha", "1",
                "seed", "7", "master", "local[2]", "blocks", "2", "foldIn", "unknown", "weight.buy", "4"));
        assertEquals(new SparkAlsParams(8, 3, 0.5, 1, 7, "local[2]", 2, SparkAlsParams.UNKNOWN,
                new Weighting(1, 1, 1, 4, 0, false)), p);
        assertEquals(p, SparkAlsParams.from(p.asMap()));
        assertEquals("7", p.asMap().get("seed"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rank|0", "rank|x", "iterations|0", "lambda|-0.1", "lambda|NaN", "alpha|-1", "blocks|0",
        "foldIn|sometimes", "weight.pv|-1", "master|' '", "seed|1.5"})
    void badValuesAreRejectedNamingTheKey(String key, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkAlsParams.from(Map.of(key, value)));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void unknownKeysAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkAlsParams.from(Map.of("regParam", "0.1")));
        assertTrue(e.getMessage().contains("regParam"), e.getMessage());
    }

    @Test
    void theConstructorValidatesToo() {
        Weighting w = Weighting.binary();
        assertThrows(IllegalArgumentException.class, () -> new SparkAlsParams(0, 1, 0, 0, 1, "local", 1, "always", w));
        assertThrows(IllegalArgumentException.class,
                () -> new SparkAlsParams(1, 1, Double.POSITIVE_INFINITY, 0, 1, "local", 1, "always", w));
        assertThrows(IllegalArgumentException.class, () -> new SparkAlsParams(1, 1, 0, 0, 1, "", 1, "always", w));
        assertThrows(IllegalArgumentException.class, () -> new SparkAlsParams(1, 1, 0, 0, 1, "local", 1, "always",
                null));
    }
}
