package dev.onekycbridge.adapter.persistence;

/** Finding a value's bytes in what was written to disk: the tests that prove only ciphertext is there. */
final class ByteSearch {
    private ByteSearch() {
    }

    /** Where {@code needle} first occurs in {@code haystack}, or -1. */
    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
