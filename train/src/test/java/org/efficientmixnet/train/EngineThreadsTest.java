package org.efficientmixnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EngineThreadsTest {
    private String intra;
    private String inter;

    @BeforeEach
    void save() {
        intra = System.getProperty(EngineThreads.INTRA);
        inter = System.getProperty(EngineThreads.INTER);
        System.clearProperty(EngineThreads.INTRA);
        System.clearProperty(EngineThreads.INTER);
    }

    @AfterEach
    void restore() {
        set(EngineThreads.INTRA, intra);
        set(EngineThreads.INTER, inter);
    }

    private static void set(String k, String v) {
        if (v == null) {
            System.clearProperty(k);
        } else {
            System.setProperty(k, v);
        }
    }

    @Test
    void defaultIsOneIntraOpThreadPerCoreAndOneInterOpThread() {
        EngineThreads.configure(0);
        assertEquals(Integer.toString(Runtime.getRuntime().availableProcessors()), System.getProperty(EngineThreads.INTRA));
        assertEquals("1", System.getProperty(EngineThreads.INTER));
    }

    @Test
    void anExplicitCountWinsAndAUserPropertyIsKeptByTheDefault() {
        EngineThreads.configure(3);
        assertEquals("3", System.getProperty(EngineThreads.INTRA));
        assertEquals("1", System.getProperty(EngineThreads.INTER));
        System.setProperty(EngineThreads.INTRA, "5");
        System.setProperty(EngineThreads.INTER, "2");
        EngineThreads.configure(0);
        assertEquals("5", System.getProperty(EngineThreads.INTRA));
        assertEquals("2", System.getProperty(EngineThreads.INTER));
        assertThrows(IllegalArgumentException.class, () -> EngineThreads.configure(-1));
    }
}
