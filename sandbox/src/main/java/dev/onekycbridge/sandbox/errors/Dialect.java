package dev.onekycbridge.sandbox.errors;

/**
 * How an API family writes its error envelope: Esign pages show {@code code} as a string, the COE pages as an
 * integer; {@code entity} names the answering service where the pages show one.
 */
public enum Dialect {
    ESIGN_TOKEN(false, "ONEKYC_TOKEN_SERVICE"),
    ESIGN(false, "ESIGN_ADAPTER"),
    COE_TOKEN(true, "ONEKYC_TOKEN_SERVICE"),
    COE(true, null);

    private final boolean numericCodes;
    private final String entity;

    Dialect(boolean numericCodes, String entity) {
        this.numericCodes = numericCodes;
        this.entity = entity;
    }

    public boolean numericCodes() {
        return numericCodes;
    }

    /** The entity written into each error item, or null for none. */
    public String entity() {
        return entity;
    }

    /** The dialect of a platform path, used when the path's own handler is bypassed (injected faults). */
    public static Dialect ofPath(String path) {
        if (path.startsWith("/v1/coe/") || path.startsWith("/v2/coe/")) {
            return COE_TOKEN;
        }
        if (path.startsWith("/coe/")) {
            return COE;
        }
        if (path.startsWith("/v1/esign/")) {
            return ESIGN_TOKEN;
        }
        return ESIGN;
    }
}
