package dev.onekycbridge.adapter.web;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpHeaders;

/** What a test request got back. */
record HttpResponseData(int status, HttpHeaders headers, String body) {
    JsonObject json() {
        return new JsonObject(body);
    }

    String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    String contentType() {
        return header("Content-Type");
    }
}
