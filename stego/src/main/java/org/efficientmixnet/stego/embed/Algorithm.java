package org.efficientmixnet.stego.embed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One embedding algorithm as data: its name, {@link Domain} (and with it the payload unit), its cost function
 * (the default and any named variants), the {@link Simulator} that turns costs into a stego, and the reference
 * it follows. The known algorithms are listed in {@link Algorithms}; an algorithm's class declares its own
 * {@code Algorithm} and the registry holds one line for it.
 *
 * <p>An instance has one selected variant ({@value #DEFAULT} unless chosen with {@link #variant(String)});
 * {@link #costs} and {@link #embed} use it.
 */
public final class Algorithm {
    /** The name of every algorithm's default variant. */
    public static final String DEFAULT = "default";

    private final String id;
    private final Domain domain;
    private final Simulator simulator;
    private final String reference;
    private final Map<String, CostFunction> variants;
    /** Variants with a simulator of their own (the others use {@link #simulator}). */
    private final Map<String, Simulator> simulators;
    private final String variant;

    private Algorithm(String id, Domain domain, Simulator simulator, String reference,
                      Map<String, CostFunction> variants, Map<String, Simulator> simulators, String variant) {
        this.id = id;
        this.domain = domain;
        this.simulator = simulator;
        this.reference = reference;
        this.variants = variants;
        this.simulators = simulators;
        this.variant = variant;
    }

    /**
     * A new algorithm.
     *
     * @param id        lower-case command-line name, e.g. {@code j-uniward}
     * @param reference the paper and the implementation whose numbers the default reproduces
     * @param costs     the default cost function
     */
    public static Algorithm of(String id, Domain domain, Simulator simulator, String reference, CostFunction costs) {
        if (id == null || !id.matches("[a-z0-9]+(-[a-z0-9]+)*") || domain == null || simulator == null
                || costs == null) {
            throw new IllegalArgumentException("algorithm needs a lower-case id, a domain, a simulator and a cost"
                    + " function, got id " + id);
        }
        Map<String, CostFunction> v = new LinkedHashMap<>();
        v.put(DEFAULT, costs);
        return new Algorithm(id, domain, simulator, reference == null ? "" : reference,
                Collections.unmodifiableMap(v), Map.of(), DEFAULT);
    }

    /** This algorithm with one more named cost-function variant (the default stays selected). */
    public Algorithm withVariant(String name, CostFunction costs) {
        return withVariant(name, costs, null);
    }

    /**
     * This algorithm with one more named variant that has its own simulator (e.g. a real embedder instead of
     * the simulation); {@code simulator} null means the algorithm's.
     */
    public Algorithm withVariant(String name, CostFunction costs, Simulator simulator) {
        if (name == null || !name.matches("[a-z0-9]+(-[a-z0-9]+)*") || variants.containsKey(name) || costs == null) {
            throw new IllegalArgumentException(id + ": variant name '" + name + "' is not a new lower-case name");
        }
        Map<String, CostFunction> v = new LinkedHashMap<>(variants);
        v.put(name, costs);
        Map<String, Simulator> s = new LinkedHashMap<>(simulators);
        if (simulator != null) {
            s.put(name, simulator);
        }
        return new Algorithm(id, domain, this.simulator, reference, Collections.unmodifiableMap(v),
                Collections.unmodifiableMap(s), variant);
    }

    /** The same algorithm with the named variant selected ({@value #DEFAULT} or null for the default). */
    public Algorithm variant(String name) {
        String n = name == null ? DEFAULT : name.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        if (!variants.containsKey(n)) {
            throw new IllegalArgumentException("unknown variant '" + name + "' of " + id + "; expected one of "
                    + String.join(", ", variants.keySet()));
        }
        return n.equals(variant) ? this : new Algorithm(id, domain, simulator, reference, variants, simulators, n);
    }

    public String id() {
        return id;
    }

    public Domain domain() {
        return domain;
    }

    /** True for the JPEG domain. */
    public boolean jpeg() {
        return domain == Domain.JPEG;
    }

    /** {@code bpp} or {@code bpnzac}. */
    public String payloadUnit() {
        return domain.payloadUnit();
    }

    /** The selected variant's simulator (the algorithm's, unless the variant brings its own). */
    public Simulator simulator() {
        return simulators.getOrDefault(variant, simulator);
    }

    /** Paper and reference implementation of the default. */
    public String reference() {
        return reference;
    }

    /** The selected variant's name. */
    public String selectedVariant() {
        return variant;
    }

    /** All variant names, the default first. */
    public List<String> variants() {
        return new ArrayList<>(variants.keySet());
    }

    /** The selected variant's cost function. */
    public CostFunction costFunction() {
        return variants.get(variant);
    }

    /** The id, with {@code :variant} appended unless the default is selected (as manifests record it). */
    public String name() {
        return variant.equals(DEFAULT) ? id : id + ":" + variant;
    }

    /** Costs of grayscale pixels (spatial algorithms). */
    public CostMap costs(int[][] pixels) {
        requireDomain(Domain.SPATIAL);
        return costFunction().costs(pixels, null);
    }

    /** Costs of one JPEG component with its quantization table (JPEG algorithms). */
    public CostMap costs(int[][] coefficients, int[] quantTable) {
        requireDomain(Domain.JPEG);
        return costFunction().costs(coefficients, quantTable);
    }

    /** Cost maps of every component (quantization tables null for spatial algorithms). */
    public CostMap[] costs(int[][][] components, int[][] quantTables) {
        if (components == null || components.length == 0) {
            throw new IllegalArgumentException(id + ": no cover components given");
        }
        if (domain == Domain.JPEG && (quantTables == null || components.length != quantTables.length)) {
            throw new IllegalArgumentException("need one quantization table per component, got "
                    + components.length + " components and "
                    + (quantTables == null ? "null" : quantTables.length) + " tables");
        }
        CostMap[] costs = new CostMap[components.length];
        CostFunction f = costFunction();
        for (int i = 0; i < components.length; i++) {
            costs[i] = f.costs(components[i], quantTables == null ? null : quantTables[i]);
        }
        return costs;
    }

    /** Simulates embedding {@code payload} bits per pixel into grayscale pixels. */
    public Simulation embed(int[][] pixels, double payload, long seed) {
        requireDomain(Domain.SPATIAL);
        return embed(new int[][][] {pixels}, null, payload, seed);
    }

    /**
     * Simulates embedding into every component jointly (one payload over all of them): costs, then the
     * simulator. Spatial algorithms take {@code quantTables} null.
     */
    public Simulation embed(int[][][] components, int[][] quantTables, double payload, long seed) {
        CostMap[] costs = costs(components, quantTables);   // checks the domain and the tables first
        if (domain == Domain.JPEG) {
            DctLayout.requireNonZeroAc(DctLayout.nonZeroAc(components), payload, name());
        }
        return simulator().simulate(components, costs, domain.payload(payload, components), seed);
    }

    private void requireDomain(Domain d) {
        if (domain != d) {
            throw new IllegalArgumentException(id + (domain == Domain.JPEG ? " embeds into JPEG coefficients, not pixels"
                    : " embeds into pixels, not JPEG coefficients"));
        }
    }

    /** The registered algorithm of that name; see {@link Algorithms#get}. */
    public static Algorithm fromId(String name) {
        return Algorithms.get(name);
    }

    /** Every registered algorithm; see {@link Algorithms#all}. */
    public static List<Algorithm> values() {
        return Algorithms.all();
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Algorithm a && a.id.equals(id) && a.variant.equals(variant);
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + variant.hashCode();
    }
}
