package dev.onekycbridge.core.port.in;

/** A consent text in one locale, unchecked. */
public record ConsentTextForm(String url, String text) {
}
