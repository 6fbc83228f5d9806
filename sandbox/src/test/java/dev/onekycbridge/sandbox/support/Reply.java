package dev.onekycbridge.sandbox.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpHeaders;

/** An HTTP answer as the test saw it. */
public record Reply(int status, HttpHeaders headers, String body) {

    public JsonObject json() {
        return new JsonObject(body);
    }

    /** The {@code data} of a platform envelope. */
    public JsonObject data() {
        return json().getJsonObject("data");
    }

    public JsonArray errors() {
        return json().getJsonArray("errors");
    }

    public JsonObject firstError() {
        return errors().getJsonObject(0);
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }
}
