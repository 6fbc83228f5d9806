package dev.onekycbridge.adapter.persistence;

/** The key ring in use, shared by the stores; a rotation swaps it for all of them at once. */
final class Ciphers {
    private volatile DataCipher current;

    Ciphers(DataCipher initial) {
        this.current = initial;
    }

    DataCipher current() {
        return current;
    }

    void rotate(DataCipher next) {
        this.current = next;
    }
}
